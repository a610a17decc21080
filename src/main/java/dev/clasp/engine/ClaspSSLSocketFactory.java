package dev.clasp.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLSocketFactory;

/** Creates {@link ClaspSSLSocket}s: connected, unconnected, or layered over an existing socket. */
public final class ClaspSSLSocketFactory extends SSLSocketFactory {
    private final EngineContext ctx;

    public ClaspSSLSocketFactory(EngineContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return ctx.defaultClientSuites().stream().map(Enum::name).toArray(String[]::new);
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return EngineConfig.supportedCipherSuites(ctx);
    }

    @Override
    public Socket createSocket() {
        return new ClaspSSLSocket(ctx, null, -1);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(host, port, null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(host, port, new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(host, port, null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(address, port, new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(String host, int port, InetSocketAddress local) throws IOException {
        ClaspSSLSocket s = new ClaspSSLSocket(ctx, host, port);
        try {
            if (local != null) {
                s.bind(local);
            }
            s.connect(host != null ? new InetSocketAddress(host, port)
                    : new InetSocketAddress(InetAddress.getByName(null), port));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private Socket connected(InetAddress address, int port, InetSocketAddress local) throws IOException {
        ClaspSSLSocket s = new ClaspSSLSocket(ctx, null, port);
        try {
            if (local != null) {
                s.bind(local);
            }
            s.connect(new InetSocketAddress(address, port));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** A client socket layered over a connected socket (a proxy tunnel, STARTTLS). */
    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        if (s == null) {
            throw new NullPointerException("the underlying socket is null");
        }
        if (!s.isConnected()) {
            throw new SocketException("Underlying socket is not connected");
        }
        String peer = host != null ? host : s.getInetAddress().getHostAddress();
        return new ClaspSSLSocket(ctx, s, true, autoClose, peer, port, true);
    }

    /** A server socket layered over a connected socket whose first bytes the caller already read. */
    @Override
    public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
        if (s == null) {
            throw new NullPointerException("the underlying socket is null");
        }
        if (!s.isConnected()) {
            throw new SocketException("Underlying socket is not connected");
        }
        ClaspSSLSocket socket = new ClaspSSLSocket(ctx, s, true, autoClose, null, s.getPort(), false);
        if (consumed != null) {
            socket.preload(consumed.readAllBytes());
        }
        return socket;
    }
}
