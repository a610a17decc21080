package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.SessionTicketTest;
import dev.clasp.it.TestPki;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code openssl s_client}'s "R" command (a client-initiated renegotiation) against a Clasp SSLServerSocket:
 * refused with a no_renegotiation warning by default, carried out with
 * {@code jdk.tls.rejectClientInitiatedRenegotiation=false}; and a Clasp server-initiated renegotiation that
 * s_client answers.
 */
class OpenSslRenegotiationTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void requireOpenSsl() {
        NativeProcess.require("openssl");
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static SSLContext server(boolean allowClientInitiated) throws Exception {
        return SessionTicketTest.withProperty("jdk.tls.rejectClientInitiatedRenegotiation",
                Boolean.toString(!allowClientInitiated), () -> TestPki.context(TestPki.Peer.CLASP, "server-ec256.p12"));
    }

    private static List<String> sClient(int port) {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", "localhost", "-tls1_2", "-CAfile", "root-ca.crt", "-verify_return_error"));  // no -ign_eof: with it s_client ignores the R command
        return cmd;
    }

    private static void line(SSLSocket s, String text) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write((text + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Serves one connection: answers "ping" lines with "pong" lines until EOF; returns the sessions seen. */
    private Future<List<SSLSession>> serve(SSLServerSocket ss, AtomicInteger handshakes, boolean renegotiateAfterFirst) {
        return pool.submit(() -> {
            List<SSLSession> seen = new ArrayList<>();
            try (SSLSocket s = (SSLSocket) ss.accept()) {
                s.setSoTimeout((int) TIMEOUT.toMillis());
                s.addHandshakeCompletedListener(e -> handshakes.incrementAndGet());
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                try {
                    for (String l = in.readLine(); l != null; l = in.readLine()) {
                        seen.add(s.getSession());
                        line(s, "pong " + l);
                        if (renegotiateAfterFirst && seen.size() == 1) {
                            s.startHandshake();
                        }
                    }
                } catch (java.io.IOException e) {
                    // s_client ends the connection its own way after a refused renegotiation
                }
                seen.add(s.getSession());
            }
            return seen;
        });
    }

    /** Listeners run on their own thread (as SunJSSE's): wait, bounded, for the count. */
    private static boolean awaitCount(AtomicInteger n, int expected) throws InterruptedException {
        for (int i = 0; i < 200 && n.get() < expected; i++) {
            Thread.sleep(50);
        }
        return n.get() == expected;
    }

    private static NativeProcess run(int port, String stdin) throws Exception {
        NativeProcess client = NativeProcess.start(sClient(port));
        client.stdin().write(stdin.getBytes(StandardCharsets.US_ASCII));
        client.stdin().flush();
        return client;
    }

    @Test
    void clientInitiatedRefusedByDefault() throws Exception {
        AtomicInteger handshakes = new AtomicInteger();
        try (SSLServerSocket ss = (SSLServerSocket) server(false).getServerSocketFactory()
                .createServerSocket(0, 5, NativePeers.LOOPBACK)) {
            ss.setSoTimeout((int) TIMEOUT.toMillis());
            Future<List<SSLSession>> served = serve(ss, handshakes, false);
            try (NativeProcess client = run(ss.getLocalPort(), "one\n")) {
                assertTrue(client.awaitOutput("pong one", TIMEOUT), client.describe());
                client.stdin().write("R\n".getBytes(StandardCharsets.US_ASCII));
                client.stdin().flush();
                assertTrue(client.awaitOutput("RENEGOTIATING", TIMEOUT), client.describe());
                // OpenSSL treats a no_renegotiation answer to its own renegotiation as fatal.
                assertTrue(client.awaitOutput("no renegotiation", TIMEOUT), client.describe());
                client.closeStdin();
                client.awaitExit(TIMEOUT);
                List<SSLSession> seen = served.get(30, TimeUnit.SECONDS);
                assertSame(seen.get(0), seen.get(seen.size() - 1), "the server kept its session");
            }
        }
    }

    @Test
    void clientInitiatedAllowedByProperty() throws Exception {
        AtomicInteger handshakes = new AtomicInteger();
        try (SSLServerSocket ss = (SSLServerSocket) server(true).getServerSocketFactory()
                .createServerSocket(0, 5, NativePeers.LOOPBACK)) {
            ss.setSoTimeout((int) TIMEOUT.toMillis());
            Future<List<SSLSession>> served = serve(ss, handshakes, false);
            try (NativeProcess client = run(ss.getLocalPort(), "one\n")) {
                assertTrue(client.awaitOutput("pong one", TIMEOUT), client.describe());
                client.stdin().write("R\n".getBytes(StandardCharsets.US_ASCII));
                client.stdin().flush();
                assertTrue(client.awaitOutput("RENEGOTIATING", TIMEOUT), client.describe());
                client.stdin().write("two\n".getBytes(StandardCharsets.US_ASCII));
                client.stdin().flush();
                assertTrue(client.awaitOutput("pong two", TIMEOUT), client.describe());
                client.closeStdin();
                client.awaitExit(TIMEOUT);
                List<SSLSession> seen = served.get(30, TimeUnit.SECONDS);
                assertNotSame(seen.get(0), seen.get(1), "a new session after renegotiation\n" + client.describe());
                assertTrue(awaitCount(handshakes, 2), "the listener fired for both handshakes: " + handshakes);
                assertTrue(!client.output().contains("error"), client.describe());
            }
        }
    }

    @Test
    void serverInitiatedAnsweredByOpenssl() throws Exception {
        AtomicInteger handshakes = new AtomicInteger();
        try (SSLServerSocket ss = (SSLServerSocket) server(false).getServerSocketFactory()
                .createServerSocket(0, 5, NativePeers.LOOPBACK)) {
            ss.setSoTimeout((int) TIMEOUT.toMillis());
            Future<List<SSLSession>> served = serve(ss, handshakes, true);
            try (NativeProcess client = run(ss.getLocalPort(), "one\n")) {
                assertTrue(client.awaitOutput("pong one", TIMEOUT), client.describe());
                client.stdin().write("two\n".getBytes(StandardCharsets.US_ASCII));
                client.stdin().flush();
                assertTrue(client.awaitOutput("pong two", TIMEOUT), client.describe());
                client.closeStdin();
                client.awaitExit(TIMEOUT);
                List<SSLSession> seen = served.get(30, TimeUnit.SECONDS);
                assertNotSame(seen.get(0), seen.get(1), "renegotiated before the second line\n" + client.describe());
                assertTrue(awaitCount(handshakes, 2), "the listener fired for both handshakes: " + handshakes);
            }
        }
    }
}
