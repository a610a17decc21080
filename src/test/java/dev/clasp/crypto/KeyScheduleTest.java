package dev.clasp.crypto;

import static dev.clasp.crypto.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.suite.BulkCipher;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.PrfHash;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyScheduleTest {
    private static final Map<String, Map<String, String>> VECTORS = Vectors.load("key-schedule.txt");

    @ParameterizedTest
    @EnumSource(PrfHash.class)
    void masterSecretKnownAnswer(PrfHash h) {
        Map<String, String> v = VECTORS.get(h.name());
        byte[] ms = KeySchedule.masterSecret(h, hex(v.get("preMaster")), hex(v.get("clientRandom")),
                hex(v.get("serverRandom")));
        assertEquals(v.get("masterSecret"), Vectors.hex(ms));
        assertEquals(48, ms.length);
    }

    @ParameterizedTest
    @EnumSource(PrfHash.class)
    void extendedMasterSecretKnownAnswer(PrfHash h) {
        Map<String, String> v = VECTORS.get(h.name());
        byte[] ems = KeySchedule.extendedMasterSecret(h, hex(v.get("preMaster")), hex(v.get("sessionHash")));
        assertEquals(v.get("extendedMasterSecret"), Vectors.hex(ems));
    }

    @ParameterizedTest
    @EnumSource(PrfHash.class)
    void verifyDataKnownAnswer(PrfHash h) {
        Map<String, String> v = VECTORS.get(h.name());
        byte[] ms = hex(v.get("masterSecret"));
        byte[] hh = hex(v.get("handshakeHash"));
        assertEquals(v.get("clientVerifyData"), Vectors.hex(KeySchedule.verifyData(h, ms, true, hh)));
        assertEquals(v.get("serverVerifyData"), Vectors.hex(KeySchedule.verifyData(h, ms, false, hh)));
    }

    static java.util.stream.Stream<CipherSuite> aeadSuites() {
        // AEAD suites whose key block length has a recorded vector (the random test below covers every suite)
        return Arrays.stream(CipherSuite.values()).filter(s -> !s.bulkCipher().isCbc()
                && VECTORS.get(s.prfHash().name()).containsKey("keyBlock"
                        + 2 * (s.bulkCipher().keyLength() + s.bulkCipher().fixedIvLength())));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("aeadSuites")
    void trafficKeysKnownAnswer(CipherSuite suite) {
        Map<String, String> v = VECTORS.get(suite.prfHash().name());
        BulkCipher b = suite.bulkCipher();
        int n = 2 * (b.keyLength() + b.fixedIvLength());
        byte[] block = hex(v.get("keyBlock" + n));
        TrafficKeys k = KeySchedule.trafficKeys(suite, hex(v.get("masterSecret")), hex(v.get("clientRandom")),
                hex(v.get("serverRandom")));
        int kl = b.keyLength();
        int il = b.fixedIvLength();
        assertEquals(0, k.clientMacKey().length);
        assertEquals(0, k.serverMacKey().length);
        assertArrayEquals(Arrays.copyOfRange(block, 0, kl), k.clientKey());
        assertArrayEquals(Arrays.copyOfRange(block, kl, 2 * kl), k.serverKey());
        assertArrayEquals(Arrays.copyOfRange(block, 2 * kl, 2 * kl + il), k.clientIv());
        assertArrayEquals(Arrays.copyOfRange(block, 2 * kl + il, n), k.serverIv());
    }

    /** Fresh random inputs, every suite: Clasp's key schedule equals bctls's PRF with the RFC labels. */
    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void matchesBctlsOnRandomInputs(CipherSuite suite) {
        Random r = new Random(suite.id());
        PrfHash h = suite.prfHash();
        for (int i = 0; i < 5; i++) {
            byte[] pre = bytes(r, 32 + r.nextInt(40));
            byte[] cr = bytes(r, 32);
            byte[] sr = bytes(r, 32);
            byte[] ms = KeySchedule.masterSecret(h, pre, cr, sr);
            assertArrayEquals(BcReference.bctlsPrf(h, pre, "master secret", BcReference.concat(cr, sr), 48), ms);
            byte[] sess = bytes(r, h.length());
            assertArrayEquals(BcReference.bctlsPrf(h, pre, "extended master secret", sess, 48),
                    KeySchedule.extendedMasterSecret(h, pre, sess));
            byte[] hh = bytes(r, h.length());
            assertArrayEquals(BcReference.bctlsPrf(h, ms, "client finished", hh, 12),
                    KeySchedule.verifyData(h, ms, true, hh));
            assertArrayEquals(BcReference.bctlsPrf(h, ms, "server finished", hh, 12),
                    KeySchedule.verifyData(h, ms, false, hh));
            BulkCipher b = suite.bulkCipher();
            byte[] block = BcReference.bctlsPrf(h, ms, "key expansion", BcReference.concat(sr, cr),
                    2 * (b.mac().length() + b.keyLength() + b.fixedIvLength()));
            TrafficKeys k = KeySchedule.trafficKeys(suite, ms, cr, sr);
            byte[] joined = concatAll(k.clientMacKey(), k.serverMacKey(), k.clientKey(), k.serverKey(),
                    k.clientIv(), k.serverIv());
            assertArrayEquals(block, joined);
            // RFC 5246 6.3: MAC keys of mac_length for CBC suites, none for AEAD.
            assertEquals(b.mac().length(), k.clientMacKey().length);
            assertEquals(b.mac().length(), k.serverMacKey().length);
            assertEquals(b.keyLength(), k.clientKey().length);
        }
    }

    @Test
    void trafficKeysToStringHidesBytesAndDestroyZeroes() {
        Map<String, String> v = VECTORS.get("SHA256");
        TrafficKeys k = KeySchedule.trafficKeys(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                hex(v.get("masterSecret")), hex(v.get("clientRandom")), hex(v.get("serverRandom")));
        String s = k.toString();
        for (byte[] part : new byte[][] {k.clientKey(), k.serverKey(), k.clientIv(), k.serverIv()}) {
            String hx = HexFormat.of().formatHex(part);
            assertFalse(s.toLowerCase().contains(hx.substring(0, 8)), s);
            assertFalse(s.contains(Arrays.toString(part)), s);
        }
        k.destroy();
        for (byte[] part : new byte[][] {k.clientKey(), k.serverKey(), k.clientIv(), k.serverIv()}) {
            assertTrue(isZero(part));
        }
    }

    @Test
    void inputsAreNotModified() {
        byte[] pre = new byte[] {1, 2, 3};
        byte[] cr = new byte[32];
        byte[] sr = new byte[32];
        Arrays.fill(cr, (byte) 7);
        Arrays.fill(sr, (byte) 9);
        byte[] ms = KeySchedule.masterSecret(PrfHash.SHA256, pre, cr, sr);
        KeySchedule.trafficKeys(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ms, cr, sr);
        assertArrayEquals(new byte[] {1, 2, 3}, pre);
        assertTrue(Arrays.equals(cr, filled(32, 7)) && Arrays.equals(sr, filled(32, 9)));
        assertFalse(isZero(ms));
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] concatAll(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] p : parts) {
            out = BcReference.concat(out, p);
        }
        return out;
    }
}
