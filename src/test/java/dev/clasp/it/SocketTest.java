package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.clasp.it.TestPki.Peer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.HandshakeCompletedEvent;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SSLSocket and SSLServerSocket over loopback: Clasp against itself and SunJSSE, both roles. */
@Timeout(60)
class SocketTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static SSLServerSocket listen(SSLContext ctx) throws IOException {
        SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ss.setSoTimeout(30_000);
        return ss;
    }

    /** Echo server: reads a 4-byte length, echoes that many bytes, then closes. */
    private Future<Void> echoOnce(SSLServerSocket ss) {
        return pool.submit(() -> {
            try (Socket s = ss.accept()) {
                s.setSoTimeout(30_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                int n = in.readInt();
                byte[] buf = in.readNBytes(n);
                s.getOutputStream().write(buf);
                s.getOutputStream().flush();
            }
            return null;
        });
    }

    @ParameterizedTest(name = "{0} client -> {1} server")
    @CsvSource({"CLASP, CLASP", "CLASP, SUNJSSE", "SUNJSSE, CLASP", "CLASP, BCJSSE", "BCJSSE, CLASP"})
    void echoesHundredsOfKilobytesBothWays(Peer clientPeer, Peer serverPeer) throws Exception {
        SSLContext sctx = TestPki.context(serverPeer, "server-ec256.p12");
        SSLContext cctx = TestPki.context(clientPeer, null);
        try (SSLServerSocket ss = listen(sctx)) {
            Future<Void> server = echoOnce(ss);
            byte[] data = new byte[300_000];
            new Random(1).nextBytes(data);
            try (SSLSocket s = (SSLSocket) cctx.getSocketFactory().createSocket("localhost", ss.getLocalPort())) {
                s.setSoTimeout(30_000);
                // writer and reader on different threads at the same time
                Future<Void> writer = pool.submit(() -> {
                    OutputStream out = s.getOutputStream();
                    out.write(new byte[] {0, 4, (byte) 0x93, (byte) 0xE0}); // 300000
                    for (int off = 0; off < data.length; off += 7000) {
                        out.write(data, off, Math.min(7000, data.length - off));
                    }
                    out.flush();
                    return null;
                });
                byte[] got = s.getInputStream().readNBytes(data.length);
                writer.get(30, TimeUnit.SECONDS);
                assertArrayEquals(data, got);
                assertEquals("TLSv1.2", s.getSession().getProtocol());
                assertEquals(-1, s.getInputStream().read(), "server's close_notify ends the stream");
            }
            server.get(30, TimeUnit.SECONDS);
        }
    }

    private static int capacity(SSLSocket s, String field) throws ReflectiveOperationException {
        java.lang.reflect.Field f = s.getClass().getDeclaredField(field);
        f.setAccessible(true);
        return ((java.nio.ByteBuffer) f.get(s)).capacity();
    }

    /**
     * A Clasp socket's read buffers start small and grow only when a record needs it: a socket that handshakes
     * (RSA chain) and exchanges a few bytes keeps a few KB there, not two full-size 16 KB buffers; full 16 KiB
     * records in both directions then grow them and arrive intact. (The write buffer is full-size from the first
     * wrap: an engine asks for room for its largest record, as SunJSSE's does.)
     */
    @Test
    void buffersStartSmallAndGrowForFullRecords() throws Exception {
        SSLContext sctx = TestPki.context(Peer.CLASP, "server-rsa.p12");
        SSLContext cctx = TestPki.context(Peer.CLASP, null);
        byte[] big = new byte[3 * 16384 + 100];
        new Random(7).nextBytes(big);
        try (SSLServerSocket ss = listen(sctx)) {
            Future<int[]> server = pool.submit(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(30_000);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    int b = in.read();
                    s.getOutputStream().write(b + 1);
                    s.getOutputStream().flush();
                    int small = Math.max(capacity(s, "netIn"), capacity(s, "appIn"));
                    byte[] got = in.readNBytes(big.length);
                    s.getOutputStream().write(got); // back in full records
                    s.getOutputStream().flush();
                    in.read(); // the client's close_notify
                    return new int[] {small, capacity(s, "netIn"), capacity(s, "netOut"), capacity(s, "appIn")};
                }
            });
            try (SSLSocket s = (SSLSocket) cctx.getSocketFactory().createSocket("localhost", ss.getLocalPort())) {
                s.setSoTimeout(30_000);
                s.getOutputStream().write(41);
                s.getOutputStream().flush();
                assertEquals(42, s.getInputStream().read());
                for (String f : new String[] {"netIn", "appIn"}) {
                    assertTrue(capacity(s, f) <= 8192, f + " after a handshake and one byte: " + capacity(s, f));
                }
                s.getOutputStream().write(big);
                s.getOutputStream().flush();
                assertArrayEquals(big, s.getInputStream().readNBytes(big.length));
                int packet = s.getSession().getPacketBufferSize();
                assertTrue(capacity(s, "netOut") >= packet && capacity(s, "netIn") >= packet
                        && capacity(s, "appIn") >= 16384, "grown for full records");
            }
            int[] caps = server.get(30, TimeUnit.SECONDS);
            assertTrue(caps[0] <= 8192, "server buffers after the handshake and one byte: " + caps[0]);
            assertTrue(caps[1] >= 16384 && caps[2] >= 16384 && caps[3] >= 16384, "server grew for full records");
        }
    }

    @Test
    void layeredOverPlainSocketAndListenerAndTimeout() throws Exception {
        SSLContext sctx = TestPki.context(Peer.CLASP, "server-rsa.p12");
        SSLContext cctx = TestPki.context(Peer.CLASP, null);
        CountDownLatch release = new CountDownLatch(1);
        try (SSLServerSocket ss = listen(sctx)) {
            Future<Void> server = pool.submit(() -> {
                try (Socket s = ss.accept()) {
                    s.getOutputStream().write("first".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    release.await(30, TimeUnit.SECONDS);
                    s.getOutputStream().write("second".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.getInputStream().read();   // wait for the client's close_notify
                }
                return null;
            });
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
                SSLSocket s = (SSLSocket) cctx.getSocketFactory().createSocket(plain, "localhost", ss.getLocalPort(), true);
                CompletableFuture<HandshakeCompletedEvent> done = new CompletableFuture<>();
                s.addHandshakeCompletedListener(done::complete);
                s.startHandshake();
                HandshakeCompletedEvent ev = done.get(10, TimeUnit.SECONDS);
                assertEquals(s, ev.getSocket());
                assertEquals(s.getSession().getCipherSuite(), ev.getCipherSuite());

                InputStream in = s.getInputStream();
                assertArrayEquals("first".getBytes(StandardCharsets.US_ASCII), in.readNBytes(5));
                s.setSoTimeout(200);
                assertThrows(SocketTimeoutException.class, () -> in.read());
                release.countDown();
                s.setSoTimeout(10_000);
                assertArrayEquals("second".getBytes(StandardCharsets.US_ASCII), in.readNBytes(6),
                        "a timeout leaves the connection usable");
                s.close();
                assertTrue(plain.isClosed(), "autoClose closes the underlying socket");
            }
            server.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void unconnectedSocketConnectsLaterAndClientAuthIsInherited() throws Exception {
        SSLContext sctx = TestPki.context(Peer.CLASP, "server-ec384.p12");
        SSLContext cctx = TestPki.context(Peer.CLASP, "client-rsa.p12");
        try (SSLServerSocket ss = listen(sctx)) {
            ss.setNeedClientAuth(true);
            AtomicReference<String> peer = new AtomicReference<>();
            Future<Void> server = pool.submit(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    assertTrue(s.getNeedClientAuth(), "accepted socket inherits needClientAuth");
                    s.startHandshake();
                    peer.set(s.getSession().getPeerPrincipal().getName());
                    s.getOutputStream().write(1);
                    s.getOutputStream().flush();
                }
                return null;
            });
            try (SSLSocket s = (SSLSocket) cctx.getSocketFactory().createSocket()) {
                s.connect(new InetSocketAddress("localhost", ss.getLocalPort()), 10_000);
                s.setSoTimeout(10_000);
                assertEquals(1, s.getInputStream().read());
            }
            server.get(30, TimeUnit.SECONDS);
            assertTrue(peer.get().contains("clasp-client-rsa"), peer.get());
        }
    }

    @Test
    void untrustedServerFailsWithHandshakeExceptionOnBothSides() throws Exception {
        SSLContext sctx = TestPki.context(Peer.CLASP, "server-untrusted.p12");
        SSLContext cctx = TestPki.context(Peer.CLASP, null);
        try (SSLServerSocket ss = listen(sctx)) {
            Future<Exception> server = pool.submit(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.startHandshake();
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            try (SSLSocket s = (SSLSocket) cctx.getSocketFactory().createSocket("localhost", ss.getLocalPort())) {
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class, s::startHandshake);
                assertTrue(e.getMessage().contains("not trusted"), e.getMessage());
            }
            Exception serverSide = server.get(30, TimeUnit.SECONDS);
            assertTrue(serverSide instanceof SSLHandshakeException, String.valueOf(serverSide));
            assertTrue(serverSide.getMessage().contains("unknown_ca"), serverSide.getMessage());
        }
    }

    @Test
    void httpsUrlConnectionRunsOnClaspSockets() throws Exception {
        SSLContext sctx = TestPki.context(Peer.CLASP, "server-ec256.p12");
        SSLContext cctx = TestPki.context(Peer.CLASP, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(sctx));
        server.createContext("/", ex -> {
            byte[] body = "via HttpsURLConnection".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        try {
            URL url = new URL("https://localhost:" + server.getAddress().getPort() + "/");
            HttpsURLConnection c = (HttpsURLConnection) url.openConnection();
            SSLSocketFactory f = cctx.getSocketFactory();
            c.setSSLSocketFactory(f);
            c.setConnectTimeout(10_000);
            c.setReadTimeout(10_000);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (InputStream in = c.getInputStream()) {
                assertTrue(c.getCipherSuite().startsWith("TLS_ECDHE_ECDSA_"), c.getCipherSuite());
                in.transferTo(body);
            }
            assertEquals(200, c.getResponseCode());
            assertEquals("via HttpsURLConnection", body.toString(StandardCharsets.UTF_8));

            URL wrong = new URL("https://127.0.0.2:" + server.getAddress().getPort() + "/");
            HttpsURLConnection w = (HttpsURLConnection) wrong.openConnection();
            w.setSSLSocketFactory(f);
            w.setConnectTimeout(5_000);
            w.setReadTimeout(5_000);
            assertThrows(IOException.class, w::getInputStream, "a host the certificate does not name is refused");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void serverPeeksClientHelloThenHandsConsumedBytesBack() throws Exception {
        SSLContext sctx = TestPki.context(Peer.CLASP, "server-ec256.p12");
        SSLContext cctx = TestPki.context(Peer.SUNJSSE, null);
        try (ServerSocket plainServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            plainServer.setSoTimeout(30_000);
            Future<String> server = pool.submit(() -> {
                try (Socket plain = plainServer.accept()) {
                    byte[] peek = plain.getInputStream().readNBytes(5);   // record header of the ClientHello
                    SSLSocket s = (SSLSocket) sctx.getSocketFactory()
                            .createSocket(plain, new java.io.ByteArrayInputStream(peek), true);
                    s.startHandshake();
                    s.getOutputStream().write(7);
                    s.getOutputStream().flush();
                    s.close();
                    return s.getSession().getCipherSuite();
                }
            });
            try (SSLSocket s = (SSLSocket) cctx.getSocketFactory().createSocket("localhost", plainServer.getLocalPort())) {
                s.setSoTimeout(10_000);
                assertEquals(7, s.getInputStream().read());
            }
            assertTrue(server.get(30, TimeUnit.SECONDS).startsWith("TLS_ECDHE_ECDSA_"));
        }
    }
}
