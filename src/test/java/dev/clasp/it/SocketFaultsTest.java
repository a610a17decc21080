package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki.Peer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults over loopback sockets (issue 6), each run with a Clasp client and a SunJSSE client against the same
 * misbehaving peer, and Clasp must end the same way SunJSSE does: the peer vanishes mid-record during or after
 * the handshake (a record arrives half-written), the socket times out during the handshake and during a read.
 * Every outcome is bounded in time and typed (SSLHandshakeException, SocketTimeoutException, or end of stream
 * where SunJSSE reports one), and the client's threads are released.
 */
class SocketFaultsTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static SSLSocket connect(Peer peer, int port, int timeoutMillis) throws Exception {
        SSLSocket s = (SSLSocket) TestPki.context(peer, null).getSocketFactory().createSocket("localhost", port);
        s.setSoTimeout(timeoutMillis);
        return s;
    }

    /** What a call did: a return value or an exception class. */
    private interface Call {
        Object run() throws Exception;
    }

    private static String outcome(Call c) {
        try {
            return "returned " + c.run();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    /** The server reads the ClientHello, sends 10 bytes of a 200-byte handshake record, and hangs up. */
    @ParameterizedTest
    @EnumSource(value = Peer.class, names = {"CLASP", "SUNJSSE"})
    void peerVanishesMidRecordDuringHandshake(Peer peer) throws Exception {
        String result;
        try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            plain.setSoTimeout(20_000);
            Future<Void> server = pool.submit(() -> {
                try (Socket s = plain.accept()) {
                    s.getInputStream().read(new byte[512]);
                    OutputStream out = s.getOutputStream();
                    out.write(new byte[] {22, 3, 3, 0, (byte) 200, 2, 0, 0, 70, 3});
                    out.flush();
                }
                return null;
            });
            try (SSLSocket s = connect(peer, plain.getLocalPort(), 20_000)) {
                result = outcome(() -> {
                    s.startHandshake();
                    return null;
                });
                assertEquals("SSLHandshakeException", result, peer.toString());
                assertEquals("SSL_NULL_WITH_NULL_NULL", s.getSession().getCipherSuite());
            }
            server.get(20, TimeUnit.SECONDS);
        }
    }

    /**
     * After the handshake the server writes 5 + 20 bytes of a 100-byte application record and closes the TCP
     * connection without close_notify. SunJSSE (without com.sun.net.ssl.requireCloseNotify) reports this as end of
     * stream, like any EOF without close_notify after the handshake; Clasp does the same, hands out none of the
     * unauthenticated bytes, and stays at end of stream.
     */
    @ParameterizedTest
    @EnumSource(value = Peer.class, names = {"CLASP", "SUNJSSE"})
    void peerVanishesMidRecordAfterHandshake(Peer peer) throws Exception {
        SSLContext sctx = TestPki.context(Peer.SUNJSSE, "server-ec256.p12");
        try (ServerSocket plainServer = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            plainServer.setSoTimeout(20_000);
            Future<Void> server = pool.submit(() -> {
                try (Socket plain = plainServer.accept()) {
                    SSLSocket s = (SSLSocket) sctx.getSocketFactory()
                            .createSocket(plain, new java.io.ByteArrayInputStream(new byte[0]), false);
                    s.startHandshake();
                    s.getOutputStream().write(42);
                    s.getOutputStream().flush();
                    byte[] half = new byte[25];
                    half[0] = 23;
                    half[1] = 3;
                    half[2] = 3;
                    half[4] = 100;
                    plain.getOutputStream().write(half);
                    plain.getOutputStream().flush();
                }
                return null;
            });
            try (SSLSocket s = connect(peer, plainServer.getLocalPort(), 20_000)) {
                InputStream in = s.getInputStream();
                assertEquals(42, in.read());
                server.get(20, TimeUnit.SECONDS);
                assertEquals("returned -1", outcome(in::read), peer.toString());
                assertEquals("returned -1", outcome(in::read), peer + ": stays at end of stream");
            }
        }
    }

    /** The server accepts and never answers: the handshake times out, and the socket can be closed. */
    @ParameterizedTest
    @EnumSource(value = Peer.class, names = {"CLASP", "SUNJSSE"})
    void handshakeTimesOut(Peer peer) throws Exception {
        int threads = Thread.activeCount();
        try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            plain.setSoTimeout(20_000);
            Future<Socket> server = pool.submit(plain::accept);
            try (SSLSocket s = connect(peer, plain.getLocalPort(), 300)) {
                long t0 = System.nanoTime();
                String result = outcome(() -> {
                    s.startHandshake();
                    return null;
                });
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertEquals("SocketTimeoutException", result, peer.toString());
                assertTrue(ms < 10_000, "timed out after " + ms + " ms");
            } finally {
                server.get(20, TimeUnit.SECONDS).close();
            }
        }
        assertTrue(Thread.activeCount() <= threads + 2, "threads released: " + Thread.activeCount() + " vs " + threads);
    }

    /** After the handshake the server is silent: read times out, and the connection is still usable after it. */
    @ParameterizedTest
    @EnumSource(value = Peer.class, names = {"CLASP", "SUNJSSE"})
    void readTimesOutAndTheConnectionSurvives(Peer peer) throws Exception {
        SSLContext sctx = TestPki.context(Peer.SUNJSSE, "server-ec256.p12");
        try (javax.net.ssl.SSLServerSocket ss = (javax.net.ssl.SSLServerSocket) sctx.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ss.setSoTimeout(20_000);
            Future<Void> server = pool.submit(() -> {
                try (Socket s = ss.accept()) {
                    s.setSoTimeout(20_000);
                    InputStream in = s.getInputStream();
                    int b = in.read(); // the client's byte, sent after its timeout
                    s.getOutputStream().write(b + 1);
                    s.getOutputStream().flush();
                    in.read();
                }
                return null;
            });
            try (SSLSocket s = connect(peer, ss.getLocalPort(), 300)) {
                s.startHandshake();
                String result = outcome(() -> s.getInputStream().read());
                assertEquals("SocketTimeoutException", result, peer.toString());
                s.setSoTimeout(20_000);
                s.getOutputStream().write(7);
                s.getOutputStream().flush();
                assertEquals(8, s.getInputStream().read(), "usable after the timeout");
            }
            server.get(20, TimeUnit.SECONDS);
        }
    }
}
