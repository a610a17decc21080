package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.engine.ClaspSSLSession;
import dev.clasp.it.TestPki.Peer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NULL-cipher suites (RFC 5246 6.2.3.1 with the null stream cipher: records carry the plaintext and an HMAC)
 * and the ECDH_anon suites (RFC 8422 5.4: unsigned ServerECDHParams, no certificates), Clasp against Clasp with
 * jdk.tls.disabledAlgorithms relaxed (SunJSSE reads it once per JVM: {@link RelaxedPolicySunJsseTest} runs it in a
 * JVM of its own; openssl and gnutls are in nativepeer.NullSuitesNativeTest).
 */
class NullCipherSuitesTest {
    /** The seven suites of issue 4 and the key store a server needs for each (null: anonymous). */
    static final List<String[]> SUITES = List.of(
            new String[] {"TLS_ECDHE_ECDSA_WITH_NULL_SHA", "server-ec256.p12"},
            new String[] {"TLS_ECDHE_RSA_WITH_NULL_SHA", "server-rsa.p12"},
            new String[] {"TLS_RSA_WITH_NULL_SHA256", "server-rsa.p12"},
            new String[] {"SSL_RSA_WITH_NULL_SHA", "server-rsa.p12"},
            new String[] {"TLS_ECDH_anon_WITH_NULL_SHA", null},
            new String[] {"TLS_ECDH_anon_WITH_AES_128_CBC_SHA", null},
            new String[] {"TLS_ECDH_anon_WITH_AES_256_CBC_SHA", null});

    static SSLContext relaxed(String keyStore) throws Exception {
        return StaticRsa.everySuite(() -> TestPki.context(Peer.CLASP, keyStore));
    }

    static EnginePair pair(String suite, String keyStore) throws Exception {
        SSLEngine client = relaxed(null).createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {suite});
        // The server has a certificate either way: an anonymous suite sends none.
        SSLEngine server = relaxed(keyStore == null ? "server-rsa.p12" : keyStore).createSSLEngine();
        server.setUseClientMode(false);
        server.setEnabledCipherSuites(new String[] {suite});
        return new EnginePair(client, server);
    }

    @ParameterizedTest
    @CsvSource({"TLS_ECDHE_ECDSA_WITH_NULL_SHA, server-ec256.p12", "TLS_ECDHE_RSA_WITH_NULL_SHA, server-rsa.p12",
        "TLS_RSA_WITH_NULL_SHA256, server-rsa.p12", "SSL_RSA_WITH_NULL_SHA, server-rsa.p12",
        "TLS_ECDH_anon_WITH_NULL_SHA,", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA,", "TLS_ECDH_anon_WITH_AES_256_CBC_SHA,"})
    void handshakeAndDataBothWays(String suite, String keyStore) throws Exception {
        EnginePair p = pair(suite, keyStore);
        p.handshake();
        for (SSLEngine e : List.of(p.client, p.server)) {
            assertEquals(suite, e.getSession().getCipherSuite());
        }
        if (keyStore == null) {
            // RFC 8422 5.4 / RFC 5246 7.4.2: no certificates either way; the group is the ECDHE default.
            assertThrows(SSLPeerUnverifiedException.class, () -> p.client.getSession().getPeerCertificates());
            assertNull(p.server.getSession().getLocalCertificates());
            assertEquals("x25519", ((ClaspSSLSession) p.client.getSession()).getNamedGroup());
        } else {
            assertNotNull(p.client.getSession().getPeerCertificates());
        }
        byte[] data = new byte[40_000];
        new Random(suite.hashCode()).nextBytes(data);
        assertArrayEquals(data, p.send(true, data));
        assertArrayEquals(data, p.send(false, data));
        p.close(true);
    }

    /** RFC 5246 6.2.3.1: with the null cipher the record is the plaintext followed by its HMAC. */
    @ParameterizedTest
    @CsvSource({"TLS_ECDHE_ECDSA_WITH_NULL_SHA, server-ec256.p12, 20", "TLS_RSA_WITH_NULL_SHA256, server-rsa.p12, 32",
        "TLS_ECDH_anon_WITH_NULL_SHA,, 20"})
    void plaintextOnTheWireAndAFlippedByteIsBadRecordMac(String suite, String keyStore, int macLength)
            throws Exception {
        EnginePair p = pair(suite, keyStore);
        p.handshake();
        byte[] message = "NULL cipher: integrity only, this line is readable on the wire".getBytes(StandardCharsets.US_ASCII);
        byte[] record = wrap(p.client, message);
        assertEquals(5 + message.length + macLength, record.length);
        assertEquals(23, record[0]);
        assertArrayEquals(message, Arrays.copyOfRange(record, 5, 5 + message.length), "content in the clear");
        assertArrayEquals(message, unwrap(p.server, record));

        // The next record, with one content byte flipped: the server refuses it with bad_record_mac.
        byte[] second = wrap(p.client, message);
        second[5 + 3] ^= 0x01;
        SSLException x = assertThrows(SSLException.class, () -> unwrap(p.server, second));
        assertTrue(x.getMessage().contains(AlertDescription.BAD_RECORD_MAC.ianaName()), x.getMessage());
        // The alert goes out next, as for every fatal error.
        ByteBuffer out = ByteBuffer.allocate(p.server.getSession().getPacketBufferSize());
        SSLEngineResult r = p.server.wrap(ByteBuffer.allocate(0), out);
        assertTrue(r.bytesProduced() > 0, r.toString());
        assertEquals(21, out.get(0), "an alert record");
    }

    @Test
    void aFlippedMacByteIsBadRecordMacToo() throws Exception {
        EnginePair p = pair("TLS_ECDHE_RSA_WITH_NULL_SHA", "server-rsa.p12");
        p.handshake();
        byte[] record = wrap(p.server, "to the client".getBytes(StandardCharsets.US_ASCII));
        record[record.length - 1] ^= (byte) 0x80;
        SSLException x = assertThrows(SSLException.class, () -> unwrap(p.client, record));
        assertTrue(x.getMessage().contains(AlertDescription.BAD_RECORD_MAC.ianaName()), x.getMessage());
    }

    /**
     * RFC 7366 2 applies encrypt-then-MAC to block ciphers only: a client offering CBC and NULL suites sends the
     * extension, a server choosing a NULL suite does not answer it, and the records stay content || MAC.
     */
    @Test
    void encryptThenMacIsNotNegotiatedForNullSuites() throws Exception {
        SSLEngine client = relaxed(null).createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_NULL_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"});
        SSLEngine server = relaxed("server-rsa.p12").createSSLEngine();
        server.setUseClientMode(false);
        server.setEnabledCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_NULL_SHA"});
        EnginePair p = new EnginePair(client, server);
        p.handshake();
        assertEquals("TLS_ECDHE_RSA_WITH_NULL_SHA", client.getSession().getCipherSuite());
        byte[] record = wrap(server, new byte[] {1, 2, 3});
        assertEquals(5 + 3 + 20, record.length);
        assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOfRange(record, 5, 8));
    }

    /** A session made with a NULL suite resumes with it (abbreviated handshake, same keys layout). */
    @Test
    void resumes() throws Exception {
        SSLContext c = relaxed(null);
        SSLContext s = relaxed("server-rsa.p12");
        for (int i = 0; i < 2; i++) {
            SSLEngine client = c.createSSLEngine("localhost", 443);
            client.setUseClientMode(true);
            client.setEnabledCipherSuites(new String[] {"SSL_RSA_WITH_NULL_SHA"});
            SSLEngine server = s.createSSLEngine();
            server.setUseClientMode(false);
            server.setEnabledCipherSuites(new String[] {"SSL_RSA_WITH_NULL_SHA"});
            EnginePair p = new EnginePair(client, server);
            p.handshake();
            assertEquals(i == 1, ((ClaspSSLSession) client.getSession()).isResumed());
            assertArrayEquals(new byte[] {9, 8, 7}, p.send(true, new byte[] {9, 8, 7}));
        }
    }

    /** An ECDH_anon server cannot satisfy needClientAuth (SunJSSE's rule, as for DH_anon). */
    @Test
    void needClientAuthExcludesEcdhAnon() throws Exception {
        EnginePair p = pair("TLS_ECDH_anon_WITH_AES_128_CBC_SHA", null);
        p.server.setNeedClientAuth(true);
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, p::handshake);
        assertTrue(e.getMessage().contains("handshake_failure"), e.getMessage());
    }

    /** Under the JDK's own policy ("anon", "NULL") every new suite is known, accepted by name, and never used. */
    @ParameterizedTest
    @ValueSource(strings = {"TLS_ECDHE_ECDSA_WITH_NULL_SHA", "TLS_RSA_WITH_NULL_SHA256", "SSL_RSA_WITH_NULL_SHA",
        "TLS_RSA_WITH_NULL_SHA", "TLS_ECDH_anon_WITH_NULL_SHA", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA"})
    void refusedByTheDefaultPolicy(String suite) throws Exception {
        SSLEngine client = TestPki.context(Peer.CLASP, null).createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        assertFalse(Arrays.asList(client.getSupportedCipherSuites()).contains(suite));
        assertFalse(Arrays.asList(client.getEnabledCipherSuites()).contains(suite));
        client.setEnabledCipherSuites(new String[] {suite});
        SSLEngine server = TestPki.context(Peer.CLASP, "server-rsa.p12").createSSLEngine();
        server.setUseClientMode(false);
        SSLHandshakeException x = assertThrows(SSLHandshakeException.class, () -> new EnginePair(client, server).handshake());
        assertTrue(x.getMessage().contains("disabledAlgorithms"), x.getMessage());
    }

    static byte[] wrap(SSLEngine e, byte[] data) throws SSLException {
        ByteBuffer net = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        SSLEngineResult r = e.wrap(ByteBuffer.wrap(data), net);
        assertEquals(SSLEngineResult.Status.OK, r.getStatus());
        assertEquals(data.length, r.bytesConsumed());
        return Arrays.copyOf(net.array(), net.position());
    }

    static byte[] unwrap(SSLEngine e, byte[] record) throws SSLException {
        ByteBuffer app = ByteBuffer.allocate(e.getSession().getApplicationBufferSize());
        SSLEngineResult r = e.unwrap(ByteBuffer.wrap(record), app);
        assertEquals(SSLEngineResult.Status.OK, r.getStatus());
        return Arrays.copyOf(app.array(), app.position());
    }
}
