package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.ClaspSSLSession;
import dev.clasp.it.TestPki.Peer;
import dev.clasp.suite.CipherSuite;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4: every ECDHE CBC suite and every AES-CCM suite, Clasp in both roles against SunJSSE (which has no
 * encrypt_then_mac: MAC-then-encrypt records), BCJSSE (which negotiates RFC 7366 encrypt-then-MAC) and Clasp
 * itself (encrypt-then-MAC), in memory: handshake, data of several records both ways, close. The negotiated
 * mode is checked on Clasp's session and on the wire: a 100-byte record's length differs between the two.
 */
class CbcInteropTest {
    static final Peer[][] PAIRS = {
        {Peer.CLASP, Peer.SUNJSSE}, {Peer.SUNJSSE, Peer.CLASP}, {Peer.CLASP, Peer.CLASP},
        {Peer.CLASP, Peer.BCJSSE}, {Peer.BCJSSE, Peer.CLASP}};

    static Stream<Arguments> cbcMatrix() {
        List<Arguments> out = new ArrayList<>();
        for (Peer[] pair : PAIRS) {
            for (CipherSuite s : CipherSuite.values()) {
                // Static RSA and anonymous CBC suites are covered by KeyExchangeInteropTest,
                // AnonymousKeyExchangeTest and NullCipherSuitesTest (peers refuse them by default).
                if (s.bulkCipher().isCbc() && s.keyExchange() != dev.clasp.suite.KeyExchange.RSA
                        && !s.keyExchange().isAnonymous()) {
                    out.add(Arguments.of(pair[0], pair[1], s));
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> ccmMatrix() {
        List<Arguments> out = new ArrayList<>();
        for (Peer[] pair : new Peer[][] {{Peer.CLASP, Peer.CLASP}, {Peer.CLASP, Peer.BCJSSE},
                {Peer.BCJSSE, Peer.CLASP}}) {
            for (CipherSuite s : CipherSuite.values()) {
                if (s.bulkCipher().kind() == dev.clasp.suite.BulkCipher.RecordProtectionKind.AES_CCM) {
                    out.add(Arguments.of(pair[0], pair[1], s));
                }
            }
        }
        return out.stream();
    }

    static String serverKeys(CipherSuite s) {
        return switch (s.keyExchange()) {
            case ECDHE_RSA, DHE_RSA, RSA -> "server-rsa.p12";
            case DHE_DSS -> "server-dsa.p12";
            default -> "server-ec256.p12";
        };
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("cbcMatrix")
    void cbcSuite(Peer clientPeer, Peer serverPeer, CipherSuite suite) throws Exception {
        // RFC 7366: SunJSSE has no encrypt_then_mac; BCJSSE and Clasp negotiate it.
        boolean expectEtm = clientPeer != Peer.SUNJSSE && serverPeer != Peer.SUNJSSE;
        run(clientPeer, serverPeer, suite, expectEtm);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("ccmMatrix")
    void ccmSuite(Peer clientPeer, Peer serverPeer, CipherSuite suite) throws Exception {
        run(clientPeer, serverPeer, suite, false);
    }

    static void run(Peer clientPeer, Peer serverPeer, CipherSuite suite, boolean expectEtm) throws Exception {
        SSLEngine client = TestPki.context(clientPeer, null).createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {suite.name()});
        SSLEngine server = TestPki.context(serverPeer, serverKeys(suite)).createSSLEngine();
        server.setUseClientMode(false);
        server.setEnabledCipherSuites(new String[] {suite.name()}); // CCM is off by default

        EnginePair pair = new EnginePair(client, server);
        pair.handshake();
        assertEquals(suite.name(), client.getSession().getCipherSuite());
        assertEquals(suite.name(), server.getSession().getCipherSuite());
        for (SSLEngine e : new SSLEngine[] {client, server}) {
            if (e.getSession() instanceof ClaspSSLSession s) {
                assertEquals(expectEtm, s.isEncryptThenMac(), "encrypt-then-MAC on " + e);
            }
        }
        // The wire shows the mode: a 100-byte record from each side has the length of its layout.
        assertEquals(expectedRecordLength(suite, 100, expectEtm), oneRecord(client, server, 100), "client record");
        assertEquals(expectedRecordLength(suite, 100, expectEtm), oneRecord(server, client, 100), "server record");

        byte[] big = new byte[70_000];
        new Random(suite.id()).nextBytes(big);
        assertArrayEquals(big, pair.send(true, big), "client -> server");
        byte[] reply = new byte[40_000];
        new Random(~suite.id()).nextBytes(reply);
        assertArrayEquals(reply, pair.send(false, reply), "server -> client");
        pair.close(true);
        assertTrue(client.isOutboundDone() && client.isInboundDone(), "client closed");
        assertTrue(server.isOutboundDone() && server.isInboundDone(), "server closed");
    }

    /**
     * A forged CBC application record (one bit of the last block, i.e. the padding or the MAC) is bad_record_mac
     * at a Clasp server, whether the client is SunJSSE (MAC-then-encrypt) or Clasp (encrypt-then-MAC), and nothing
     * of it reaches the application.
     */
    @ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "SUNJSSE, TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "SUNJSSE, TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
        "CLASP, TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "CLASP, TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"})
    void forgedRecordIsBadRecordMac(Peer clientPeer, CipherSuite suite) throws Exception {
        SSLEngine client = TestPki.context(clientPeer, null).createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {suite.name()});
        SSLEngine server = TestPki.context(Peer.CLASP, serverKeys(suite)).createSSLEngine();
        server.setUseClientMode(false);
        MitmPair p = new MitmPair(client, server, (fromClient, index, rec) -> {
            if (fromClient && MitmPair.type(rec) == 23) {
                rec[rec.length - 1] ^= 0x01;
            }
            return List.of(rec);
        }).run();
        assertTrue(p.handshakeDone(), "handshake");
        p.offer(true, "secret request".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.drive();
        assertEquals(0, p.serverReceived().length, "no plaintext from a forged record");
        NegativeHandshakeTest.assertDetected(p, false, clientPeer, dev.clasp.alert.AlertDescription.BAD_RECORD_MAC,
                javax.net.ssl.SSLException.class, "record failed authentication");
    }

    /** RFC 5246 6.2.3.2 / RFC 7366 3 record sizes with minimal padding; RFC 6655 for CCM. */
    static int expectedRecordLength(CipherSuite suite, int n, boolean etm) {
        var b = suite.bulkCipher();
        if (!b.isCbc()) {
            return 5 + 8 + n + b.tagLength();
        }
        int mac = b.mac().length();
        return etm ? 5 + 16 + (n / 16 + 1) * 16 + mac : 5 + 16 + ((n + mac) / 16 + 1) * 16;
    }

    /** Wraps n bytes on {@code from}, unwraps them on {@code to}; returns the record's length on the wire. */
    static int oneRecord(SSLEngine from, SSLEngine to, int n) throws Exception {
        byte[] data = new byte[n];
        new Random(n).nextBytes(data);
        ByteBuffer net = ByteBuffer.allocate(from.getSession().getPacketBufferSize());
        SSLEngineResult r = from.wrap(ByteBuffer.wrap(data), net);
        assertEquals(SSLEngineResult.Status.OK, r.getStatus());
        assertEquals(n, r.bytesConsumed());
        net.flip();
        int length = net.remaining();
        ByteBuffer app = ByteBuffer.allocate(to.getSession().getApplicationBufferSize());
        while (net.hasRemaining()) {
            SSLEngineResult u = to.unwrap(net, app);
            assertEquals(SSLEngineResult.Status.OK, u.getStatus());
        }
        app.flip();
        byte[] got = new byte[app.remaining()];
        app.get(got);
        assertArrayEquals(data, got);
        return length;
    }
}
