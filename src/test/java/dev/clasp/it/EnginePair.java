package dev.clasp.it;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * Two engines joined in memory, driven the way OpenJDK's SSLEngineTemplate drives them: each side wraps into
 * its network buffer, the other unwraps from it, delegated tasks run inline. Loops are bounded.
 */
public final class EnginePair {
    public final SSLEngine client;
    public final SSLEngine server;
    private final ByteBuffer clientOut;   // client -> server network bytes
    private final ByteBuffer serverOut;   // server -> client network bytes
    private final ByteBuffer clientApp;
    private final ByteBuffer serverApp;
    /** Every SSLEngineResult seen, per side, for contract assertions. */
    public final List<SSLEngineResult> clientResults = new ArrayList<>();
    public final List<SSLEngineResult> serverResults = new ArrayList<>();

    public EnginePair(SSLEngine client, SSLEngine server) {
        this.client = client;
        this.server = server;
        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        int app = Math.max(client.getSession().getApplicationBufferSize(), server.getSession().getApplicationBufferSize());
        clientOut = ByteBuffer.allocate(packet * 4);
        serverOut = ByteBuffer.allocate(packet * 4);
        clientApp = ByteBuffer.allocate(app * 4 + 64);
        serverApp = ByteBuffer.allocate(app * 4 + 64);
    }

    /** Runs the handshake to completion on both sides; throws the first SSLException either side raises. */
    public void handshake() throws SSLException {
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 1000; i++) {
            boolean progress = step(client, clientOut, serverOut, clientApp, clientResults);
            progress |= step(server, serverOut, clientOut, serverApp, serverResults);
            if (done(client) && done(server) && clientOut.position() == 0 && serverOut.position() == 0) {
                return;
            }
            if (!progress && i > 10) {
                throw new IllegalStateException("handshake stalled: client " + client.getHandshakeStatus()
                        + ", server " + server.getHandshakeStatus());
            }
        }
        throw new IllegalStateException("handshake did not finish in 1000 steps");
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus hs = e.getHandshakeStatus();
        return hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED;
    }

    /**
     * Renegotiates (RFC 5746) an established pair: {@code beginHandshake()} on the initiator only, then both
     * sides run until neither is handshaking, each also sending its application data while the handshake runs
     * (so records of the old keys and of the new ones both carry data). Returns what the client and the server
     * received, in that order.
     */
    public byte[][] renegotiate(boolean clientStarts, byte[] fromClient, byte[] fromServer) throws SSLException {
        clientApp.clear();
        serverApp.clear();
        (clientStarts ? client : server).beginHandshake();
        ByteBuffer c = ByteBuffer.wrap(fromClient);
        ByteBuffer s = ByteBuffer.wrap(fromServer);
        for (int i = 0; i < 1000; i++) {
            boolean progress = sendSome(client, c, clientOut);
            progress |= sendSome(server, s, serverOut);
            progress |= step(client, clientOut, serverOut, clientApp, clientResults);
            progress |= step(server, serverOut, clientOut, serverApp, serverResults);
            if (!c.hasRemaining() && !s.hasRemaining() && done(client) && done(server)
                    && clientOut.position() == 0 && serverOut.position() == 0) {
                clientApp.flip();
                serverApp.flip();
                byte[][] out = {new byte[clientApp.remaining()], new byte[serverApp.remaining()]};
                clientApp.get(out[0]);
                serverApp.get(out[1]);
                clientApp.clear();
                serverApp.clear();
                return out;
            }
            if (!progress && i > 10) {
                throw new IllegalStateException("renegotiation stalled: client " + client.getHandshakeStatus()
                        + ", server " + server.getHandshakeStatus());
            }
        }
        throw new IllegalStateException("renegotiation did not finish in 1000 steps");
    }

    /** Wraps one record of application data from {@code src} when the engine has no handshake output queued. */
    private static boolean sendSome(SSLEngine e, ByteBuffer src, ByteBuffer out) throws SSLException {
        if (!src.hasRemaining() || e.getHandshakeStatus() == HandshakeStatus.NEED_WRAP
                || e.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            return false;
        }
        if (out.remaining() < e.getSession().getPacketBufferSize()) {
            return false;
        }
        SSLEngineResult r = e.wrap(src, out);
        return r.bytesConsumed() > 0;
    }

    /** One round for one side: run tasks, wrap what it has, unwrap what the peer sent. */
    private static boolean step(SSLEngine e, ByteBuffer out, ByteBuffer in, ByteBuffer app, List<SSLEngineResult> log)
            throws SSLException {
        boolean progress = false;
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run();
            progress = true;
        }
        if (e.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            SSLEngineResult r = e.wrap(ByteBuffer.allocate(0), out);
            log.add(r);
            progress |= r.bytesProduced() > 0;
        }
        in.flip();
        try {
            while (in.hasRemaining()) {
                SSLEngineResult r = e.unwrap(in, app);
                log.add(r);
                if (r.getStatus() != Status.OK || r.bytesConsumed() == 0) {
                    break;
                }
                progress = true;
                while ((task = e.getDelegatedTask()) != null) {
                    task.run();
                }
            }
        } finally {
            in.compact();
        }
        return progress;
    }

    /** Sends {@code data} from {@code from} to the other side and returns what the other side read. */
    public byte[] send(boolean fromClient, byte[] data) throws SSLException {
        SSLEngine src = fromClient ? client : server;
        SSLEngine dst = fromClient ? server : client;
        ByteBuffer net = ByteBuffer.allocate(src.getSession().getPacketBufferSize());
        ByteBuffer app = ByteBuffer.allocate(dst.getSession().getApplicationBufferSize());
        ByteBuffer plain = ByteBuffer.wrap(data);
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 100_000 && (plain.hasRemaining() || got.size() < data.length); i++) {
            net.clear();
            SSLEngineResult w = src.wrap(plain, net);
            if (w.getStatus() != Status.OK) {
                throw new IllegalStateException("wrap: " + w);
            }
            net.flip();
            while (net.hasRemaining()) {
                app.clear();
                SSLEngineResult u = dst.unwrap(net, app);
                if (u.getStatus() != Status.OK) {
                    throw new IllegalStateException("unwrap: " + u);
                }
                app.flip();
                got.write(app.array(), 0, app.limit());
            }
        }
        return got.toByteArray();
    }

    /** Closes cleanly from {@code fromClient}'s side; both engines must end with both directions done. */
    public void close(boolean fromClient) throws SSLException {
        SSLEngine a = fromClient ? client : server;
        SSLEngine b = fromClient ? server : client;
        a.closeOutbound();
        // Both engines wrap into this buffer: SunJSSE and Clasp each want room for their own largest record.
        ByteBuffer net = ByteBuffer.allocate(Math.max(a.getSession().getPacketBufferSize(),
                b.getSession().getPacketBufferSize()));
        ByteBuffer app = ByteBuffer.allocate(Math.max(a.getSession().getApplicationBufferSize(),
                b.getSession().getApplicationBufferSize()));
        for (int i = 0; i < 10 && !(a.isOutboundDone() && a.isInboundDone() && b.isOutboundDone() && b.isInboundDone()); i++) {
            net.clear();
            if (!a.isOutboundDone()) {
                a.wrap(ByteBuffer.allocate(0), net);
            }
            net.flip();
            if (net.hasRemaining() && !b.isInboundDone()) {
                b.unwrap(net, app);
            }
            net.clear();
            if (!b.isOutboundDone()) {
                b.wrap(ByteBuffer.allocate(0), net);
            }
            net.flip();
            if (net.hasRemaining() && !a.isInboundDone()) {
                a.unwrap(net, app);
            }
        }
    }
}
