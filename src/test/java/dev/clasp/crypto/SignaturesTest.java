package dev.clasp.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.suite.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignaturesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] DATA = "client_random || server_random || ServerECDHParams".getBytes(StandardCharsets.US_ASCII);

    private static KeyPair rsa2048;
    private static KeyPair rsa2048b;
    private static KeyPair rsa1024;
    private static KeyPair rsa512;
    private static KeyPair p256;
    private static KeyPair p384;
    private static KeyPair p521;
    private static KeyPair ed25519;
    private static KeyPair ed448;
    private static KeyPair x25519;
    private static KeyPair dsa2048;
    private static KeyPair pss2048;
    private static KeyPair pss2048b;
    private static final Map<SignatureScheme, KeyPair> OTHER = new EnumMap<>(SignatureScheme.class);

    @BeforeAll
    static void keys() throws Exception {
        rsa2048 = rsa(2048);
        rsa2048b = rsa(2048);
        rsa1024 = rsa(1024);
        rsa512 = rsa(512);
        p256 = ec("secp256r1");
        p384 = ec("secp384r1");
        p521 = ec("secp521r1");
        ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        x25519 = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
        dsa.initialize(2048);
        dsa2048 = dsa.generateKeyPair();
        KeyPair dsaOther = dsa.generateKeyPair();
        KeyPairGenerator pss = KeyPairGenerator.getInstance("RSASSA-PSS");
        pss.initialize(2048);
        pss2048 = pss.generateKeyPair();
        pss2048b = pss.generateKeyPair();
        for (SignatureScheme s : SignatureScheme.values()) {
            OTHER.put(s, switch (s.keyType()) {
                case RSA -> rsa2048b;
                case RSASSA_PSS -> pss2048b;
                case EC -> ec(s.curve().jcaName());
                case EDDSA -> KeyPairGenerator.getInstance(s.jcaAlgorithm()).generateKeyPair();
                case DSA -> dsaOther;
            });
        }
    }

    static KeyPair keyFor(SignatureScheme s) {
        return switch (s) {
            case ECDSA_SECP256R1_SHA256 -> p256;
            case ECDSA_SECP384R1_SHA384 -> p384;
            case ECDSA_SECP521R1_SHA512 -> p521;
            case ED25519 -> ed25519;
            case ED448 -> ed448;
            case DSA_SHA256, DSA_SHA384, DSA_SHA512 -> dsa2048;
            case RSA_PSS_PSS_SHA256, RSA_PSS_PSS_SHA384, RSA_PSS_PSS_SHA512 -> pss2048;
            default -> rsa2048;
        };
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void signVerifyRoundTrip(SignatureScheme s) throws Exception {
        KeyPair kp = keyFor(s);
        byte[] sig = Signatures.sign(s, kp.getPrivate(), DATA, RANDOM);
        assertTrue(Signatures.verify(s, kp.getPublic(), DATA, sig));
        assertTrue(Signatures.keyFits(s, kp.getPrivate()));
        assertTrue(Signatures.keyFits(s, kp.getPublic()));
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void verifyFailsClosed(SignatureScheme s) throws Exception {
        KeyPair kp = keyFor(s);
        byte[] sig = Signatures.sign(s, kp.getPrivate(), DATA, RANDOM);
        for (int bit : new int[] {0, 7, 8 * sig.length / 2 + 3, 8 * sig.length - 1}) {
            byte[] bad = sig.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(Signatures.verify(s, kp.getPublic(), DATA, bad), "bit " + bit);
        }
        byte[] garbage = new byte[sig.length];
        RANDOM.nextBytes(garbage);
        assertFalse(Signatures.verify(s, kp.getPublic(), DATA, garbage));
        assertFalse(Signatures.verify(s, kp.getPublic(), DATA, new byte[0]));
        assertFalse(Signatures.verify(s, kp.getPublic(), DATA, Arrays.copyOf(sig, sig.length - 1)));
        assertFalse(Signatures.verify(s, kp.getPublic(), DATA, Arrays.copyOf(sig, sig.length + 1)));
        assertFalse(Signatures.verify(s, kp.getPublic(), DATA, new byte[] {0x30, (byte) 0x81}));
        assertFalse(Signatures.verify(s, OTHER.get(s).getPublic(), DATA, sig), "wrong key");
        byte[] otherData = DATA.clone();
        otherData[0] ^= 1;
        assertFalse(Signatures.verify(s, kp.getPublic(), otherData, sig), "wrong data");
        // A key of the wrong family or a null argument is just "not valid".
        Key wrongFamily = s.keyType() == SignatureScheme.KeyType.EC ? rsa2048.getPublic() : p256.getPublic();
        assertFalse(Signatures.verify(s, (java.security.PublicKey) wrongFamily, DATA, sig));
        assertFalse(Signatures.verify(s, null, DATA, sig));
        assertFalse(Signatures.verify(s, kp.getPublic(), DATA, null));
    }

    @Test
    void pssAndPkcs1SchemesAreDistinct() throws Exception {
        byte[] pss = Signatures.sign(SignatureScheme.RSA_PSS_RSAE_SHA256, rsa2048.getPrivate(), DATA, RANDOM);
        assertFalse(Signatures.verify(SignatureScheme.RSA_PKCS1_SHA256, rsa2048.getPublic(), DATA, pss));
        assertFalse(Signatures.verify(SignatureScheme.RSA_PSS_RSAE_SHA384, rsa2048.getPublic(), DATA, pss));
    }

    /** TLS 1.2 does not bind the ECDSA hash to the curve (RFC 8422 5.10 / RFC 5246 7.4.1.4.1). */
    @Test
    void ecdsaAnyCurveWithAnyHash() throws Exception {
        for (KeyPair kp : new KeyPair[] {p256, p384, p521}) {
            for (SignatureScheme s : new SignatureScheme[] {SignatureScheme.ECDSA_SECP256R1_SHA256,
                    SignatureScheme.ECDSA_SECP384R1_SHA384, SignatureScheme.ECDSA_SECP521R1_SHA512}) {
                assertTrue(Signatures.keyFits(s, kp.getPublic()));
                byte[] sig = Signatures.sign(s, kp.getPrivate(), DATA, RANDOM);
                assertTrue(Signatures.verify(s, kp.getPublic(), DATA, sig));
            }
        }
    }

    /** Independent check of the PSS parameters and the EdDSA/ECDSA encodings with BouncyCastle's provider. */
    @Test
    void crossCheckWithBouncyCastle() throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        String[][] pss = {{"RSA_PSS_RSAE_SHA256", "SHA-256", "32"}, {"RSA_PSS_RSAE_SHA384", "SHA-384", "48"},
                {"RSA_PSS_RSAE_SHA512", "SHA-512", "64"}};
        for (String[] row : pss) {
            SignatureScheme s = SignatureScheme.valueOf(row[0]);
            byte[] sig = Signatures.sign(s, rsa2048.getPrivate(), DATA, RANDOM);
            Signature v = Signature.getInstance("RSASSA-PSS", bc);
            v.setParameter(new PSSParameterSpec(row[1], "MGF1", new MGF1ParameterSpec(row[1]),
                    Integer.parseInt(row[2]), 1));
            v.initVerify(rsa2048.getPublic());
            v.update(DATA);
            assertTrue(v.verify(sig), s.name());
            // and BC's signature verifies with Clasp
            Signature signer = Signature.getInstance("RSASSA-PSS", bc);
            signer.setParameter(new PSSParameterSpec(row[1], "MGF1", new MGF1ParameterSpec(row[1]),
                    Integer.parseInt(row[2]), 1));
            signer.initSign(rsa2048.getPrivate());
            signer.update(DATA);
            assertTrue(Signatures.verify(s, rsa2048.getPublic(), DATA, signer.sign()), s.name());
        }
        String[][] plain = {{"RSA_PKCS1_SHA384", "SHA384withRSA"}, {"ECDSA_SECP384R1_SHA384", "SHA384withECDSA"},
                {"ED25519", "Ed25519"}, {"ED448", "Ed448"}};
        for (String[] row : plain) {
            SignatureScheme s = SignatureScheme.valueOf(row[0]);
            KeyPair kp = keyFor(s);
            byte[] sig = Signatures.sign(s, kp.getPrivate(), DATA, RANDOM);
            Signature v = Signature.getInstance(row[1], bc);
            v.initVerify(kp.getPublic());
            v.update(DATA);
            assertTrue(v.verify(sig), s.name());
        }
    }

    @Test
    void keyFitsTable() throws Exception {
        // RSA-1024: emLen = 128; PSS needs 2*hLen+2 = 66 / 98 / 130.
        assertTrue(Signatures.keyFits(SignatureScheme.RSA_PSS_RSAE_SHA256, rsa1024.getPublic()));
        assertTrue(Signatures.keyFits(SignatureScheme.RSA_PSS_RSAE_SHA384, rsa1024.getPublic()));
        assertFalse(Signatures.keyFits(SignatureScheme.RSA_PSS_RSAE_SHA512, rsa1024.getPublic()));
        assertFalse(Signatures.keyFits(SignatureScheme.RSA_PSS_RSAE_SHA512, rsa1024.getPrivate()));
        assertTrue(Signatures.keyFits(SignatureScheme.RSA_PKCS1_SHA512, rsa1024.getPublic()));
        // RSA-512 is too small for PKCS#1 v1.5 with SHA-512 (k = 64 < 19 + 64 + 11).
        assertFalse(Signatures.keyFits(SignatureScheme.RSA_PKCS1_SHA512, rsa512.getPublic()));
        assertTrue(Signatures.keyFits(SignatureScheme.RSA_PKCS1_SHA256, rsa512.getPublic()));
        for (SignatureScheme s : SignatureScheme.values()) {
            boolean rsa = s.keyType() == SignatureScheme.KeyType.RSA;
            boolean ec = s.keyType() == SignatureScheme.KeyType.EC;
            boolean pss = s.keyType() == SignatureScheme.KeyType.RSASSA_PSS;
            assertEquals(pss, Signatures.keyFits(s, pss2048.getPublic()), s.name());
            assertEquals(pss, Signatures.keyFits(s, pss2048.getPrivate()), s.name());
            assertEquals(rsa, Signatures.keyFits(s, rsa2048.getPublic()), s.name());
            assertEquals(rsa, Signatures.keyFits(s, rsa2048.getPrivate()), s.name());
            assertEquals(ec, Signatures.keyFits(s, p256.getPublic()), s.name());
            assertEquals(ec, Signatures.keyFits(s, p521.getPrivate()), s.name());
            assertEquals(s == SignatureScheme.ED25519, Signatures.keyFits(s, ed25519.getPublic()), s.name());
            assertEquals(s == SignatureScheme.ED25519, Signatures.keyFits(s, ed25519.getPrivate()), s.name());
            assertEquals(s == SignatureScheme.ED448, Signatures.keyFits(s, ed448.getPublic()), s.name());
            assertFalse(Signatures.keyFits(s, x25519.getPublic()), s.name());
            assertFalse(Signatures.keyFits(s, null), s.name());
        }
    }

    /** rsa_pss_pss_* and rsa_pss_rsae_* are the same PSS signature; only the key's SPKI type differs. */
    @Test
    void pssKeysSignTheSameAsRsaeAndBouncyCastleAgrees() throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        String[][] rows = {{"RSA_PSS_PSS_SHA256", "SHA-256", "32"}, {"RSA_PSS_PSS_SHA384", "SHA-384", "48"},
                {"RSA_PSS_PSS_SHA512", "SHA-512", "64"}};
        for (String[] row : rows) {
            SignatureScheme s = SignatureScheme.valueOf(row[0]);
            byte[] sig = Signatures.sign(s, pss2048.getPrivate(), DATA, RANDOM);
            Signature v = Signature.getInstance("RSASSA-PSS", bc);
            v.setParameter(new PSSParameterSpec(row[1], "MGF1", new MGF1ParameterSpec(row[1]),
                    Integer.parseInt(row[2]), 1));
            v.initVerify(java.security.KeyFactory.getInstance("RSASSA-PSS", bc)
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(pss2048.getPublic().getEncoded())));
            v.update(DATA);
            assertTrue(v.verify(sig), s.name());
        }
        assertThrows(java.security.InvalidKeyException.class, () -> Signatures.sign(SignatureScheme.RSA_PSS_RSAE_SHA256,
                pss2048.getPrivate(), DATA, RANDOM), "an RSASSA-PSS key never signs as rsae");
    }

    /** RFC 4055 3.1: a PSS key whose SPKI fixes SHA-256 fits rsa_pss_pss_sha256 only. */
    @Test
    void pssKeyParametersRestrictTheHash() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSASSA-PSS");
        g.initialize(new java.security.spec.RSAKeyGenParameterSpec(2048, java.security.spec.RSAKeyGenParameterSpec.F4,
                new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1)));
        KeyPair kp = g.generateKeyPair();
        assertTrue(Signatures.keyFits(SignatureScheme.RSA_PSS_PSS_SHA256, kp.getPublic()));
        assertFalse(Signatures.keyFits(SignatureScheme.RSA_PSS_PSS_SHA384, kp.getPublic()));
        assertFalse(Signatures.keyFits(SignatureScheme.RSA_PSS_PSS_SHA512, kp.getPrivate()));
        byte[] sig = Signatures.sign(SignatureScheme.RSA_PSS_PSS_SHA256, kp.getPrivate(), DATA, RANDOM);
        assertTrue(Signatures.verify(SignatureScheme.RSA_PSS_PSS_SHA256, kp.getPublic(), DATA, sig));
    }

    @Test
    void keyFitsWithBouncyCastleKeys() throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC", bc);
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        assertTrue(Signatures.keyFits(SignatureScheme.ECDSA_SECP256R1_SHA256, ecGen.generateKeyPair().getPublic()));
        ecGen.initialize(new ECGenParameterSpec("brainpoolP256r1")); // not a supported curve
        KeyPair brainpool = ecGen.generateKeyPair();
        assertFalse(Signatures.keyFits(SignatureScheme.ECDSA_SECP256R1_SHA256, brainpool.getPublic()));
        assertFalse(Signatures.keyFits(SignatureScheme.ECDSA_SECP256R1_SHA256, brainpool.getPrivate()));
        KeyPair bcEd = KeyPairGenerator.getInstance("Ed25519", bc).generateKeyPair(); // algorithm "Ed25519"
        assertTrue(Signatures.keyFits(SignatureScheme.ED25519, bcEd.getPublic()));
        assertFalse(Signatures.keyFits(SignatureScheme.ED448, bcEd.getPublic()));
        KeyPair bcRsaPss = KeyPairGenerator.getInstance("RSASSA-PSS", bc).generateKeyPair();
        assertFalse(Signatures.keyFits(SignatureScheme.RSA_PSS_RSAE_SHA256, bcRsaPss.getPublic()),
                "rsa_pss_rsae_* takes rsaEncryption keys only");
    }

    @Test
    void signRefusesKeyThatDoesNotFit() {
        assertThrows(InvalidKeyException.class,
                () -> Signatures.sign(SignatureScheme.RSA_PSS_RSAE_SHA512, rsa1024.getPrivate(), DATA, RANDOM));
        assertThrows(InvalidKeyException.class,
                () -> Signatures.sign(SignatureScheme.ECDSA_SECP256R1_SHA256, rsa2048.getPrivate(), DATA, RANDOM));
        assertThrows(InvalidKeyException.class,
                () -> Signatures.sign(SignatureScheme.ED448, ed25519.getPrivate(), DATA, RANDOM));
    }

    private static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits, RANDOM);
        return g.generateKeyPair();
    }

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve), RANDOM);
        return g.generateKeyPair();
    }
}
