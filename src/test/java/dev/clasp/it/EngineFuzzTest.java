package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.clasp.ClaspProvider;
import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;

/**
 * Tier 7: the whole Clasp {@link SSLEngine}, in each role, fed arbitrary peer bytes after a genuine partial
 * handshake. A client-auth handshake between a Clasp client and a Clasp server, both with a
 * {@link DeterministicRandom}, is recorded once as each side's records. An input is {@code N} (first byte) and
 * then fuzzed bytes: a fresh engine of the role under test (same deterministic randomness, so it repeats the
 * recorded handshake exactly) receives the peer's first {@code N} genuine records, then the fuzzed bytes; so the
 * fuzzer starts from every state of the handshake and from Traffic, not just the first parse.
 *
 * <p>Invariants: only {@link SSLException} leaves wrap/unwrap/tasks; a local fault is never internal_error (that
 * is our bug), its fatal alert is the next record wrap produces and both directions are then closed; no
 * application data comes out (the recording has none, so any would come from an unverified record); every loop
 * is bounded by the input length.
 *
 * <p>{@code JAZZER_FUZZ=1 mvn test -Dtest='EngineFuzzTest#client'} (or {@code #server}) fuzzes.
 */
class EngineFuzzTest {
    private static final Provider CLASP = new ClaspProvider();
    private static final long CLIENT_SEED = 0xC11E47L;
    private static final long SERVER_SEED = 0x5E4E4L;
    private static final KeyManager[] CLIENT_KM;
    private static final KeyManager[] SERVER_KM;
    private static final TrustManager[] TM;
    /** The recorded handshake: each side's records in the order it wrote them. */
    private static final Recording RECORDING;

    static {
        try {
            CLIENT_KM = TestPki.keyManagers("client-ec.p12");
            SERVER_KM = TestPki.keyManagers("server-ec256.p12");
            TM = TestPki.trustManagers("truststore.p12");
            RECORDING = record();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    record Recording(List<byte[]> client, List<byte[]> server) {
    }

    @FuzzTest(maxDuration = "2m")
    void client(byte[] input) {
        drive(true, input);
    }

    @FuzzTest(maxDuration = "2m")
    void server(byte[] input) {
        drive(false, input);
    }

    @Test
    void recordingIsDeterministicAndSeedsAreCommitted() throws Exception {
        Recording again = record();
        assertEquals(RECORDING.client().size(), again.client().size());
        for (int i = 0; i < again.client().size(); i++) {
            assertTrue(Arrays.equals(RECORDING.client().get(i), again.client().get(i)), "client record " + i);
        }
        for (int i = 0; i < again.server().size(); i++) {
            assertTrue(Arrays.equals(RECORDING.server().get(i), again.server().get(i)), "server record " + i);
        }
        // Client auth: the client sends hello, certificate, key exchange, verify, CCS, Finished; the server hello,
        // certificate, key exchange, certificate request, hello done, CCS, Finished.
        assertEquals(6, RECORDING.client().size(), "client records");
        assertEquals(7, RECORDING.server().size(), "server records");
        for (boolean client : new boolean[] {true, false}) {
            // Replaying every genuine record completes the handshake: the deep states are really reached.
            Side side = new Side(engine(client));
            side.engine.beginHandshake();
            side.pump();
            for (byte[] rec : client ? RECORDING.server() : RECORDING.client()) {
                side.receive(ByteBuffer.wrap(rec));
            }
            assertEquals(HandshakeStatus.NOT_HANDSHAKING, side.engine.getHandshakeStatus(), "replayed handshake");
            assertEquals("TLSv1.2", side.engine.getSession().getProtocol());
        }
        FuzzSeeds.sync(EngineFuzzTest.class, "client", seeds(RECORDING.server()));
        FuzzSeeds.sync(EngineFuzzTest.class, "server", seeds(RECORDING.client()));
    }

    /** For each N: the next genuine record, and all remaining ones, after the first N. */
    private static Map<String, byte[]> seeds(List<byte[]> peer) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int n = 0; n <= peer.size(); n++) {
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            rest.write(n);
            for (int i = n; i < peer.size(); i++) {
                rest.writeBytes(peer.get(i));
            }
            if (n < peer.size()) {
                ByteArrayOutputStream next = new ByteArrayOutputStream();
                next.write(n);
                next.writeBytes(peer.get(n));
                out.put(String.format("after-%02d-next", n), next.toByteArray());
            }
            out.put(String.format("after-%02d-rest", n), rest.toByteArray());
        }
        // After the whole handshake: an alert-looking record, and an application-data record that is not genuine.
        out.put("traffic-fake-appdata", new byte[] {(byte) peer.size(), 23, 3, 3, 0, 24, 0, 0, 0, 0, 0, 0, 0, 1,
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        return out;
    }

    // -------------------------------------------------------------------------------------------- driving

    private static SSLEngine engine(boolean client) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.2", CLASP);
        ctx.init(client ? CLIENT_KM : SERVER_KM, TM, new DeterministicRandom(client ? CLIENT_SEED : SERVER_SEED));
        SSLEngine e = client ? ctx.createSSLEngine("localhost", 443) : ctx.createSSLEngine();
        e.setUseClientMode(client);
        if (!client) {
            e.setNeedClientAuth(true);
        }
        return e;
    }

    /** One engine and what it has sent, as records. */
    private static final class Side {
        final SSLEngine engine;
        final List<byte[]> sent = new ArrayList<>();
        final ByteBuffer app;
        final ByteBuffer net;
        long appReceived;
        SSLException error;

        Side(SSLEngine engine) {
            this.engine = engine;
            app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
            net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        }

        /** Runs tasks and wraps until the engine wants input; every record wrapped goes to {@link #sent}. */
        void pump() throws SSLException {
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
                net.clear();
                SSLEngineResult r = engine.wrap(ByteBuffer.allocate(0), net);
                net.flip();
                split(net);
                if (r.getStatus() == Status.CLOSED || r.bytesProduced() == 0 && hs == engine.getHandshakeStatus()) {
                    return;
                }
            }
        }

        private void split(ByteBuffer b) {
            while (b.remaining() >= 5) {
                int len = ((b.get(b.position() + 3) & 0xFF) << 8) | (b.get(b.position() + 4) & 0xFF);
                byte[] rec = new byte[5 + len];
                b.get(rec);
                sent.add(rec);
            }
        }

        /** Unwraps what {@code in} holds, record by record, pumping in between; bounded by its length. */
        void receive(ByteBuffer in) throws SSLException {
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
    private static Recording record() throws Exception {
        Side c = new Side(engine(true));
        Side s = new Side(engine(false));
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

    private static void drive(boolean client, byte[] input) {
        if (input.length == 0) {
            return;
        }
        List<byte[]> peer = client ? RECORDING.server() : RECORDING.client();
        int n = (input[0] & 0xFF) % (peer.size() + 1);
        Side side;
        try {
            side = new Side(engine(client));
            side.engine.beginHandshake();
            side.pump();
            for (int i = 0; i < n; i++) {
                side.receive(ByteBuffer.wrap(peer.get(i)));
            }
        } catch (Exception e) {
            throw new AssertionError("the genuine part of the handshake failed", e);
        }
        assertEquals(0, side.appReceived);
        try {
            side.receive(ByteBuffer.wrap(input, 1, input.length - 1).slice());
        } catch (SSLException e) {
            checkFailure(side, e);
            return;
        } catch (RuntimeException e) {
            fail("not an SSLException out of the engine: " + e, e);
        }
        assertEquals(0, side.appReceived, "application data from an unverified record");
    }

    /** A local fault: not internal_error, its alert is sent next, then the engine is closed both ways. */
    private static void checkFailure(Side side, SSLException e) {
        assertEquals(0, side.appReceived, "application data from an unverified record");
        TlsAlertException local = null;
        for (Throwable t : e.getSuppressed()) {
            if (t instanceof TlsAlertException a) {
                local = a;
            }
        }
        if (local == null) {
            assertTrue(side.engine.isInboundDone(), "peer alert: inbound done");
            return; // the peer's (fuzzed) fatal alert: nothing to answer
        }
        if (local.description() == AlertDescription.INTERNAL_ERROR) {
            fail("internal_error for peer input: " + e.getMessage(), e);
        }
        int before = side.sent.size();
        try {
            side.net.clear();
            side.engine.wrap(ByteBuffer.allocate(0), side.net);
            side.net.flip();
            side.split(side.net);
        } catch (SSLException again) {
            fail("wrap after a fault must send the alert, threw " + again, again);
        }
        assertTrue(side.sent.size() > before && side.sent.get(before)[0] == 21,
                () -> "no alert record sent for " + e.getMessage());
        assertTrue(side.engine.isOutboundDone() && side.engine.isInboundDone(), "engine closed after the alert");
    }
}
