package dev.clasp.crypto;

import static dev.clasp.crypto.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.suite.NamedGroup;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.KeyAgreement;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EcdheKeyShareTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = "FFDHE.*", mode = EnumSource.Mode.MATCH_NONE)
    void bothSidesAgree(NamedGroup g) throws Exception {
        for (int i = 0; i < 8; i++) { // P-521: the x-coordinate's top byte is zero half the time, exercising padding
            EcdheKeyShare a = EcdheKeyShare.generate(g, RANDOM);
            EcdheKeyShare b = EcdheKeyShare.generate(g, RANDOM);
            assertEquals(g, a.group());
            byte[] ka = a.agree(b.publicValue());
            byte[] kb = b.agree(a.publicValue());
            assertArrayEquals(ka, kb);
            assertEquals(g.fieldLength(), ka.length); // RFC 8422 5.10; 32/56 for X25519/X448
        }
    }

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = "FFDHE.*", mode = EnumSource.Mode.MATCH_NONE)
    void publicValueEncoding(NamedGroup g) {
        EcdheKeyShare a = EcdheKeyShare.generate(g, RANDOM);
        byte[] pv = a.publicValue();
        if (g.kind() == NamedGroup.Kind.EC) {
            assertEquals(1 + 2 * g.fieldLength(), pv.length);
            assertEquals(4, pv[0]);
        } else {
            assertEquals(g.fieldLength(), pv.length);
        }
        pv[pv.length - 1] ^= 1;
        assertFalse(Arrays.equals(pv, a.publicValue()), "publicValue() must return a copy");
        assertEquals("EcdheKeyShare[" + g.standardName() + "]", a.toString());
    }

    /** Cross-check against BouncyCastle's provider: it decodes our point and agrees on the same premaster. */
    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"SECP256R1", "SECP384R1", "SECP521R1", "BRAINPOOLP256R1",
        "BRAINPOOLP384R1", "BRAINPOOLP512R1"})
    void ecMatchesBouncyCastle(NamedGroup g) throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        for (int i = 0; i < 4; i++) {
            EcdheKeyShare ours = EcdheKeyShare.generate(g, RANDOM);
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", bc);
            kpg.initialize(new ECGenParameterSpec(g.jcaName()));
            KeyPair theirs = kpg.generateKeyPair();
            ECPublicKey tp = (ECPublicKey) theirs.getPublic();
            byte[] tpv = encodeIndependently(tp.getW(), g.fieldLength());

            byte[] pv = ours.publicValue();
            int fl = g.fieldLength();
            ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(pv, 1, 1 + fl)),
                    new BigInteger(1, Arrays.copyOfRange(pv, 1 + fl, pv.length)));
            PublicKey ourPub = KeyFactory.getInstance("EC", bc).generatePublic(new ECPublicKeySpec(w, tp.getParams()));
            KeyAgreement ka = KeyAgreement.getInstance("ECDH", bc);
            ka.init(theirs.getPrivate());
            ka.doPhase(ourPub, true);
            byte[] expected = ka.generateSecret();

            byte[] actual = ours.agree(tpv);
            assertEquals(fl, actual.length);
            assertArrayEquals(leftPad(expected, fl), actual);
        }
    }

    @Test
    void x25519Rfc7748Vectors() throws Exception {
        checkXdhVectors(NamedGroup.X25519, "x25519.txt", "rfc7748 6.1", hex("09" + "00".repeat(31)));
    }

    /** The same vectors through BouncyCastle's X25519, the implementation generate() picks (JcaChoice). */
    @Test
    void x25519Rfc7748VectorsThroughTheChosenProvider() throws Exception {
        assertNotNull(EcdheKeyShare.providerFor(NamedGroup.X25519));
        checkXdhVectors(NamedGroup.X25519, "x25519.txt", "rfc7748 6.1", hex("09" + "00".repeat(31)),
                EcdheKeyShare.providerFor(NamedGroup.X25519));
    }

    /** Shares generated through the chosen provider agree with shares made by the JDK's XDH, both ways. */
    @Test
    void x25519ChosenProviderAndJdkAgree() throws Exception {
        for (int i = 0; i < 8; i++) {
            EcdheKeyShare chosen = EcdheKeyShare.generate(NamedGroup.X25519, RANDOM);
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("XDH", "SunEC");
            kpg.initialize(new NamedParameterSpec("X25519"));
            KeyPair kp = kpg.generateKeyPair();
            EcdheKeyShare jdk = new EcdheKeyShare(NamedGroup.X25519, kp.getPrivate(),
                    EcdheKeyShare.encode(NamedGroup.X25519, kp.getPublic()));
            assertArrayEquals(jdk.agree(chosen.publicValue()), chosen.agree(jdk.publicValue()));
        }
    }

    @Test
    void x448Rfc7748Vectors() throws Exception {
        checkXdhVectors(NamedGroup.X448, "x448.txt", "rfc7748 6.2", hex("05" + "00".repeat(55)));
    }

    private static void checkXdhVectors(NamedGroup g, String file, String dhCase, byte[] basePoint) throws Exception {
        checkXdhVectors(g, file, dhCase, basePoint, null);
    }

    private static void checkXdhVectors(NamedGroup g, String file, String dhCase, byte[] basePoint,
            java.security.Provider provider) throws Exception {
        Map<String, Map<String, String>> v = Vectors.load(file);
        Map<String, String> dh = v.get(dhCase);
        EcdheKeyShare alice = share(g, dh.get("alicePrivate"), dh.get("alicePublic"), provider);
        EcdheKeyShare bob = share(g, dh.get("bobPrivate"), dh.get("bobPublic"), provider);
        // Shared secret both ways (decoding of the little-endian wire value).
        assertEquals(dh.get("shared"), Vectors.hex(alice.agree(hex(dh.get("bobPublic")))));
        assertEquals(dh.get("shared"), Vectors.hex(bob.agree(hex(dh.get("alicePublic")))));
        // Public keys: X(k, base point) equals the published public value.
        assertEquals(dh.get("alicePublic"), Vectors.hex(alice.agree(basePoint)));
        assertEquals(dh.get("bobPublic"), Vectors.hex(bob.agree(basePoint)));
        // Single multiplications (section 5.2), the X25519 one with the top bit of u set.
        for (Map.Entry<String, Map<String, String>> e : v.entrySet()) {
            if (e.getKey().startsWith("rfc7748 5.2")) {
                Map<String, String> c = e.getValue();
                EcdheKeyShare s = share(g, c.get("scalar"), "00", provider);
                assertEquals(c.get("output"), Vectors.hex(s.agree(hex(c.get("u")))), e.getKey());
            }
        }
        // Encoding of JDK-generated public keys: publicValue() == X(k, base point).
        for (int i = 0; i < 4; i++) {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("XDH");
            kpg.initialize(new NamedParameterSpec(g.jcaName()));
            KeyPair kp = kpg.generateKeyPair();
            EcdheKeyShare s = new EcdheKeyShare(g, kp.getPrivate(), EcdheKeyShare.encode(g, kp.getPublic()));
            assertArrayEquals(s.agree(basePoint), s.publicValue());
        }
    }

    @Test
    void x25519MasksTopBit() throws Exception {
        EcdheKeyShare a = EcdheKeyShare.generate(NamedGroup.X25519, RANDOM);
        byte[] peer = EcdheKeyShare.generate(NamedGroup.X25519, RANDOM).publicValue();
        byte[] k1 = a.agree(peer);
        peer[31] |= (byte) 0x80;
        assertArrayEquals(k1, a.agree(peer));
    }

    @Test
    void x25519AcceptsNonCanonicalU() throws Exception {
        // RFC 7748 5: u = p + 9 is accepted and equals u = 9.
        EcdheKeyShare a = EcdheKeyShare.generate(NamedGroup.X25519, RANDOM);
        BigInteger p = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
        assertArrayEquals(a.agree(le(BigInteger.valueOf(9), 32)), a.agree(le(p.add(BigInteger.valueOf(9)), 32)));
        assertArrayEquals(a.publicValue(), a.agree(le(BigInteger.valueOf(9), 32)));
    }

    // ---- rejections ----

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"SECP256R1", "SECP384R1", "SECP521R1", "BRAINPOOLP256R1",
        "BRAINPOOLP384R1", "BRAINPOOLP512R1"})
    void ecRejections(NamedGroup g) {
        EcdheKeyShare a = EcdheKeyShare.generate(g, RANDOM);
        byte[] good = EcdheKeyShare.generate(g, RANDOM).publicValue();
        int fl = g.fieldLength();
        ECParameterSpec params = EcCurves.params(g);
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();

        rejected(a, Arrays.copyOf(good, good.length - 1), "length");
        rejected(a, Arrays.copyOf(good, good.length + 1), "length");
        rejected(a, new byte[0], "length");
        byte[] compressed = Arrays.copyOf(good, 1 + fl);
        compressed[0] = 2;
        rejected(a, compressed, "compressed");
        compressed[0] = 3;
        rejected(a, compressed, "compressed");
        byte[] hybrid = good.clone();
        hybrid[0] = 6; // X9.62 hybrid form, not allowed in TLS
        rejected(a, hybrid, "format");
        byte[] offCurve = good.clone();
        offCurve[offCurve.length - 1] ^= 1;
        rejected(a, offCurve, "not on the curve");
        rejected(a, new byte[] {0}, "infinity"); // identity encoding
        byte[] zeros = new byte[1 + 2 * fl];
        zeros[0] = 4;
        rejected(a, zeros, "not on the curve");
        byte[] xTooBig = good.clone();
        System.arraycopy(be(p, fl), 0, xTooBig, 1, fl);
        rejected(a, xTooBig, "field prime");
        byte[] yTooBig = good.clone();
        // y + p also satisfies the curve equation mod p; it must still be rejected (P-521 has room for it).
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(good, 1 + fl, good.length));
        BigInteger big = y.add(p).bitLength() <= 8 * fl ? y.add(p) : p;
        System.arraycopy(be(big, fl), 0, yTooBig, 1 + fl, fl);
        rejected(a, yTooBig, "field prime");
    }

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"X25519", "X448"})
    void xdhRejections(NamedGroup g) {
        EcdheKeyShare a = EcdheKeyShare.generate(g, RANDOM);
        int fl = g.fieldLength();
        byte[] good = EcdheKeyShare.generate(g, RANDOM).publicValue();
        rejected(a, Arrays.copyOf(good, fl - 1), "length");
        rejected(a, Arrays.copyOf(good, fl + 1), "length");
        rejected(a, new byte[1 + 2 * fl], "length");
        rejected(a, new byte[fl], "all-zero"); // u = 0
        rejected(a, le(BigInteger.ONE, fl), "all-zero"); // u = 1, small order
        BigInteger p = g == NamedGroup.X25519
                ? BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19))
                : BigInteger.ONE.shiftLeft(448).subtract(BigInteger.ONE.shiftLeft(224)).subtract(BigInteger.ONE);
        rejected(a, le(p.subtract(BigInteger.ONE), fl), "all-zero"); // u = -1, order 2
        if (g == NamedGroup.X25519) {
            rejected(a, le(p, fl), "all-zero"); // non-canonical 0
        }
    }

    private static void rejected(EcdheKeyShare a, byte[] peer, String why) {
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> a.agree(peer), why);
        assertEquals(AlertDescription.ILLEGAL_PARAMETER, e.description(), e.getMessage());
        assertTrue(e.getMessage().contains(a.group().standardName()), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage() + " should mention " + why);
    }

    @Test
    void secretDoesNotLeakIntoToString() throws Exception {
        EcdheKeyShare a = EcdheKeyShare.generate(NamedGroup.X25519, RANDOM);
        assertNotEquals(-1, a.toString().indexOf("x25519"));
        assertFalse(a.toString().contains(Vectors.hex(a.publicValue()).substring(0, 8)));
    }

    // ---- helpers ----

    private static EcdheKeyShare share(NamedGroup g, String privateHex, String publicHex,
            java.security.Provider provider) throws Exception {
        if (provider == null) {
            PrivateKey k = KeyFactory.getInstance("XDH")
                    .generatePrivate(new XECPrivateKeySpec(new NamedParameterSpec(g.jcaName()), hex(privateHex)));
            return new EcdheKeyShare(g, k, hex(publicHex));
        }
        // RFC 8410 7: PrivateKeyInfo { version 0, id-X25519 (1.3.101.110), OCTET STRING { OCTET STRING k } }.
        byte[] pkcs8 = BcReference.concat(hex("302e020100300506032b656e04220420"), hex(privateHex));
        PrivateKey k = KeyFactory.getInstance(g.jcaName(), provider)
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
        return new EcdheKeyShare(g, k, hex(publicHex), provider);
    }

    private static byte[] encodeIndependently(ECPoint w, int fl) {
        return BcReference.concat(new byte[] {4}, BcReference.concat(be(w.getAffineX(), fl), be(w.getAffineY(), fl)));
    }

    private static byte[] be(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        return leftPad(raw[0] == 0 && raw.length > 1 ? Arrays.copyOfRange(raw, 1, raw.length) : raw, len);
    }

    private static byte[] le(BigInteger v, int len) {
        byte[] b = be(v, len);
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = b[len - 1 - i];
        }
        return out;
    }

    private static byte[] leftPad(byte[] b, int len) {
        if (b.length == len) {
            return b;
        }
        byte[] out = new byte[len];
        System.arraycopy(b, 0, out, len - b.length, b.length);
        return out;
    }
}
