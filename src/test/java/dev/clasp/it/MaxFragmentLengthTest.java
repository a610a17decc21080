package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.engine.ClaspSSLSession;
import dev.clasp.it.TestPki.Peer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 6066 4 max_fragment_length, both roles, against Clasp and SunJSSE (surefire sets SunJSSE's
 * {@code jsse.enableMFLNExtension=true}): a client asks for it as SunJSSE does, from a maximum packet size (minus
 * 325) with {@code jsse.enableMFLNExtension}; every record after the ServerHello, handshake records included,
 * stays within the length; more data than the length crosses both ways; an oversized record is record_overflow.
 */
class MaxFragmentLengthTest {
    static final String GCM = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    static final String CBC = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";
    /** Most a protected record adds with each suite as Clasp and SunJSSE pad (minimal CBC padding). */
    static final Map<String, Integer> EXPANSION = Map.of(GCM, 8 + 16, CBC, 16 + 32 + 16);

    /** A Clasp client context that asks for max_fragment_length (and, with {@code rsl}, record_size_limit too). */
    static SSLContext claspClient(boolean rsl) throws Exception {
        return JdkPropertiesTest.claspWith(rsl ? Map.of("jsse.enableMFLNExtension", "true")
                : Map.of("jsse.enableMFLNExtension", "true", "clasp.recordSizeLimit", "0"), null);
    }

    static SSLEngine client(SSLContext ctx, String suite, int maximumPacketSize) {
        SSLEngine e = ctx.createSSLEngine("localhost", 8443);
        e.setUseClientMode(true);
        e.setEnabledCipherSuites(new String[] {suite});
        SSLParameters p = e.getSSLParameters();
        p.setMaximumPacketSize(maximumPacketSize);
        e.setSSLParameters(p);
        return e;
    }

    static SSLEngine server(Peer peer) throws Exception {
        SSLEngine e = TestPki.context(peer, "server-ec256.p12").createSSLEngine();
        e.setUseClientMode(false);
        return e;
    }

    /** SunJSSE's rule: the maximum packet size minus 325 rounded down to a max_fragment_length. */
    static int packetFor(int length) {
        return length + 325;
    }

    static Stream<Arguments> lengthsAndSuites() {
        List<Arguments> out = new ArrayList<>();
        for (int length : new int[] {512, 1024, 2048, 4096}) {
            out.add(Arguments.of(length, GCM));
            out.add(Arguments.of(length, CBC));
        }
        return out.stream();
    }

    static Stream<Integer> lengths() {
        return Stream.of(512, 1024, 2048, 4096);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lengthsAndSuites")
    void claspClientClaspServer(int length, String suite) throws Exception {
        RecordLog log = new RecordLog();
        MitmPair p = RecordLog.exchange(client(claspClient(false), suite, packetFor(length)), server(Peer.CLASP), log,
                20_000);
        assertLimited(log, length, suite);
        assertEquals(length, RecordLog.stateField(p.client.getSession(), "maxFragmentLength"));
        assertEquals(length, RecordLog.stateField(p.server.getSession(), "maxFragmentLength"));
    }

    /** The server's records (its Certificate among them) prove the server applies the length from ServerHello on. */
    static void assertLimited(RecordLog log, int length, String suite) {
        int expansion = EXPANSION.get(suite);
        log.assertWithin(true, length, expansion);   // after the ClientHello
        log.assertWithin(false, length, expansion);  // the server's whole flight
        // The data went in full-length records, 20000 bytes in at least 20000 / length of them.
        for (boolean fromClient : new boolean[] {true, false}) {
            List<RecordLog.Rec> data = log.of(fromClient, r -> r.type() == 23);
            assertTrue(data.size() >= 20_000 / length, data.size() + " records\n" + log);
            assertTrue(log.largest(fromClient, true, 23) > length, "full records\n" + log);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lengths")
    void claspClientSunJsseServer(int length) throws Exception {
        RecordLog log = new RecordLog();
        // Clasp offers record_size_limit too; SunJSSE does not know it and answers max_fragment_length.
        MitmPair p = RecordLog.exchange(client(claspClient(true), GCM, packetFor(length)), server(Peer.SUNJSSE), log,
                20_000);
        assertLimited(log, length, GCM);
        assertEquals(length, RecordLog.stateField(p.client.getSession(), "maxFragmentLength"));
        assertEquals(0, RecordLog.stateField(p.client.getSession(), "peerRecordSizeLimit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lengths")
    void sunJsseClientClaspServer(int length) throws Exception {
        RecordLog log = new RecordLog();
        SSLEngine c = client(TestPki.context(Peer.SUNJSSE, null), GCM, packetFor(length));
        MitmPair p = RecordLog.exchange(c, server(Peer.CLASP), log, 20_000);
        assertLimited(log, length, GCM);
        assertEquals(length, RecordLog.stateField(p.server.getSession(), "maxFragmentLength"));
    }

    /** Without the request the same server sends its Certificate in one record: the checks above can fail. */
    @Test
    void withoutTheExtensionRecordsAreLarger() throws Exception {
        RecordLog log = new RecordLog();
        SSLContext ctx = JdkPropertiesTest.claspWith(Map.of("jsse.enableMFLNExtension", "false",
                "clasp.recordSizeLimit", "0"), null);
        MitmPair p = RecordLog.exchange(client(ctx, GCM, packetFor(512)), server(Peer.CLASP), log, 20_000);
        assertTrue(log.largest(false, false, 22) > 512, log.toString());
        assertEquals(0, RecordLog.stateField(p.client.getSession(), "maxFragmentLength"));
        // The client's own maximum packet size still caps what it sends (as SunJSSE), not what it accepts.
        for (RecordLog.Rec r : log.of(true, r -> true)) {
            assertTrue(5 + r.length() <= packetFor(512), r.toString());
        }
        assertTrue(log.largest(false, true, 23) > 16_000, log.toString());
    }

    /**
     * SunJSSE's SSLSessionImpl sizes with a negotiated length: the larger of the maximum packet size and the
     * length's packet (getPacketBufferSize), the larger of the length and what fits the packet (application).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lengths")
    void sessionBufferSizesAsSunJsse(int length) throws Exception {
        MitmPair clasp = RecordLog.exchange(client(claspClient(false), GCM, packetFor(length)), server(Peer.SUNJSSE),
                new RecordLog(), 100);
        MitmPair sun = RecordLog.exchange(client(TestPki.context(Peer.SUNJSSE, null), GCM, packetFor(length)),
                server(Peer.SUNJSSE), new RecordLog(), 100);
        assertEquals(sun.client.getSession().getPacketBufferSize(), clasp.client.getSession().getPacketBufferSize());
        assertEquals(sun.client.getSession().getApplicationBufferSize(),
                clasp.client.getSession().getApplicationBufferSize());
        assertTrue(clasp.client.getSession().getPacketBufferSize() < 16_709);
        // A maximum packet size of 0: the length's own packet (header + length + nonce + tag).
        SSLEngine c = client(claspClient(false), GCM, 0);
        SSLParameters none = c.getSSLParameters();
        assertEquals(0, none.getMaximumPacketSize());
        assertEquals(0, RecordLog.stateField(RecordLog.exchange(c, server(Peer.SUNJSSE), new RecordLog(), 100)
                .client.getSession(), "maxFragmentLength"), "nothing to derive the request from");
    }

    @Test
    void defaultMaximumPacketSizeIsSunJsses() throws Exception {
        assertEquals(TestPki.context(Peer.SUNJSSE, null).createSSLEngine().getSSLParameters().getMaximumPacketSize(),
                TestPki.context(Peer.CLASP, null).createSSLEngine().getSSLParameters().getMaximumPacketSize());
    }

    /** RFC 6066 4: the length is part of the session; the resumed connection keeps it (id and ticket). */
    @Test
    void resumptionKeepsTheLength() throws Exception {
        SSLContext cctx = claspClient(false);
        SSLContext sctx = TestPki.context(Peer.CLASP, "server-ec256.p12");
        for (int i = 0; i < 2; i++) {
            RecordLog log = new RecordLog();
            SSLEngine s = sctx.createSSLEngine();
            s.setUseClientMode(false);
            MitmPair p = RecordLog.exchange(client(cctx, GCM, packetFor(1024)), s, log, 5000);
            assertEquals(i == 1, ((ClaspSSLSession) p.client.getSession()).isResumed(), "connection " + i);
            assertLimited(log, 1024, GCM, 5000);
            assertEquals(1024, RecordLog.stateField(p.server.getSession(), "maxFragmentLength"));
        }
        // A client that now asks for another length still asks for the session's (as SunJSSE) and resumes.
        RecordLog log = new RecordLog();
        SSLEngine s = sctx.createSSLEngine();
        s.setUseClientMode(false);
        MitmPair p = RecordLog.exchange(client(cctx, GCM, packetFor(512)), s, log, 5000);
        assertTrue(((ClaspSSLSession) p.client.getSession()).isResumed());
        assertLimited(log, 1024, GCM, 5000);
    }

    static void assertLimited(RecordLog log, int length, String suite, int size) {
        log.assertWithin(true, length, EXPANSION.get(suite));
        log.assertWithin(false, length, EXPANSION.get(suite));
        assertTrue(log.of(false, r -> r.type() == 23).size() >= size / length, log.toString());
    }

    /**
     * A man in the middle joins two of the server's handshake records after ServerHello into one longer than the
     * negotiated 512: the client refuses it with record_overflow (RFC 6066 4) before it reads further.
     */
    @Test
    void clientRefusesAnOversizedRecord() throws Exception {
        MitmPair p = new MitmPair(client(claspClient(false), GCM, packetFor(512)), server(Peer.CLASP),
                joining(false, 1)).run();
        NegativeHandshakeTest.assertDetected(p, true, Peer.CLASP, AlertDescription.RECORD_OVERFLOW,
                SSLHandshakeException.class, "512");
    }

    /** The same from the client: its Certificate flight, rejoined, is over the length the server agreed to. */
    @Test
    void serverRefusesAnOversizedRecord() throws Exception {
        SSLContext cctx = JdkPropertiesTest.claspWith(Map.of("jsse.enableMFLNExtension", "true",
                "clasp.recordSizeLimit", "0"), "client-ec.p12");
        SSLEngine s = server(Peer.CLASP);
        s.setNeedClientAuth(true);
        MitmPair p = new MitmPair(client(cctx, GCM, packetFor(512)), s, joining(true, 1)).run();
        NegativeHandshakeTest.assertDetected(p, false, Peer.CLASP, AlertDescription.RECORD_OVERFLOW,
                SSLHandshakeException.class, "512");
    }

    /** Holds one side's record {@code first} and delivers it joined with the next one, as one record. */
    static MitmPair.Tamper joining(boolean fromClientSide, int first) {
        byte[][] held = new byte[1][];
        return (fromClient, index, record) -> {
            if (fromClient != fromClientSide || index < first || index > first + 1) {
                return List.of(record);
            }
            if (index == first) {
                held[0] = record;
                return List.of();
            }
            assertEquals(22, MitmPair.type(held[0]));
            assertEquals(22, MitmPair.type(record));
            byte[] a = MitmPair.fragment(held[0]);
            byte[] b = MitmPair.fragment(record);
            byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, joined, a.length, b.length);
            assertFalse(joined.length <= 512, "the joined record is over the length");
            return List.of(MitmPair.record(22, joined));
        };
    }
}
