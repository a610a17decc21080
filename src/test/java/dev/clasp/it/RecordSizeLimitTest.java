package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.it.TestPki.Peer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 8449 record_size_limit, both roles, Clasp against Clasp (no Java provider besides Clasp has it; SunJSSE
 * ignoring it is in {@link MaxFragmentLengthTest#claspClientSunJsseServer}). Each side's limit comes from
 * {@code clasp.recordSizeLimit} (or the maximum packet size). It binds the peer's protected records (RFC 8449 4:
 * "Unprotected messages are not subject to this limit"); Clasp sends within the peer's limit from the hello on,
 * handshake records included, as GnuTLS expects.
 */
class RecordSizeLimitTest {
    static final String GCM = MaxFragmentLengthTest.GCM;
    static final String CBC = MaxFragmentLengthTest.CBC;

    static SSLEngine client(String limit, String suite) throws Exception {
        SSLEngine e = JdkPropertiesTest.claspWith(Map.of("clasp.recordSizeLimit", limit), null)
                .createSSLEngine("localhost", 8443);
        e.setUseClientMode(true);
        e.setEnabledCipherSuites(new String[] {suite});
        return e;
    }

    static SSLEngine server(String limit) throws Exception {
        SSLContext ctx = limit == null ? TestPki.context(Peer.CLASP, "server-ec256.p12")
                : JdkPropertiesTest.claspWith(Map.of("clasp.recordSizeLimit", limit), "server-ec256.p12");
        SSLEngine e = ctx.createSSLEngine();
        e.setUseClientMode(false);
        return e;
    }

    @ParameterizedTest(name = "client {0}, server {1}, {2}")
    @CsvSource({"64, 0, " + GCM, "512, 0, " + GCM, "1000, 0, " + CBC, "4096, 0, " + GCM, "16384, 0, " + GCM,
            "2000, 700, " + GCM, "700, 2000, " + CBC, "0, 512, " + GCM})
    void eachSideSendsWithinThePeersLimit(int clientLimit, int serverLimit, String suite) throws Exception {
        RecordLog log = new RecordLog();
        MitmPair p = RecordLog.exchange(client(Integer.toString(clientLimit), suite), server(Integer.toString(serverLimit)),
                log, 20_000);
        int expansion = MaxFragmentLengthTest.EXPANSION.get(suite);
        int toClient = clientLimit > 0 ? clientLimit : 16_384;
        int toServer = clientLimit > 0 && serverLimit > 0 ? serverLimit : 16_384;
        for (boolean fromClient : new boolean[] {true, false}) {
            int limit = fromClient ? toServer : toClient;
            log.assertWithin(fromClient, limit, expansion);
            // Full records: the limit is used, not merely respected.
            assertTrue(log.largest(fromClient, true, 23) > Math.min(limit, 20_000 / 2), log.toString());
        }
        if (clientLimit > 0) {
            // The server answered: its own limit, or 2^14 when it has none, so the client's limit is in force.
            assertEquals(serverLimit > 0 ? serverLimit : 16_384,
                    RecordLog.stateField(p.client.getSession(), "peerRecordSizeLimit"));
            assertEquals(clientLimit, RecordLog.stateField(p.server.getSession(), "peerRecordSizeLimit"));
        } else {
            // A client without a limit does not offer the extension; the server's limit then is not announced.
            assertEquals(0, RecordLog.stateField(p.client.getSession(), "peerRecordSizeLimit"));
        }
        if (clientLimit > 0 && clientLimit <= 512) {
            // The server's Certificate went in several records (it is longer than the limit).
            assertTrue(log.of(false, r -> !r.protectedRecord() && r.type() == 22).size() > 1, log.toString());
        }
    }

    /**
     * RFC 8449 5: offered both, a Clasp server takes record_size_limit and does not echo max_fragment_length
     * (the client derives both from its maximum packet size of 837: 512 each).
     */
    @Test
    void recordSizeLimitWinsOverMaxFragmentLength() throws Exception {
        RecordLog log = new RecordLog();
        SSLEngine c = MaxFragmentLengthTest.client(MaxFragmentLengthTest.claspClient(true), GCM, 837);
        MitmPair p = RecordLog.exchange(c, server(null), log, 20_000);
        assertEquals(0, RecordLog.stateField(p.client.getSession(), "maxFragmentLength"));
        assertEquals(0, RecordLog.stateField(p.server.getSession(), "maxFragmentLength"));
        assertEquals(512, RecordLog.stateField(p.server.getSession(), "peerRecordSizeLimit"));
        log.assertWithin(false, 512, 24);
        for (RecordLog.Rec r : log.of(true, r -> true)) {
            assertTrue(5 + r.length() <= 837, "the client's records fit its maximum packet size: " + r);
        }
    }

    /** A client offered both; a man in the middle adds max_fragment_length to the server's answer. */
    @Test
    void clientRefusesBothInServerHello() throws Exception {
        SSLEngine c = MaxFragmentLengthTest.client(MaxFragmentLengthTest.claspClient(true), GCM, 837);
        MitmPair p = new MitmPair(c, server(null), (fromClient, index, record) ->
                List.of(!fromClient && index == 0 ? addToServerHello(record, new byte[] {0, 1, 0, 1, 1}) : record))
                .run();
        NegativeHandshakeTest.assertDetected(p, true, Peer.CLASP, AlertDescription.ILLEGAL_PARAMETER,
                SSLHandshakeException.class, "RFC 8449 5");
    }

    /** RFC 6066 4: an answer other than the length asked for is illegal_parameter. */
    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void clientRefusesAnotherLength(int code) throws Exception {
        SSLEngine c = MaxFragmentLengthTest.client(MaxFragmentLengthTest.claspClient(false), GCM, 837);
        MitmPair p = new MitmPair(c, MaxFragmentLengthTest.server(Peer.CLASP), (fromClient, index, record) ->
                List.of(!fromClient && index == 0 ? changeMaxFragmentLength(record, code) : record)).run();
        NegativeHandshakeTest.assertDetected(p, true, Peer.CLASP, AlertDescription.ILLEGAL_PARAMETER,
                SSLHandshakeException.class, "RFC 6066 4");
    }

    /** RFC 8449 4: a limit below 64 from the server is illegal_parameter. */
    @Test
    void clientRefusesALimitBelow64() throws Exception {
        MitmPair p = new MitmPair(client("1000", GCM), server(null), (fromClient, index, record) ->
                List.of(!fromClient && index == 0 ? changeRecordSizeLimit(record, 63) : record)).run();
        NegativeHandshakeTest.assertDetected(p, true, Peer.CLASP, AlertDescription.ILLEGAL_PARAMETER,
                SSLHandshakeException.class, "64");
    }

    // ----------------------------------------------------------------------------- ServerHello surgery

    /** The ServerHello at the start of {@code record}'s fragment: offset of its extensions vector length. */
    private static int extensionsAt(byte[] f) {
        assertEquals(2, f[0], "a ServerHello first");
        int sid = f[4 + 2 + 32] & 0xFF;
        return 4 + 2 + 32 + 1 + sid + 2 + 1;
    }

    static byte[] addToServerHello(byte[] record, byte[] extension) {
        byte[] f = MitmPair.fragment(record);
        int at = extensionsAt(f);
        int msgLen = ((f[1] & 0xFF) << 16) | ((f[2] & 0xFF) << 8) | (f[3] & 0xFF);
        int extLen = ((f[at] & 0xFF) << 8) | (f[at + 1] & 0xFF);
        int end = 4 + msgLen;
        byte[] out = new byte[f.length + extension.length];
        System.arraycopy(f, 0, out, 0, end);
        System.arraycopy(extension, 0, out, end, extension.length);
        System.arraycopy(f, end, out, end + extension.length, f.length - end);
        msgLen += extension.length;
        extLen += extension.length;
        out[1] = (byte) (msgLen >>> 16);
        out[2] = (byte) (msgLen >>> 8);
        out[3] = (byte) msgLen;
        out[at] = (byte) (extLen >>> 8);
        out[at + 1] = (byte) extLen;
        return MitmPair.record(22, out);
    }

    /** Offset of the data of extension {@code type} in the ServerHello, or a failed assertion. */
    private static int findExtension(byte[] f, int type) {
        int at = extensionsAt(f);
        int end = at + 2 + (((f[at] & 0xFF) << 8) | (f[at + 1] & 0xFF));
        for (int pos = at + 2; pos + 4 <= end; ) {
            int t = ((f[pos] & 0xFF) << 8) | (f[pos + 1] & 0xFF);
            int len = ((f[pos + 2] & 0xFF) << 8) | (f[pos + 3] & 0xFF);
            if (t == type) {
                return pos + 4;
            }
            pos += 4 + len;
        }
        throw new AssertionError("ServerHello lacks extension " + type + ": " + Arrays.toString(f));
    }

    static byte[] changeMaxFragmentLength(byte[] record, int code) {
        byte[] f = MitmPair.fragment(record);
        f[findExtension(f, 1)] = (byte) code;
        return MitmPair.record(22, f);
    }

    static byte[] changeRecordSizeLimit(byte[] record, int limit) {
        byte[] f = MitmPair.fragment(record);
        int at = findExtension(f, 28);
        f[at] = (byte) (limit >>> 8);
        f[at + 1] = (byte) limit;
        return MitmPair.record(22, f);
    }
}
