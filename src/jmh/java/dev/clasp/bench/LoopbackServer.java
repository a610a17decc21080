package dev.clasp.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * An SSLServerSocket on 127.0.0.1 (ephemeral port) with one thread serving one connection at a time: handshake,
 * send one byte (so the client knows the server finished), then read and discard until EOF. Stopped by
 * {@link #close()}; every socket has a 20 s timeout so nothing can hang a run, and TCP_NODELAY.
 */
final class LoopbackServer implements AutoCloseable {
    private final SSLServerSocket listener;
    private final Thread thread;

    LoopbackServer(SSLContext ctx, String suite) throws IOException {
        listener = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        listener.setEnabledProtocols(new String[] {"TLSv1.2"});
        listener.setEnabledCipherSuites(new String[] {suite});
        thread = new Thread(this::serve, "bench-loopback-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void serve() {
        byte[] buf = new byte[64 * 1024];
        while (!listener.isClosed()) {
            try (SSLSocket s = (SSLSocket) listener.accept()) {
                s.setSoTimeout(20_000);
                s.setTcpNoDelay(true);
                s.startHandshake();
                s.getOutputStream().write(1);
                s.getOutputStream().flush();
                InputStream in = s.getInputStream();
                while (in.read(buf) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // the client went away, or close() closed the listener
            }
        }
    }

    /** A client socket to this server, TLS 1.2 and {@code suite} only, handshake done and the server's byte read. */
    SSLSocket connect(SSLContext ctx, String suite) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port());
        s.setSoTimeout(20_000);
        s.setTcpNoDelay(true); // else Nagle + delayed ACKs stall each handshake flight by ~40 ms
        s.setEnabledProtocols(new String[] {"TLSv1.2"});
        s.setEnabledCipherSuites(new String[] {suite});
        s.startHandshake();
        if (s.getInputStream().read() != 1) {
            s.close();
            throw new IOException("server did not answer");
        }
        return s;
    }

    @Override
    public void close() throws Exception {
        listener.close();
        thread.join(20_000);
    }
}
