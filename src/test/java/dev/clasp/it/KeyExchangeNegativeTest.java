package dev.clasp.it;

import static dev.clasp.it.NegativeHandshakeTest.assertDetected;
import static dev.clasp.it.NegativeHandshakeTest.client;
import static dev.clasp.it.NegativeHandshakeTest.handshakeMessages;
import static dev.clasp.it.NegativeHandshakeTest.indexOfType;
import static dev.clasp.it.NegativeHandshakeTest.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.it.NegativeHandshakeTest.Other;
import dev.clasp.it.TestPki.Peer;
import dev.clasp.message.ServerKeyExchangeDhe;
import dev.clasp.message.TlsReader;
import java.io.FileInputStream;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.crypto.Cipher;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 4's negative handshakes: a man in the middle rewrites DHE parameters and public values (RFC 7919 5.1) or
 * the RSA-encrypted premaster secret (RFC 5246 7.4.7.1), against a Clasp client or server and a real peer.
 */
class KeyExchangeNegativeTest {
    static final String DHE = "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256";
    static final String RSA = "TLS_RSA_WITH_AES_128_GCM_SHA256";

    /** The bad public values of RFC 7919 5.1 / SP 800-56A 5.6.2.3.1, as functions of p. */
    enum BadY {
        ZERO(p -> BigInteger.ZERO), ONE(p -> BigInteger.ONE), P_MINUS_1(p -> p.subtract(BigInteger.ONE)), P(p -> p),
        P_PLUS_2(p -> p.add(BigInteger.TWO));

        final Function<BigInteger, BigInteger> of;

        BadY(Function<BigInteger, BigInteger> of) {
            this.of = of;
        }

        byte[] bytes(BigInteger p) {
            BigInteger y = of.apply(p);
            byte[] b = y.toByteArray();
            byte[] out = new byte[(p.bitLength() + 7) / 8 + (y.bitLength() > p.bitLength() ? 1 : 0)];
            int n = Math.min(b.length, out.length);
            System.arraycopy(b, b.length - n, out, out.length - n, n);
            return out;
        }
    }

    static MitmPair pair(Peer clientPeer, Peer serverPeer, String suite, MitmPair.Tamper tamper) throws Exception {
        StaticRsa.assumePeersAllow(suite, clientPeer, serverPeer);
        SSLEngine c = StaticRsa.permitted(() -> client(clientPeer, null,
                e -> e.setEnabledCipherSuites(new String[] {suite})));
        SSLEngine s = StaticRsa.permitted(() -> server(serverPeer, "server-rsa.p12",
                e -> e.setEnabledCipherSuites(new String[] {suite})));
        return new MitmPair(c, s, tamper).run();
    }

    /** Replaces the ServerKeyExchange (type 12) with {@code edit}'s version of it. */
    static MitmPair.Tamper serverKeyExchange(UnaryOperator<ServerKeyExchangeDhe> edit) {
        return handshakeMessages(false, msgs -> {
            int i = indexOfType(msgs, 12);
            if (i >= 0) {
                byte[] m = msgs.get(i);
                try {
                    ServerKeyExchangeDhe ske = ServerKeyExchangeDhe.decode(new TlsReader(m, 4, m.length - 4));
                    msgs.set(i, edit.apply(ske).encode());
                } catch (TlsAlertException e) {
                    throw new AssertionError(e);
                }
            }
            return msgs;
        });
    }

    /** Replaces the body of the ClientKeyExchange (type 16). */
    static MitmPair.Tamper clientKeyExchange(UnaryOperator<byte[]> editBody) {
        return handshakeMessages(true, msgs -> {
            int i = indexOfType(msgs, 16);
            if (i >= 0) {
                byte[] m = msgs.get(i);
                byte[] body = editBody.apply(Arrays.copyOfRange(m, 4, m.length));
                byte[] out = new byte[4 + body.length];
                out[0] = 16;
                out[1] = (byte) (body.length >> 16);
                out[2] = (byte) (body.length >> 8);
                out[3] = (byte) body.length;
                System.arraycopy(body, 0, out, 4, body.length);
                msgs.set(i, out);
            }
            return msgs;
        });
    }

    @ParameterizedTest(name = "{0} server sends dh_Ys = {1}")
    @EnumSource(Other.class)
    void clientRejectsBadServerPublicValue(Other other) throws Exception {
        for (BadY bad : BadY.values()) {
            MitmPair p = pair(Peer.CLASP, other.peer(), DHE, serverKeyExchange(ske -> new ServerKeyExchangeDhe(
                    ske.p(), ske.g(), bad.bytes(new BigInteger(1, ske.p())), ske.signatureScheme(), ske.signature())));
            assertDetected(p, true, other.peer(), AlertDescription.ILLEGAL_PARAMETER, SSLHandshakeException.class,
                    "DH public value", "RFC 7919 5.1");
        }
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void clientRejectsSmallPrime(Other other) throws Exception {
        // A 1024-bit safe prime (RFC 2409 group 2): DH that SunJSSE 17 would still accept by default.
        BigInteger p1024 = new BigInteger("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
                + "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BF"
                + "F5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF", 16);
        MitmPair p = pair(Peer.CLASP, other.peer(), DHE, serverKeyExchange(ske -> new ServerKeyExchangeDhe(
                p1024.toByteArray(), ske.g(), BigInteger.valueOf(12345).toByteArray(), ske.signatureScheme(),
                ske.signature())));
        assertDetected(p, true, other.peer(), AlertDescription.INSUFFICIENT_SECURITY, SSLHandshakeException.class,
                "1024 bits", "RFC 7919 5.1");
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void clientRejectsBadGenerator(Other other) throws Exception {
        MitmPair p = pair(Peer.CLASP, other.peer(), DHE, serverKeyExchange(ske -> new ServerKeyExchangeDhe(
                ske.p(), new byte[] {1}, ske.ys(), ske.signatureScheme(), ske.signature())));
        assertDetected(p, true, other.peer(), AlertDescription.ILLEGAL_PARAMETER, SSLHandshakeException.class,
                "generator");
    }

    /** A valid-looking group with a tampered Ys passes the range checks and fails the signature. */
    @ParameterizedTest
    @EnumSource(Other.class)
    void clientRejectsTamperedButValidPublicValue(Other other) throws Exception {
        MitmPair p = pair(Peer.CLASP, other.peer(), DHE, serverKeyExchange(ske -> new ServerKeyExchangeDhe(
                ske.p(), ske.g(), BigInteger.valueOf(4).toByteArray(), ske.signatureScheme(), ske.signature())));
        assertDetected(p, true, other.peer(), AlertDescription.DECRYPT_ERROR, SSLHandshakeException.class,
                "ServerKeyExchange signature");
    }

    @ParameterizedTest(name = "{0} client sends bad dh_Yc")
    @EnumSource(Other.class)
    void serverRejectsBadClientPublicValue(Other other) throws Exception {
        BigInteger p = new BigInteger(1, dev.clasp.crypto.DheKeyShare.unsignedBytes(
                dev.clasp.crypto.FfdheGroups.prime(dev.clasp.suite.NamedGroup.FFDHE2048)));
        for (BadY bad : BadY.values()) {
            MitmPair m = pair(other.peer(), Peer.CLASP, DHE,
                    clientKeyExchange(body -> {
                        byte[] y = bad.bytes(p);
                        byte[] out = new byte[2 + y.length];
                        out[0] = (byte) (y.length >> 8);
                        out[1] = (byte) y.length;
                        System.arraycopy(y, 0, out, 2, y.length);
                        return out;
                    }));
            assertDetected(m, false, other.peer(), AlertDescription.ILLEGAL_PARAMETER, SSLHandshakeException.class,
                    "DH public value", "RFC 7919 5.1");
        }
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void serverRejectsEmptyClientPublicValue(Other other) throws Exception {
        MitmPair m = pair(other.peer(), Peer.CLASP, DHE, clientKeyExchange(body -> new byte[] {0, 0}));
        assertDetected(m, false, other.peer(), AlertDescription.DECODE_ERROR, SSLHandshakeException.class, "dh_Yc");
    }

    /**
     * RFC 5246 7.4.7.1: whatever is wrong with the encrypted premaster secret (bad padding, wrong version, wrong
     * length, garbage), the server carries on with a random one and fails only when the client's Finished does not
     * decrypt: the same alert at the same point, so there is no oracle.
     */
    @ParameterizedTest
    @EnumSource(Other.class)
    void badRsaPremasterLooksLikeAnyWrongKey(Other other) throws Exception {
        PublicKey key;
        try (FileInputStream in = new FileInputStream(TestPki.dir().resolve("server-rsa.crt").toFile())) {
            key = CertificateFactory.getInstance("X.509").generateCertificate(in).getPublicKey();
        }
        byte[] wrongVersion = new byte[48];
        wrongVersion[0] = 3;
        wrongVersion[1] = 2;
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.ENCRYPT_MODE, key);
        byte[] wrongVersionCt = c.doFinal(wrongVersion);
        byte[] shortCt = c.doFinal(new byte[47]);
        List<UnaryOperator<byte[]>> edits = List.of(
                body -> { body[body.length - 1] ^= 1; return body; },              // garbage after decryption
                body -> opaque16(wrongVersionCt),                                   // good padding, version 3.2
                body -> opaque16(shortCt),                                          // good padding, 47 bytes
                body -> opaque16(new byte[255]),                                    // wrong length
                body -> opaque16(new byte[0]));                                     // empty
        List<String> seen = new java.util.ArrayList<>();
        for (UnaryOperator<byte[]> edit : edits) {
            MitmPair m = pair(other.peer(), Peer.CLASP, RSA, clientKeyExchange(edit));
            SSLException mine = m.serverError();
            assertNotNull(mine, "the server accepted a tampered premaster secret");
            seen.add(mine.getClass().getSimpleName() + ": " + alertOf(mine));
            assertTrue(m.server.isInboundDone() && m.client.isInboundDone());
        }
        assertEquals(edits.size(), seen.stream().filter(seen.get(0)::equals).count(), seen.toString());
        assertTrue(seen.get(0).contains("bad_record_mac"), seen.toString());
        // And the untampered handshake completes.
        MitmPair ok = pair(other.peer(), Peer.CLASP, RSA, MitmPair.NONE);
        assertEquals(null, ok.serverError());
        assertEquals(RSA, ok.server.getSession().getCipherSuite());
    }

    /** RFC 5246 7.4.3: a DHE server must send ServerKeyExchange (no SKIP-TLS style fallback to anything). */
    @ParameterizedTest
    @EnumSource(Other.class)
    void dheServerKeyExchangeSkipped(Other other) throws Exception {
        MitmPair p = pair(Peer.CLASP, other.peer(), DHE, handshakeMessages(false, msgs -> {
            int i = indexOfType(msgs, 12);
            if (i >= 0) {
                msgs.remove(i);
            }
            return msgs;
        }));
        assertDetected(p, true, other.peer(), AlertDescription.UNEXPECTED_MESSAGE, SSLHandshakeException.class,
                "expected ServerKeyExchange");
    }

    /** RFC 5246 7.4.3: with RSA key exchange a ServerKeyExchange is not allowed (no export-RSA/FREAK downgrade). */
    @ParameterizedTest
    @EnumSource(Other.class)
    void rsaServerKeyExchangeInjected(Other other) throws Exception {
        byte[] ske = new ServerKeyExchangeDhe(new byte[] {(byte) 0xc7}, new byte[] {2}, new byte[] {5}, 0x0401,
                new byte[] {1}).encode();
        MitmPair p = pair(Peer.CLASP, other.peer(), RSA, handshakeMessages(false, msgs -> {
            int i = indexOfType(msgs, 11);
            if (i >= 0) {
                msgs.add(i + 1, ske);
            }
            return msgs;
        }));
        assertDetected(p, true, other.peer(), AlertDescription.UNEXPECTED_MESSAGE, SSLHandshakeException.class,
                "CertificateRequest or ServerHelloDone", "SERVER_KEY_EXCHANGE");
    }

    static String alertOf(SSLException e) {
        TlsAlertException t = (TlsAlertException) NegativeHandshakeTest.suppressed(e, TlsAlertException.class);
        return t == null ? "none" : t.description().ianaName();
    }

    static byte[] opaque16(byte[] v) {
        byte[] out = new byte[2 + v.length];
        out[0] = (byte) (v.length >> 8);
        out[1] = (byte) v.length;
        System.arraycopy(v, 0, out, 2, v.length);
        return out;
    }
}
