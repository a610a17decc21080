package dev.clasp.it;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * Two engines joined in memory through a man in the middle: every record one side wraps is cut out of the
 * byte stream by its 5-byte header and handed to a {@link Tamper} callback, which may pass it on, rewrite it,
 * drop it or add records of its own before the other side unwraps. Unlike {@link EnginePair} it does not stop
 * at the first SSLException: it records the first exception of each side and keeps driving both engines (so
 * the failing side's next wrap can emit its alert and the peer can read it) until both are closed or nothing
 * moves any more. All loops are bounded.
 */
public final class MitmPair {

    /** Rewrites one record; returns the bytes to deliver instead (empty: drop it). */
    @FunctionalInterface
    public interface Tamper {
        List<byte[]> onRecord(boolean fromClient, int index, byte[] record);
    }

    /** A pass-through MITM. */
    public static final Tamper NONE = (fromClient, index, record) -> List.of(record);

    public final SSLEngine client;
    public final SSLEngine server;
    private final Side c;
    private final Side s;
    private final Tamper tamper;

    public MitmPair(SSLEngine client, SSLEngine server, Tamper tamper) {
        this.client = client;
        this.server = server;
        this.tamper = tamper;
        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        int app = Math.max(client.getSession().getApplicationBufferSize(), server.getSession().getApplicationBufferSize());
        c = new Side(client, true, packet, app);
        s = new Side(server, false, packet, app);
    }

    /** The first SSLException the client raised, or null. */
    public SSLException clientError() {
        return c.error;
    }

    public SSLException serverError() {
        return s.error;
    }

    /** The handshake status the engine reported right after its first exception (null: none). */
    public HandshakeStatus statusAtError(boolean ofClient) {
        return (ofClient ? c : s).statusAtError;
    }

    /** Every SSLEngineResult of the client, in order. */
    public List<SSLEngineResult> clientResults() {
        return c.results;
    }

    public List<SSLEngineResult> serverResults() {
        return s.results;
    }

    /** Application data the client has unwrapped so far. */
    public byte[] clientReceived() {
        return c.received.toByteArray();
    }

    public byte[] serverReceived() {
        return s.received.toByteArray();
    }

    /** Queues application data for one side to wrap once its handshake is over. */
    public void offer(boolean fromClient, byte[] data) {
        Side side = fromClient ? c : s;
        side.pending = ByteBuffer.wrap(data);
    }

    /** Whether both engines have finished their handshake without error. */
    public boolean handshakeDone() {
        return c.error == null && s.error == null && c.finished && s.finished
                && c.engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                && s.engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }

    /** Whether both engines are closed in both directions. */
    public boolean bothClosed() {
        return client.isInboundDone() && client.isOutboundDone() && server.isInboundDone() && server.isOutboundDone();
    }

    /** Starts both handshakes and drives until both are closed, the handshake is done or nothing moves. */
    public MitmPair run() {
        try {
            client.beginHandshake();
        } catch (SSLException e) {
            c.fail(e);
        }
        try {
            server.beginHandshake();
        } catch (SSLException e) {
            s.fail(e);
        }
        return drive();
    }

    /** Drives both engines at most 200 rounds; stops when closed, quiet after the handshake, or stalled. */
    public MitmPair drive() {
        int idle = 0;
        for (int round = 0; round < 200; round++) {
            boolean progress = c.step(s);
            progress |= s.step(c);
            if (bothClosed()) {
                return this;
            }
            boolean quiet = !c.pendingData() && !s.pendingData() && c.inFlight() == 0 && s.inFlight() == 0;
            if (handshakeDone() && quiet) {
                return this;
            }
            idle = progress ? 0 : idle + 1;
            if (idle > 3) {
                return this;
            }
        }
        throw new IllegalStateException("engines still busy after 200 rounds: client " + client.getHandshakeStatus()
                + ", server " + server.getHandshakeStatus());
    }

    /** Record header fields of a raw record. */
    public static int type(byte[] record) {
        return record[0] & 0xFF;
    }

    /** Builds a record from a content type and fragment (version 0x0303). */
    public static byte[] record(int type, byte[] fragment) {
        byte[] r = new byte[5 + fragment.length];
        r[0] = (byte) type;
        r[1] = 3;
        r[2] = 3;
        r[3] = (byte) (fragment.length >>> 8);
        r[4] = (byte) fragment.length;
        System.arraycopy(fragment, 0, r, 5, fragment.length);
        return r;
    }

    /** The fragment of a raw record. */
    public static byte[] fragment(byte[] record) {
        return Arrays.copyOfRange(record, 5, record.length);
    }

    /** Splits a plaintext handshake fragment into whole messages (type || length || body each). */
    public static List<byte[]> messages(byte[] fragment) {
        List<byte[]> out = new ArrayList<>();
        int pos = 0;
        while (pos + 4 <= fragment.length) {
            int len = ((fragment[pos + 1] & 0xFF) << 16) | ((fragment[pos + 2] & 0xFF) << 8) | (fragment[pos + 3] & 0xFF);
            out.add(Arrays.copyOfRange(fragment, pos, Math.min(fragment.length, pos + 4 + len)));
            pos += 4 + len;
        }
        if (pos != fragment.length) {
            throw new IllegalStateException("handshake messages span records; the MITM expects whole messages");
        }
        return out;
    }

    /** Concatenates handshake messages into one record of type handshake. */
    public static byte[] handshakeRecord(List<byte[]> messages) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            b.writeBytes(m);
        }
        return record(22, b.toByteArray());
    }

    private final class Side {
        final SSLEngine engine;
        final boolean isClient;
        final ByteBuffer wire;       // what this side wrapped, not yet cut into records
        final ByteBuffer inbound;    // what the MITM delivered to this side
        final ByteBuffer app;
        final List<SSLEngineResult> results = new ArrayList<>();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuffer pending = ByteBuffer.allocate(0);
        SSLException error;
        HandshakeStatus statusAtError;
        boolean finished;
        int records;

        Side(SSLEngine engine, boolean isClient, int packet, int app) {
            this.engine = engine;
            this.isClient = isClient;
            this.wire = ByteBuffer.allocate(packet * 8);
            this.inbound = ByteBuffer.allocate(packet * 8 + 40_000);
            this.app = ByteBuffer.allocate(app * 2);
        }

        void fail(SSLException e) {
            if (error == null) {
                error = e;
                statusAtError = engine.getHandshakeStatus();
            }
        }

        boolean pendingData() {
            return pending.hasRemaining() && !engine.isOutboundDone();
        }

        int inFlight() {
            return wire.position() + inbound.position();
        }

        boolean step(Side peer) {
            boolean progress = false;
            Runnable task;
            for (int i = 0; i < 20 && (task = engine.getDelegatedTask()) != null; i++) {
                task.run();
                progress = true;
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            boolean wantWrap = hs == HandshakeStatus.NEED_WRAP
                    || (pendingData() && hs == HandshakeStatus.NOT_HANDSHAKING && finished);
            for (int i = 0; i < 10 && wantWrap && !engine.isOutboundDone(); i++) {
                try {
                    SSLEngineResult r = engine.wrap(pending, wire);
                    note(r);
                    progress |= r.bytesProduced() > 0;
                    if (r.getStatus() != Status.OK || r.bytesProduced() == 0) {
                        break;
                    }
                } catch (SSLException e) {
                    fail(e);
                    progress = true;
                }
                hs = engine.getHandshakeStatus();
                wantWrap = hs == HandshakeStatus.NEED_WRAP || (pendingData() && finished);
            }
            progress |= forward(peer);
            inbound.flip();
            try {
                for (int i = 0; i < 100 && inbound.hasRemaining() && !engine.isInboundDone(); i++) {
                    app.clear();
                    SSLEngineResult r;
                    try {
                        r = engine.unwrap(inbound, app);
                    } catch (SSLException e) {
                        fail(e);
                        progress = true;
                        break;
                    }
                    note(r);
                    app.flip();
                    received.write(app.array(), 0, app.limit());
                    if (r.bytesConsumed() > 0) {
                        progress = true;
                    }
                    if (r.getStatus() != Status.OK) {
                        break;
                    }
                    for (int k = 0; k < 20 && (task = engine.getDelegatedTask()) != null; k++) {
                        task.run();
                    }
                    if (r.bytesConsumed() == 0 && engine.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP) {
                        break;
                    }
                }
            } finally {
                inbound.compact();
            }
            return progress;
        }

        void note(SSLEngineResult r) {
            results.add(r);
            if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                finished = true;
            }
        }

        /** Cuts whole records out of {@code wire}, runs them through the tamper and hands them to the peer. */
        boolean forward(Side peer) {
            boolean moved = false;
            wire.flip();
            while (wire.remaining() >= 5) {
                int len = ((wire.get(wire.position() + 3) & 0xFF) << 8) | (wire.get(wire.position() + 4) & 0xFF);
                if (wire.remaining() < 5 + len) {
                    break;
                }
                byte[] rec = new byte[5 + len];
                wire.get(rec);
                for (byte[] out : tamper.onRecord(isClient, records++, rec)) {
                    peer.inbound.put(out);
                }
                moved = true;
            }
            wire.compact();
            return moved;
        }
    }
}
