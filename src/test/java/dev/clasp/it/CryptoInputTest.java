package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.message.HandshakeType;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Crypto input checks at the engine, on the wire (issue 6): a real Clasp engine in the middle of a genuine
 * handshake ({@link RecordedHandshake}) receives a key share, signature or certificate that parses but must not
 * be accepted, and answers with the alert RFC 5246 / 8422 / 7748 prescribe, sent before it closes.
 */
class CryptoInputTest {
    private static final RecordedHandshake.Recording REC = RecordedHandshake.recording();
    private static final boolean SERVER = false;
    private static final boolean CLIENT = true;

    /** The client's genuine record {@code i}: 0 hello, 1 certificate, 2 key exchange, 3 certificate verify. */
    private static byte[] clientRecord(int i, HandshakeType type) {
        byte[] rec = REC.client().get(i).clone();
        assertEquals(type.code(), rec[5] & 0xFF, "recorded client message " + i);
        return rec;
    }

    /** A ClientKeyExchange (RFC 8422 5.7: opaque point <1..2^8-1>) with this public value. */
    private static byte[] clientKeyExchange(byte[] point) {
        byte[] m = new byte[4 + 1 + point.length];
        m[0] = (byte) HandshakeType.CLIENT_KEY_EXCHANGE.code();
        m[3] = (byte) (1 + point.length);
        m[4] = (byte) point.length;
        System.arraycopy(point, 0, m, 5, point.length);
        return EngineStateTableTest.handshakeRecord(m);
    }

    private static int recordedPointLength() {
        return clientRecord(2, HandshakeType.CLIENT_KEY_EXCHANGE)[9] & 0xFF;
    }

    @Test
    void recordedHandshakeUsesX25519() {
        assertEquals(32, recordedPointLength(), "these cases assume the x25519 default group");
    }

    /** RFC 7748 6.1 / RFC 8422 5.11: an all-zero shared secret must be refused; u = 0 gives one. */
    @Test
    void x25519AllZeroPublicValue() throws Exception {
        String msg = EngineStateTableTest.assertRefused("u=0", SERVER, 2, clientKeyExchange(new byte[32]),
                AlertDescription.ILLEGAL_PARAMETER);
        assertTrue(msg.contains("all-zero"), msg);
    }

    /** u = 1 is of small order: the shared secret is all zero too. */
    @Test
    void x25519SmallOrderPublicValue() throws Exception {
        byte[] u = new byte[32];
        u[0] = 1;
        EngineStateTableTest.assertRefused("u=1", SERVER, 2, clientKeyExchange(u), AlertDescription.ILLEGAL_PARAMETER);
    }

    /** RFC 8422 5.11 (and 7748 5): an X25519 public value is exactly 32 bytes; other lengths are not a point. */
    @Test
    void x25519WrongLengthPublicValue() throws Exception {
        byte[] u = new byte[31];
        Arrays.fill(u, (byte) 9);
        EngineStateTableTest.assertRefused("31 bytes", SERVER, 2, clientKeyExchange(u),
                AlertDescription.ILLEGAL_PARAMETER);
    }

    /** RFC 5246 7.4.8: a CertificateVerify whose signature does not verify is decrypt_error. */
    @Test
    void certificateVerifyThatDoesNotVerify() throws Exception {
        byte[] cv = clientRecord(3, HandshakeType.CERTIFICATE_VERIFY);
        cv[cv.length - 1] ^= 0x01;
        EngineStateTableTest.assertRefused("bad CertificateVerify", SERVER, 3, cv, AlertDescription.DECRYPT_ERROR);
    }

    /**
     * RFC 5246 7.4.2: the server certificate's key must fit the suite's key exchange; an RSA certificate for the
     * negotiated ECDHE_ECDSA suite is unsupported_certificate, refused before any trust decision.
     */
    @Test
    void serverCertificateKeyDoesNotFitTheSuite() throws Exception {
        String msg = EngineStateTableTest.assertRefused("RSA certificate", CLIENT, 1,
                certificateRecord("server-rsa-chain.pem"), AlertDescription.UNSUPPORTED_CERTIFICATE);
        assertTrue(msg.contains("RSA"), msg);
    }

    /** RFC 5246 7.2.2: a client chain that leads to no trust anchor is unknown_ca. */
    @Test
    void clientCertificateFromAnUntrustedIssuer() throws Exception {
        EngineStateTableTest.assertRefused("untrusted client chain", SERVER, 1,
                certificateRecord("server-untrusted-chain.pem"), AlertDescription.UNKNOWN_CA);
    }

    private static byte[] certificateRecord(String pemChain) throws Exception {
        Collection<? extends Certificate> chain;
        try (InputStream in = Files.newInputStream(TestPki.dir().resolve(pemChain))) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (Certificate c : chain) {
            byte[] der = c.getEncoded();
            list.write(der.length >>> 16);
            list.write(der.length >>> 8);
            list.write(der.length);
            list.writeBytes(der);
        }
        byte[] certs = list.toByteArray();
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        int body = 3 + certs.length;
        for (int v : List.of(HandshakeType.CERTIFICATE.code(), body >>> 16, body >>> 8, body, certs.length >>> 16,
                certs.length >>> 8, certs.length)) {
            m.write(v);
        }
        m.writeBytes(certs);
        return EngineStateTableTest.handshakeRecord(m.toByteArray());
    }
}
