package dev.clasp.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/** Creates {@link ClaspSSLServerSocket}s. */
public final class ClaspSSLServerSocketFactory extends SSLServerSocketFactory {
    private final EngineContext ctx;

    public ClaspSSLServerSocketFactory(EngineContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return ctx.defaultServerSuites().stream().map(Enum::name).toArray(String[]::new);
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return EngineConfig.supportedCipherSuites(ctx);
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new ClaspSSLServerSocket(ctx);
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new ClaspSSLServerSocket(ctx, port, 50, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return new ClaspSSLServerSocket(ctx, port, backlog, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        return new ClaspSSLServerSocket(ctx, port, backlog, address);
    }
}
