package dev.clasp.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

/**
 * Clasp's {@link SSLServerSocket}: accepts TCP connections and hands each to a {@link ClaspSSLSocket} that
 * inherits this socket's mode, suites, protocols, client authentication and other SSLParameters.
 */
public final class ClaspSSLServerSocket extends SSLServerSocket {
    private final EngineContext ctx;
    private final ClaspSSLEngine template;

    ClaspSSLServerSocket(EngineContext ctx) throws IOException {
        super();
        this.ctx = ctx;
        this.template = newTemplate(ctx);
    }

    ClaspSSLServerSocket(EngineContext ctx, int port, int backlog, InetAddress address) throws IOException {
        super(port, backlog, address);
        this.ctx = ctx;
        this.template = newTemplate(ctx);
    }

    private static ClaspSSLEngine newTemplate(EngineContext ctx) {
        ClaspSSLEngine e = new ClaspSSLEngine(ctx, null, -1);
        e.setUseClientMode(false);
        return e;
    }

    @Override
    public Socket accept() throws IOException {
        Socket plain = new Socket();
        implAccept(plain);
        ClaspSSLSocket s;
        synchronized (template) {
            s = new ClaspSSLSocket(ctx, plain, false, true, null, plain.getPort(), template.getUseClientMode());
            s.setSSLParameters(template.getSSLParameters());
            s.setEnableSessionCreation(template.getEnableSessionCreation());
        }
        return s;
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return template.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        template.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return template.getSupportedCipherSuites();
    }

    @Override
    public String[] getSupportedProtocols() {
        return template.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return template.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        template.setEnabledProtocols(protocols);
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        template.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return template.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        template.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return template.getWantClientAuth();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        template.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return template.getUseClientMode();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        template.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return template.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return template.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        template.setSSLParameters(params);
    }

    @Override
    public String toString() {
        return "ClaspSSLServerSocket[" + getLocalSocketAddress() + "]";
    }
}
