package dev.clasp.bench;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * An in-memory pair of engines and the buffers between them, allocated once so that the driver itself adds no
 * allocation to a measurement. Delegated tasks run inline (as SSLSocket implementations do). Loops are bounded.
 */
final class Pipe {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    final ByteBuffer toServer;
    final ByteBuffer toClient;
    private final ByteBuffer clientApp;
    private final ByteBuffer serverApp;
    /** Network bytes moved by the last {@link #handshake}, both directions. */
    long handshakeBytes;
    /**
     * Whether the last handshake was abbreviated: the server sent its ChangeCipherSpec before the client sent
     * one (RFC 5246 7.3, Figure 2); in a full handshake the client's comes first. Read from the record headers.
     */
    boolean abbreviated;
    private boolean ccsSeen;
    /** The client's first flight of the last handshake (its ClientHello record), for checks; null unless asked. */
    byte[] clientHello;

    Pipe(boolean direct) {
        int packet = 64 * 1024; // larger than any provider's packet buffer size: a flight never overflows
        toServer = alloc(direct, packet);
        toClient = alloc(direct, packet);
        clientApp = alloc(direct, packet);
        serverApp = alloc(direct, packet);
    }

    static ByteBuffer alloc(boolean direct, int n) {
        return direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
    }

    /** Runs a full or abbreviated handshake between two fresh engines. */
    void handshake(SSLEngine client, SSLEngine server, boolean keepClientHello) throws SSLException {
        toServer.clear();
        toClient.clear();
        handshakeBytes = 0;
        clientHello = null;
        ccsSeen = false;
        abbreviated = false;
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 200; i++) {
            int before = toServer.position();
            boolean progress = step(client, false, toServer, toClient, clientApp);
            if (keepClientHello && clientHello == null && toServer.position() > before) {
                clientHello = new byte[toServer.position()];
                toServer.get(0, clientHello);
            }
            progress |= step(server, true, toClient, toServer, serverApp);
            if (done(client) && done(server) && toServer.position() == 0 && toClient.position() == 0) {
                return;
            }
            if (!progress && i > 10) {
                throw new IllegalStateException("handshake stalled: client " + client.getHandshakeStatus()
                        + ", server " + server.getHandshakeStatus());
            }
        }
        throw new IllegalStateException("handshake did not finish in 200 steps");
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus hs = e.getHandshakeStatus();
        return hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED;
    }

    private boolean step(SSLEngine e, boolean isServer, ByteBuffer out, ByteBuffer in, ByteBuffer app)
            throws SSLException {
        boolean progress = runTasks(e);
        for (int n = 0; n < 10 && e.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; n++) {
            int before = out.position();
            SSLEngineResult r = e.wrap(EMPTY, out);
            handshakeBytes += r.bytesProduced();
            if (!ccsSeen && sendsChangeCipherSpec(out, before, out.position())) {
                ccsSeen = true;
                abbreviated = isServer;
            }
            if (r.bytesProduced() == 0 && r.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                break;
            }
            progress |= r.bytesProduced() > 0;
            runTasks(e);
        }
        in.flip();
        try {
            for (int n = 0; n < 50 && in.hasRemaining(); n++) {
                app.clear();
                SSLEngineResult r = e.unwrap(in, app);
                if (r.getStatus() != Status.OK || r.bytesConsumed() == 0) {
                    break;
                }
                progress = true;
                runTasks(e);
            }
        } finally {
            in.compact();
        }
        return progress;
    }

    /** Whether the records in out[from, to) include a ChangeCipherSpec (content type 20; headers are clear). */
    private static boolean sendsChangeCipherSpec(ByteBuffer out, int from, int to) {
        for (int p = from; p + 5 <= to; p += 5 + (((out.get(p + 3) & 0xff) << 8) | (out.get(p + 4) & 0xff))) {
            if (out.get(p) == 20) {
                return true;
            }
        }
        return false;
    }

    private static boolean runTasks(SSLEngine e) {
        boolean ran = false;
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run();
            ran = true;
        }
        return ran;
    }

    /**
     * One application write from client to server: {@code src} (whole, one record when it fits) is wrapped into
     * {@link #toServer} and unwrapped into {@code dst} (cleared first, must hold all of src). Returns the plaintext bytes the server delivered.
     */
    int send(SSLEngine client, SSLEngine server, ByteBuffer src, ByteBuffer dst) throws SSLException {
        int got = 0;
        dst.clear();
        for (int n = 0; n < 8 && src.hasRemaining(); n++) {
            toServer.clear();
            SSLEngineResult w = client.wrap(src, toServer);
            if (w.getStatus() != Status.OK) {
                throw new IllegalStateException("wrap: " + w);
            }
            toServer.flip();
            for (int m = 0; m < 8 && toServer.hasRemaining(); m++) {
                SSLEngineResult u = server.unwrap(toServer, dst);
                if (u.getStatus() != Status.OK) {
                    throw new IllegalStateException("unwrap: " + u);
                }
                got += u.bytesProduced();
            }
        }
        return got;
    }

    /** RFC 5246 7.4.1.2 / RFC 5077 3.2: does this ClientHello record carry a non-empty session_ticket extension? */
    static boolean offersTicket(byte[] rec) {
        int p = 5 + 4 + 2 + 32; // record header, handshake header, client_version, random
        p += 1 + (rec[p] & 0xff); // session_id
        p += 2 + (((rec[p] & 0xff) << 8) | (rec[p + 1] & 0xff)); // cipher_suites
        p += 1 + (rec[p] & 0xff); // compression_methods
        int end = p + 2 + (((rec[p] & 0xff) << 8) | (rec[p + 1] & 0xff));
        p += 2;
        while (p + 4 <= end && p + 4 <= rec.length) {
            int type = ((rec[p] & 0xff) << 8) | (rec[p + 1] & 0xff);
            int len = ((rec[p + 2] & 0xff) << 8) | (rec[p + 3] & 0xff);
            if (type == 35) {
                return len > 0;
            }
            p += 4 + len;
        }
        return false;
    }
}
