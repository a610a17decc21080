package dev.clasp.it;

import dev.clasp.ClaspProvider;
import java.nio.ByteBuffer;
import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * A client-auth handshake between a Clasp client and a Clasp server, both with a {@link DeterministicRandom},
 * recorded as each side's records (plaintext handshake records re-framed one message per record). A fresh engine
 * of either role made by {@link #engine} repeats its side of it byte for byte, so replaying the peer's first N
 * records puts it in the state after them: the fuzz and state-table tests start from every state that way.
 */
public final class RecordedHandshake {
    private static final Provider CLASP = new ClaspProvider();
    private static final long CLIENT_SEED = 0xC11E47L;
    private static final long SERVER_SEED = 0x5E4E4L;
    private static final KeyManager[] CLIENT_KM;
    private static final KeyManager[] SERVER_KM;
    private static final KeyManager[] SERVER_RSA_KM;
    private static final TrustManager[] TM;
    private static final Recording RECORDING;
    private static final Recording DHE_TICKET_RECORDING;

    /**
     * Which handshake: {@link #CLIENT_AUTH} (ECDHE_ECDSA with a client certificate, tickets off: fully
     * deterministic) or {@link #DHE_TICKET} (TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, the server issues a session
     * ticket: it reaches the DHE key exchange messages and the client's NewSessionTicket parsing; the ticket
     * seals the session's creation time, so only the records before it repeat exactly from run to run).
     */
    public enum Kind {
        CLIENT_AUTH, DHE_TICKET
    }

    static {
        try {
            CLIENT_KM = TestPki.keyManagers("client-ec.p12");
            SERVER_KM = TestPki.keyManagers("server-ec256.p12");
            SERVER_RSA_KM = TestPki.keyManagers("server-rsa.p12");
            TM = TestPki.trustManagers("truststore.p12");
            RECORDING = record(Kind.CLIENT_AUTH);
            DHE_TICKET_RECORDING = record(Kind.DHE_TICKET);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private RecordedHandshake() {
    }

    /** Each side's records in the order it wrote them. */
    public record Recording(List<byte[]> client, List<byte[]> server) {
        /** What the peer of {@code client ? client : server} sent. */
        public List<byte[]> peerOf(boolean client) {
            return client ? server : client();
        }
    }

    /** The recording made when this class loaded. */
    public static Recording recording() {
        return RECORDING;
    }

    /** The recording of {@code kind} made when this class loaded. */
    public static Recording recording(Kind kind) {
        return kind == Kind.CLIENT_AUTH ? RECORDING : DHE_TICKET_RECORDING;
    }

    /** Records the handshake again (for the determinism check). */
    public static Recording recordAgain() throws Exception {
        return record(Kind.CLIENT_AUTH);
    }

    /** Records a handshake of {@code kind} again. */
    public static Recording recordAgain(Kind kind) throws Exception {
        return record(kind);
    }

    /** A fresh engine of one role: own context, the recorded side's randomness; the server needs client auth. */
    public static SSLEngine engine(boolean client) throws Exception {
        return engine(Kind.CLIENT_AUTH, client);
    }

    /** A fresh engine of one role for a handshake of {@code kind}. */
    public static SSLEngine engine(Kind kind, boolean client) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.2", CLASP);
        boolean tickets = kind == Kind.DHE_TICKET;
        // CLIENT_AUTH: no session tickets from the server: a ticket seals the session's creation time, which would
        // make the recording differ from run to run (the client still offers the extension, the server ignores it).
        synchronized (RecordedHandshake.class) {
            String old = System.setProperty("jdk.tls.server.enableSessionTicketExtension", Boolean.toString(tickets));
            try {
                ctx.init(client ? CLIENT_KM : tickets ? SERVER_RSA_KM : SERVER_KM, TM,
                        new DeterministicRandom(client ? CLIENT_SEED : SERVER_SEED));
            } finally {
                if (old == null) {
                    System.clearProperty("jdk.tls.server.enableSessionTicketExtension");
                } else {
                    System.setProperty("jdk.tls.server.enableSessionTicketExtension", old);
                }
            }
        }
        SSLEngine e = client ? ctx.createSSLEngine("localhost", 443) : ctx.createSSLEngine();
        e.setUseClientMode(client);
        if (tickets) {
            e.setEnabledCipherSuites(new String[] {"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"});
        } else if (!client) {
            e.setNeedClientAuth(true);
        }
        return e;
    }

    /** A fresh engine of one role that has sent its first flight and received the peer's first {@code n} records. */
    public static Side after(boolean client, int n) throws Exception {
        return after(Kind.CLIENT_AUTH, client, n);
    }

    /** {@link #after(boolean, int)} for a handshake of {@code kind}. */
    public static Side after(Kind kind, boolean client, int n) throws Exception {
        Side side = new Side(engine(kind, client));
        side.engine.beginHandshake();
        side.pump();
        List<byte[]> peer = recording(kind).peerOf(client);
        for (int i = 0; i < n; i++) {
            side.receive(ByteBuffer.wrap(peer.get(i)));
        }
        return side;
    }

    /** One engine and the records it has sent. */
    public static final class Side {
        public final SSLEngine engine;
        public final List<byte[]> sent = new ArrayList<>();
        final ByteBuffer app;
        final ByteBuffer net;
        public long appReceived;

        public Side(SSLEngine engine) {
            this.engine = engine;
            app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
            net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        }

        /** Runs tasks and wraps until the engine wants input; every record wrapped goes to {@link #sent}. */
        public void pump() throws SSLException {
            for (int i = 0; i < 64; i++) {
                Runnable task;
                int tasks = 0;
                while ((task = engine.getDelegatedTask()) != null && tasks++ < 16) {
                    task.run();
                }
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs != HandshakeStatus.NEED_WRAP) {
                    return;
                }
                if (wrapOnce().getStatus() == Status.CLOSED) {
                    return;
                }
            }
        }

        /** One wrap of nothing; the records it produced go to {@link #sent}. */
        public SSLEngineResult wrapOnce() throws SSLException {
            net.clear();
            SSLEngineResult r = engine.wrap(ByteBuffer.allocate(0), net);
            net.flip();
            while (net.remaining() >= 5) {
                int len = ((net.get(net.position() + 3) & 0xFF) << 8) | (net.get(net.position() + 4) & 0xFF);
                byte[] rec = new byte[5 + len];
                net.get(rec);
                sent.add(rec);
            }
            return r;
        }

        /** Unwraps what {@code in} holds, record by record, pumping in between; bounded by its length. */
        public void receive(ByteBuffer in) throws SSLException {
            for (int guard = 0; guard <= in.capacity() + 8 && !engine.isInboundDone(); guard++) {
                app.clear();
                SSLEngineResult r = engine.unwrap(in, app);
                appReceived += r.bytesProduced();
                pump();
                if (r.getStatus() == Status.BUFFER_UNDERFLOW || r.getStatus() == Status.CLOSED
                        || r.getStatus() == Status.BUFFER_OVERFLOW) {
                    return;
                }
                if (r.bytesConsumed() == 0 && !in.hasRemaining()) {
                    return;
                }
            }
        }
    }

    /** The genuine handshake, driven record by record. */
    private static Recording record(Kind kind) throws Exception {
        Side c = new Side(engine(kind, true));
        Side s = new Side(engine(kind, false));
        c.engine.beginHandshake();
        s.engine.beginHandshake();
        int cAt = 0;
        int sAt = 0;
        for (int round = 0; round < 100; round++) {
            c.pump();
            s.pump();
            boolean moved = false;
            for (; cAt < c.sent.size(); cAt++, moved = true) {
                s.receive(ByteBuffer.wrap(c.sent.get(cAt)));
            }
            for (; sAt < s.sent.size(); sAt++, moved = true) {
                c.receive(ByteBuffer.wrap(s.sent.get(sAt)));
            }
            if (!moved && c.engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                    && s.engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                return new Recording(oneMessagePerRecord(c.sent), oneMessagePerRecord(s.sent));
            }
        }
        throw new AssertionError("recorded handshake did not finish");
    }

    /**
     * Re-frames the plaintext handshake records (those before the side's ChangeCipherSpec) as one handshake
     * message per record, so that N counts messages, not flights; any fragmentation is legal (RFC 5246 6.2.1).
     */
    private static List<byte[]> oneMessagePerRecord(List<byte[]> records) {
        List<byte[]> out = new ArrayList<>();
        boolean encrypted = false;
        for (byte[] rec : records) {
            if (encrypted || rec[0] != 22) {
                encrypted |= rec[0] == 20;
                out.add(rec);
                continue;
            }
            for (int p = 5; p + 4 <= rec.length; ) {
                int len = ((rec[p + 1] & 0xFF) << 16) | ((rec[p + 2] & 0xFF) << 8) | (rec[p + 3] & 0xFF);
                byte[] one = new byte[5 + 4 + len];
                one[0] = 22;
                one[1] = rec[1];
                one[2] = rec[2];
                one[3] = (byte) ((4 + len) >>> 8);
                one[4] = (byte) (4 + len);
                System.arraycopy(rec, p, one, 5, 4 + len);
                out.add(one);
                p += 4 + len;
            }
        }
        return List.copyOf(out);
    }

}
