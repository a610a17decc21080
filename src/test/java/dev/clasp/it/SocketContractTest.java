package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki.Peer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SSLSocket behaviours code relies on, asserted for Clasp and, as the reference, SunJSSE (issue 3). */
@Timeout(60)
class SocketContractTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static SSLServerSocket listen(Peer peer) throws Exception {
        SSLServerSocket ss = (SSLServerSocket) TestPki.context(peer, "server-ec256.p12").getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        ss.setSoTimeout(30_000);
        return ss;
    }

    private static SSLSocket connect(Peer peer, int port) throws Exception {
        SSLSocket s = (SSLSocket) TestPki.context(peer, null).getSocketFactory().createSocket("localhost", port);
        s.setSoTimeout(20_000);
        return s;
    }

    /**
     * EOF after the handshake without close_notify reads as end of stream (SunJSSE without
     * com.sun.net.ssl.requireCloseNotify). The server (SunJSSE, layered over a plain socket) closes the plain
     * socket under its TLS socket, so no close_notify is sent.
     */
    @ParameterizedTest
    @EnumSource(value = Peer.class, names = {"CLASP", "SUNJSSE"})
    void tcpCloseAfterHandshakeIsEndOfStream(Peer peer) throws Exception {
        SSLContext sctx = TestPki.context(Peer.SUNJSSE, "server-ec256.p12");
        try (ServerSocket plainServer = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            plainServer.setSoTimeout(30_000);
            Future<Void> server = pool.submit(() -> {
                try (Socket plain = plainServer.accept()) {
                    SSLSocket s = (SSLSocket) sctx.getSocketFactory()
                            .createSocket(plain, new java.io.ByteArrayInputStream(new byte[0]), false);
                    s.startHandshake();
                    s.getOutputStream().write(42);
                    s.getOutputStream().flush();
                }   // closes only the plain socket: FIN without close_notify
                return null;
            });
            try (SSLSocket s = connect(peer, plainServer.getLocalPort())) {
                InputStream in = s.getInputStream();
                assertEquals(42, in.read());
                server.get(30, TimeUnit.SECONDS);
                assertEquals(-1, in.read(), "end of stream after the peer went away");
                assertEquals(-1, in.read(), "and it stays at end of stream");
            }
        }
    }

    /** A peer that drops the TCP connection mid-handshake: SSLHandshakeException, and the null session. */
    @ParameterizedTest
    @EnumSource(value = Peer.class, names = {"CLASP", "SUNJSSE"})
    void tcpCloseDuringHandshakeIsHandshakeException(Peer peer) throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            plain.setSoTimeout(30_000);
            Future<Void> server = pool.submit(() -> {
                try (Socket s = plain.accept()) {
                    s.getInputStream().read(new byte[5]);   // part of the ClientHello, then hang up
                }
                return null;
            });
            try (SSLSocket s = connect(peer, plain.getLocalPort())) {
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class, s::startHandshake);
                assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("terminated the handshake")
                        || e.getCause() instanceof java.io.EOFException, peer + ": " + e);
                SSLSession session = s.getSession();
                assertEquals("SSL_NULL_WITH_NULL_NULL", session.getCipherSuite(), "the null session");
            }
            server.get(30, TimeUnit.SECONDS);
        }
    }

    /** shutdownOutput sends close_notify: the peer reads end of stream; further writes fail. */
    @ParameterizedTest
    @EnumSource(value = Peer.class, names = {"CLASP", "SUNJSSE"})
    void shutdownOutputEndsThePeersStream(Peer peer) throws Exception {
        try (SSLServerSocket ss = listen(peer)) {
            Future<Integer> server = pool.submit(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(20_000);
                    int first = s.getInputStream().read();
                    int eof = s.getInputStream().read();
                    return first * 1000 + eof;
                }
            });
            try (SSLSocket s = connect(peer, ss.getLocalPort())) {
                s.getOutputStream().write(7);
                s.getOutputStream().flush();
                s.shutdownOutput();
                assertTrue(s.isOutputShutdown());
                assertEquals(7 * 1000 - 1, (int) server.get(30, TimeUnit.SECONDS), "7 then end of stream");
                assertThrows(IOException.class, () -> s.getOutputStream().write(1));
            }
        }
    }

    /** close() sends close_notify before closing the transport: the peer sees end of stream, not an error. */
    @ParameterizedTest
    @EnumSource(value = Peer.class, names = {"CLASP", "SUNJSSE"})
    void closeSendsCloseNotifyAndSocketIsClosed(Peer peer) throws Exception {
        try (SSLServerSocket ss = listen(Peer.SUNJSSE)) {
            Future<Integer> server = pool.submit(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(20_000);
                    s.startHandshake();
                    return s.getInputStream().read();
                }
            });
            SSLSocket s = connect(peer, ss.getLocalPort());
            s.startHandshake();
            s.close();
            assertEquals(-1, (int) server.get(30, TimeUnit.SECONDS), "the SunJSSE server read close_notify as EOF");
            assertTrue(s.isClosed());
            assertThrows(SocketException.class, s::getInputStream);
        }
    }

    /** What shutdownInput does to a connected client socket, step by step (compared between providers). */
    private String shutdownInputTrace(Peer peer) throws Exception {
        StringBuilder trace = new StringBuilder();
        try (SSLServerSocket ss = listen(Peer.SUNJSSE)) {
            Future<Void> server = pool.submit(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(20_000);
                    s.startHandshake();
                    s.getInputStream().read();
                }
                return null;
            });
            try (SSLSocket s = connect(peer, ss.getLocalPort())) {
                s.startHandshake();
                try {
                    s.shutdownInput();
                    trace.append("shutdownInput ok");
                } catch (IOException e) {
                    trace.append("shutdownInput threw ").append(e.getClass().getSimpleName()).append(": ")
                            .append(e.getMessage());
                }
                trace.append(" inputShutdown=").append(s.isInputShutdown());
                s.shutdownInput();   // a second call is a no-op
                trace.append(" again ok");
                try {
                    trace.append(" read=").append(s.getInputStream().read());
                } catch (IOException e) {
                    trace.append(" read threw ").append(e.getClass().getSimpleName());
                }
                try {
                    s.getOutputStream().write(1);
                    s.getOutputStream().flush();
                    trace.append(" write ok");
                } catch (IOException e) {
                    trace.append(" write threw ").append(e.getClass().getSimpleName());
                }
            }
            server.get(30, TimeUnit.SECONDS);
        }
        return trace.toString();
    }

    @org.junit.jupiter.api.Test
    void shutdownInputBehavesAsSunJsse() throws Exception {
        String sun = shutdownInputTrace(Peer.SUNJSSE);
        String clasp = shutdownInputTrace(Peer.CLASP);
        assertTrue(sun.contains("inputShutdown=true"), sun);
        assertEquals(sun, clasp);
    }
}
