package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.opentest4j.AssertionFailedError;

/**
 * The Java side of the "native client, Clasp server" tests: a ServerSocket on 127.0.0.1 with a kernel-chosen
 * port (no race), accepting one connection at a time (bounded by SO_TIMEOUT) and serving it with an
 * {@link EngineChannel}: handshake, read the request, send the reply, close with close_notify.
 */
final class ClaspServer implements AutoCloseable {
    private final SSLContext context;
    private final Consumer<SSLEngine> configure;
    private final ServerSocket listener;

    ClaspServer(SSLContext context, Consumer<SSLEngine> configure) throws IOException {
        this.context = context;
        this.configure = configure;
        this.listener = new ServerSocket(0, 5, NativePeers.LOOPBACK);
        listener.setSoTimeout((int) TIMEOUT.toMillis());
    }

    int port() {
        return listener.getLocalPort();
    }

    /** What one served connection saw. */
    record Exchange(byte[] received, SSLSession session, String applicationProtocol, boolean peerCloseNotify) {
    }

    /**
     * Accepts one connection and serves it: reads {@code requestLength} bytes, writes {@code reply}, sends
     * close_notify and waits (bounded) for the peer's. Any failure carries the client program's output.
     */
    Exchange serveOnce(NativeProcess client, int requestLength, byte[] reply) throws Exception {
        try (Socket socket = listener.accept()) {
            SSLEngine engine = context.createSSLEngine();
            engine.setUseClientMode(false);
            configure.accept(engine);
            try (EngineChannel ch = new EngineChannel(engine, socket, TIMEOUT)) {
                ch.handshake();
                byte[] got = ch.read(requestLength);
                ch.write(reply);
                boolean closeNotify = ch.closeGracefully(true);
                return new Exchange(got, engine.getSession(), engine.getApplicationProtocol(), closeNotify);
            }
        } catch (Exception | AssertionError e) {
            throw new AssertionFailedError("Clasp server failed: " + e + "\n" + client.describe(), e);
        }
    }

    /**
     * The common native-client exchange: writes {@code request} to the client's stdin, serves one connection
     * ({@link #serveOnce}), checks the request arrived intact, waits (bounded) for the client to exit and checks
     * that its output shows every line of {@code reply}.
     */
    Exchange converse(NativeProcess client, byte[] request, byte[] reply) throws Exception {
        client.stdin().write(request);
        client.stdin().flush();
        Exchange ex = serveOnce(client, request.length, reply);
        assertEquals(NativePeers.ascii(request), NativePeers.ascii(ex.received()), client.describe());
        client.awaitExit(TIMEOUT);
        String out = client.output();
        for (String line : NativePeers.ascii(reply).split("\n")) {
            assertTrue(out.contains(line), "reply line missing from the client's output: " + line + "\n" + client.describe());
        }
        return ex;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
