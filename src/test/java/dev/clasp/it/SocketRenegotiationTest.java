package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki.Peer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HandshakeCompletedEvent;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 5746 renegotiation on SSLSocket over loopback: startHandshake() on an established socket renegotiates
 * (server-initiated with a client certificate requested, or client-initiated), the peer handles it inside its
 * read(), data flows before and after, and HandshakeCompletedListener fires again on Clasp's side.
 */
@Timeout(60)
class SocketRenegotiationTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static void line(SSLSocket s, String text) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @ParameterizedTest(name = "{0} client, {1} server, client starts: {2}")
    @CsvSource({"CLASP, CLASP, false", "CLASP, CLASP, true", "SUNJSSE, CLASP, false", "CLASP, SUNJSSE, false",
            "CLASP, SUNJSSE, true"})
    void renegotiatesOnSockets(Peer clientPeer, Peer serverPeer, boolean clientStarts) throws Exception {
        SSLContext sctx = SessionTicketTest.withProperty("jdk.tls.rejectClientInitiatedRenegotiation", "false",
                () -> TestPki.context(serverPeer, "server-ec256.p12"));
        SSLContext cctx = TestPki.context(clientPeer, "client-ec.p12");
        LinkedBlockingQueue<HandshakeCompletedEvent> clientEvents = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<HandshakeCompletedEvent> serverEvents = new LinkedBlockingQueue<>();
        try (SSLServerSocket ss = (SSLServerSocket) sctx.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ss.setSoTimeout(30_000);
            Future<SSLSession[]> server = pool.submit(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(30_000);
                    s.addHandshakeCompletedListener(serverEvents::add);
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    assertEquals("hello", in.readLine());
                    SSLSession first = s.getSession();
                    if (!clientStarts) {
                        s.setNeedClientAuth(true);
                        s.startHandshake();           // HelloRequest; the client answers from its read()
                    }
                    line(s, "after");
                    // Echo until "quit": a peer that renegotiates asynchronously (SunJSSE) finishes meanwhile.
                    for (String l = in.readLine(); l != null && !l.equals("quit"); l = in.readLine()) {
                        line(s, l);
                    }
                    line(s, "done");
                    return new SSLSession[] {first, s.getSession()};
                }
            });
            try (SSLSocket c = (SSLSocket) cctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                    ss.getLocalPort())) {
                c.setSoTimeout(30_000);
                c.addHandshakeCompletedListener(clientEvents::add);
                BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
                line(c, "hello");
                SSLSession first = c.getSession();
                if (clientStarts) {
                    c.startHandshake();
                }
                assertEquals("after", in.readLine());
                for (int i = 0; i < 50 && (c.getSession() == first || clientPeer != Peer.CLASP && i < 5); i++) {
                    line(c, "ping " + i);              // records of the old keys, then of the new ones
                    assertEquals("ping " + i, in.readLine());
                }
                line(c, "quit");
                assertEquals("done", in.readLine());
                SSLSession[] serverSessions = server.get(30, TimeUnit.SECONDS);
                assertNotSame(first, c.getSession(), "the client has a new session");
                assertNotSame(serverSessions[0], serverSessions[1], "the server has a new session");
                if (!clientStarts) {
                    X509Certificate leaf = (X509Certificate) serverSessions[1].getPeerCertificates()[0];
                    assertTrue(leaf.getSubjectX500Principal().getName().contains("CN=clasp-client-ec"), leaf.toString());
                }
                if (clientPeer == Peer.CLASP) {
                    assertTrue(clientEvents.poll(10, TimeUnit.SECONDS) != null, "first handshake event");
                    HandshakeCompletedEvent second = clientEvents.poll(10, TimeUnit.SECONDS);
                    assertTrue(second != null, "the listener fired again after renegotiation");
                    assertEquals(c.getSession(), second.getSession());
                }
                if (serverPeer == Peer.CLASP) {
                    assertTrue(serverEvents.poll(10, TimeUnit.SECONDS) != null);
                    assertTrue(serverEvents.poll(10, TimeUnit.SECONDS) != null, "the server's listener fired again");
                }
            }
        }
    }
}
