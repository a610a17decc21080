package dev.clasp.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 5246 7.4.7.1 server-side premaster decryption: the real secret for a good ciphertext, R for every kind of
 * bad one, and the same calls to the RSA backend and the random source whatever the PKCS#1 result (no
 * Bleichenbacher/ROBOT oracle from an exception, an early return or a skipped step).
 */
class RsaPremasterSecretTest {
    private static final int TLS12 = 0x0303;
    private static KeyPair rsa;
    private static int k;

    @BeforeAll
    static void key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsa = g.generateKeyPair();
        k = 256;
    }

    /** A random source that records every request and answers with a counter (so R is predictable). */
    static final class RecordingRandom extends SecureRandom {
        final List<String> calls;
        private int counter = 0x30;

        RecordingRandom(List<String> calls) {
            this.calls = calls;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            calls.add("random " + bytes.length);
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) counter++;
            }
        }
    }

    /** The JCA backend, watched. */
    static RsaPremasterSecret.RawDecryptor spy(List<String> calls) {
        return (key, ct) -> {
            calls.add("decrypt " + ct.length);
            byte[] out = RsaPremasterSecret.JCA.decrypt(key, ct);
            calls.add("decrypted " + out.length);
            return out;
        };
    }

    /** Raw RSA encryption of a hand-built encoded message {@code em} (k bytes). */
    static byte[] rawEncrypt(byte[] em) throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, rsa.getPublic());
        return c.doFinal(em);
    }

    /** 00 02 PS 00 M with the given PS length and message. */
    static byte[] em(int first, int type, int psLength, int separator, byte[] message) {
        byte[] em = new byte[k];
        em[0] = (byte) first;
        em[1] = (byte) type;
        Arrays.fill(em, 2, 2 + psLength, (byte) 0x5A);
        int at = 2 + psLength;
        em[at] = (byte) separator;
        System.arraycopy(message, 0, em, k - message.length, Math.min(message.length, k - at - 1));
        return em;
    }

    static byte[] premaster(int version) {
        byte[] m = new byte[48];
        Arrays.fill(m, (byte) 0x77);
        m[0] = (byte) (version >> 8);
        m[1] = (byte) version;
        return m;
    }

    /** Every kind of ciphertext a padding oracle attacker would send, and whether it should decrypt. */
    static Map<String, byte[]> ciphertexts() throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("valid", rawEncrypt(em(0, 2, k - 51, 0, premaster(TLS12))));
        out.put("wrong version 0x0302", rawEncrypt(em(0, 2, k - 51, 0, premaster(0x0302))));
        out.put("version bytes swapped", rawEncrypt(em(0, 2, k - 51, 0, premaster(0x0303 ^ 0x0100))));
        out.put("first byte 01", rawEncrypt(em(1, 2, k - 51, 0, premaster(TLS12))));
        out.put("block type 1", rawEncrypt(em(0, 1, k - 51, 0, premaster(TLS12))));
        out.put("no zero separator", rawEncrypt(em(0, 2, k - 51, 0x5A, premaster(TLS12))));
        byte[] zeroInPs = em(0, 2, k - 51, 0, premaster(TLS12));
        zeroInPs[9] = 0;
        out.put("zero inside the first 8 padding bytes", rawEncrypt(zeroInPs));
        byte[] zeroLate = em(0, 2, k - 51, 0, premaster(TLS12));
        zeroLate[k - 60] = 0;
        out.put("59-byte message (a zero late in the padding)", rawEncrypt(zeroLate));
        byte[] m49 = new byte[49];
        System.arraycopy(premaster(TLS12), 0, m49, 1, 48);
        m49[0] = 0x03;
        out.put("49-byte message", rawEncrypt(em(0, 2, k - 52, 0, m49)));
        out.put("all zero", rawEncrypt(new byte[k]));
        return out;
    }

    @Test
    void onlyAWellFormedBlockWithTheClientVersionDecrypts() throws Exception {
        for (Map.Entry<String, byte[]> e : ciphertexts().entrySet()) {
            List<String> calls = new ArrayList<>();
            RecordingRandom random = new RecordingRandom(calls);
            byte[] got = RsaPremasterSecret.decrypt(spy(calls), rsa.getPrivate(), e.getValue(), TLS12, random);
            byte[] r = new byte[48];
            new RecordingRandom(new ArrayList<>()).nextBytes(r);
            byte[] expected = e.getKey().equals("valid") ? premaster(TLS12) : r;
            assertArrayEquals(expected, got, e.getKey());
        }
    }

    /** The observable path (random, then one raw decryption of k bytes) is the same for every ciphertext. */
    @Test
    void samePathWhateverThePkcs1Result() throws Exception {
        List<String> reference = null;
        for (Map.Entry<String, byte[]> e : ciphertexts().entrySet()) {
            List<String> calls = new ArrayList<>();
            RsaPremasterSecret.decrypt(spy(calls), rsa.getPrivate(), e.getValue(), TLS12, new RecordingRandom(calls));
            if (reference == null) {
                reference = calls;
                assertEquals(List.of("random 48", "decrypt 256", "decrypted 256"), calls,
                        "R is generated before decryption (RFC 5246 7.4.7.1)");
            }
            assertEquals(reference, calls, e.getKey());
        }
    }

    @Test
    void clientEncryptionRoundTrips() throws Exception {
        SecureRandom random = new SecureRandom();
        RsaPremasterSecret.Encrypted enc = RsaPremasterSecret.encrypt(rsa.getPublic(), TLS12, random);
        assertEquals(48, enc.preMasterSecret().length);
        assertEquals(3, enc.preMasterSecret()[0]);
        assertEquals(3, enc.preMasterSecret()[1]);
        assertEquals(k, enc.encrypted().length);
        assertArrayEquals(enc.preMasterSecret(), RsaPremasterSecret.decrypt(RsaPremasterSecret.JCA, rsa.getPrivate(),
                enc.encrypted(), TLS12, random));
        // The JDK's own PKCS#1 decryption reads the same secret (an independent check of the encoding).
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.DECRYPT_MODE, rsa.getPrivate());
        assertArrayEquals(enc.preMasterSecret(), c.doFinal(enc.encrypted()));
        // A client offering another version (the check uses the ClientHello's, RFC 5246 7.4.7.1) gets R.
        byte[] other = RsaPremasterSecret.decrypt(RsaPremasterSecret.JCA, rsa.getPrivate(), enc.encrypted(), 0x0302,
                random);
        assertEquals(48, other.length);
        assertEquals(false, Arrays.equals(enc.preMasterSecret(), other));
    }

    /** Public properties (length, ciphertext >= n) give R too, never an exception. */
    @Test
    void publicMalformationsGiveRandom() throws Exception {
        BigInteger n = ((RSAPublicKey) rsa.getPublic()).getModulus();
        byte[][] bad = {new byte[0], new byte[k - 1], new byte[k + 1], DheKeyShare.unsigned(n, k),
            DheKeyShare.unsigned(n.add(BigInteger.ONE), k), filledFF()};
        for (byte[] ct : bad) {
            List<String> calls = new ArrayList<>();
            byte[] got = RsaPremasterSecret.decrypt(RsaPremasterSecret.JCA, rsa.getPrivate(), ct, TLS12,
                    new RecordingRandom(calls));
            byte[] r = new byte[48];
            new RecordingRandom(new ArrayList<>()).nextBytes(r);
            assertArrayEquals(r, got, "length " + ct.length);
            assertEquals("random 48", calls.get(0));
        }
    }

    private static byte[] filledFF() {
        byte[] b = new byte[k];
        Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    @Test
    void selectRejectsEachBadPosition() {
        byte[] r = new byte[48];
        Arrays.fill(r, (byte) 0xEE);
        byte[] good = em(0, 2, k - 51, 0, premaster(TLS12));
        assertArrayEquals(premaster(TLS12), RsaPremasterSecret.select(good, r, TLS12, 0));
        assertArrayEquals(r, RsaPremasterSecret.select(good, r, TLS12, 1), "public failure");
        int[] positions = {0, 1, 2, 9, k - 50, k - 49, k - 48, k - 47};
        for (int pos : positions) {
            byte[] em = good.clone();
            em[pos] = (byte) (pos < 2 || pos == k - 49 ? em[pos] ^ 0x40 : pos < k - 49 ? 0 : em[pos] ^ 1);
            assertArrayEquals(r, RsaPremasterSecret.select(em, r, TLS12, 0), "position " + pos);
        }
        byte[] em = good.clone();
        em[k - 1] ^= 1; // the secret itself may be anything
        assertEquals(em[k - 1], RsaPremasterSecret.select(em, r, TLS12, 0)[47]);
    }

    @Test
    void notAnRsaKeyIsInternalError() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        PrivateKey ec = g.generateKeyPair().getPrivate();
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> RsaPremasterSecret.decrypt(
                RsaPremasterSecret.JCA, ec, new byte[k], TLS12, new SecureRandom()));
        assertEquals(AlertDescription.INTERNAL_ERROR, e.description());
    }
}
