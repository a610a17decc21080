package dev.clasp.record;

import static dev.clasp.record.CbcRecords.bytes;
import static dev.clasp.record.CbcRecords.concat;
import static dev.clasp.record.CbcRecords.padding;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.suite.BulkCipher;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known-answer and negative tests for {@link CbcHmacProtection}: records sealed with a fixed IV must equal the
 * bytes {@link CbcRecords} builds by hand with javax.crypto (RFC 5246 6.2.3.2 MAC-then-encrypt, RFC 7366
 * encrypt-then-MAC); hand-built records must open; every malformed record fails as the same bad_record_mac.
 */
class CbcHmacProtectionTest {
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;

    static Stream<BulkCipher> cbcCiphers() {
        return Arrays.stream(BulkCipher.values()).filter(BulkCipher::isCbc);
    }

    record Keys(byte[] macKey, byte[] key, byte[] iv) {
        static Keys of(BulkCipher c) {
            return new Keys(bytes(c.mac().length(), 1), bytes(c.keyLength(), 101), bytes(16, 201));
        }
    }

    static CbcHmacProtection sealer(BulkCipher c, Keys k, boolean etm) {
        return new CbcHmacProtection(c, k.macKey, k.key, true, etm, CbcRecords.fixedIv(k.iv));
    }

    static CbcHmacProtection opener(BulkCipher c, Keys k, boolean etm) {
        return new CbcHmacProtection(c, k.macKey, k.key, false, etm, null);
    }

    static byte[] seal(RecordProtection p, long seq, int type, byte[] plaintext) throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(plaintext.length + p.expansion());
        int n = p.seal(ContentType.fromCode(type), CbcRecords.VERSION, seq, ByteBuffer.wrap(plaintext), dst);
        assertEquals(n, dst.position());
        return Arrays.copyOf(dst.array(), n);
    }

    static byte[] open(RecordProtection p, long seq, int type, byte[] fragment) throws TlsAlertException {
        ByteBuffer dst = ByteBuffer.allocate(p.plaintextBound(fragment.length, 16384));
        int n = p.open(ContentType.fromCode(type), CbcRecords.VERSION, seq, ByteBuffer.wrap(fragment), dst);
        assertEquals(n, dst.position());
        return Arrays.copyOf(dst.array(), n);
    }

    /** Minimal padding, as Clasp sends (RFC 5246 6.2.3.2 allows any up to 255). */
    static int minimalPad(int n) {
        return 15 - n % 16;
    }

    static Stream<Map.Entry<String, Map<String, String>>> opensslVectors() {
        return dev.clasp.crypto.Vectors.load("cbc-hmac-record.txt").entrySet().stream();
    }

    /** Fixed golden records computed with the openssl command line (see the vector file's header). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("opensslVectors")
    void opensslKnownAnswers(Map.Entry<String, Map<String, String>> e) throws Exception {
        Map<String, String> v = e.getValue();
        BulkCipher c = BulkCipher.valueOf(v.get("cipher"));
        boolean etm = v.get("mode").equals("etm");
        byte[] macKey = dev.clasp.crypto.Vectors.hex(v.get("macKey"));
        byte[] key = dev.clasp.crypto.Vectors.hex(v.get("key"));
        byte[] iv = dev.clasp.crypto.Vectors.hex(v.get("iv"));
        long seq = java.util.HexFormat.fromHexDigitsToLong(v.get("seq"));
        int type = Integer.parseInt(v.get("type"));
        assertEquals("0303", v.get("version"));
        byte[] plaintext = dev.clasp.crypto.Vectors.hex(v.get("plaintext"));
        byte[] fragment = dev.clasp.crypto.Vectors.hex(v.get("fragment"));
        CbcHmacProtection sealer = new CbcHmacProtection(c, macKey, key, true, etm, CbcRecords.fixedIv(iv));
        assertArrayEquals(fragment, seal(sealer, seq, type, plaintext), e.getKey());
        assertArrayEquals(plaintext, open(new CbcHmacProtection(c, macKey, key, false, etm, null), seq, type,
                fragment), e.getKey());
        assertBadRecordMac(new CbcHmacProtection(c, macKey, key, false, !etm, null), seq, fragment,
                e.getKey() + " in the other mode");
    }

    @ParameterizedTest
    @MethodSource("cbcCiphers")
    void macThenEncryptSealMatchesHandBuiltRecord(BulkCipher c) throws Exception {
        Keys k = Keys.of(c);
        CbcHmacProtection sealer = sealer(c, k, false);
        for (int size : new int[] {0, 1, 15, 16, 17, 100, 16384}) {
            byte[] content = bytes(size, size);
            long seq = 0x0102030405060708L + size;
            byte[] expected = CbcRecords.mte(c, k.macKey, k.key, k.iv, seq, APPLICATION_DATA, content,
                    minimalPad(size + c.mac().length()));
            byte[] sealed = seal(sealer, seq, APPLICATION_DATA, content);
            assertArrayEquals(expected, sealed, c + " size " + size);
            assertEquals(0, (sealed.length - 16) % 16);
            assertArrayEquals(content, open(opener(c, k, false), seq, APPLICATION_DATA, expected));
        }
    }

    @ParameterizedTest
    @MethodSource("cbcCiphers")
    void encryptThenMacSealMatchesHandBuiltRecord(BulkCipher c) throws Exception {
        Keys k = Keys.of(c);
        CbcHmacProtection sealer = sealer(c, k, true);
        for (int size : new int[] {0, 1, 15, 16, 17, 100, 16384}) {
            byte[] content = bytes(size, size + 3);
            long seq = size;
            byte[] expected = CbcRecords.etm(c, k.macKey, k.key, k.iv, seq, HANDSHAKE, content,
                    padding(minimalPad(size)));
            assertArrayEquals(expected, seal(sealer, seq, HANDSHAKE, content), c + " size " + size);
            assertArrayEquals(content, open(opener(c, k, true), seq, HANDSHAKE, expected));
        }
    }

    @Test
    void sealedRecordsUseFreshIvsFromTheInjectedRandom() throws Exception {
        BulkCipher c = BulkCipher.AES_128_CBC_SHA256;
        Keys k = Keys.of(c);
        CbcHmacProtection sealer = new CbcHmacProtection(c, k.macKey, k.key, true, false,
                new java.security.SecureRandom());
        byte[] a = seal(sealer, 1, APPLICATION_DATA, new byte[32]);
        byte[] b = seal(sealer, 1, APPLICATION_DATA, new byte[32]);
        assertEquals(false, Arrays.equals(Arrays.copyOf(a, 16), Arrays.copyOf(b, 16)), "explicit IVs differ");
        assertArrayEquals(new byte[32], open(opener(c, k, false), 1, APPLICATION_DATA, a));
        assertArrayEquals(new byte[32], open(opener(c, k, false), 1, APPLICATION_DATA, b));
    }

    @ParameterizedTest
    @MethodSource("cbcCiphers")
    void longerPaddingFromPeersIsAccepted(BulkCipher c) throws Exception {
        Keys k = Keys.of(c);
        byte[] content = bytes(40, 9);
        int mac = c.mac().length();
        // RFC 5246 6.2.3.2: any padding length up to 255 that fills whole blocks.
        for (int pad = minimalPad(40 + mac); pad <= 255; pad += 16) {
            byte[] mte = CbcRecords.mte(c, k.macKey, k.key, k.iv, 5, APPLICATION_DATA, content, pad);
            assertArrayEquals(content, open(opener(c, k, false), 5, APPLICATION_DATA, mte), "MtE pad " + pad);
        }
        for (int pad = minimalPad(40); pad <= 255; pad += 16) {
            byte[] etm = CbcRecords.etm(c, k.macKey, k.key, k.iv, 5, APPLICATION_DATA, content, padding(pad));
            assertArrayEquals(content, open(opener(c, k, true), 5, APPLICATION_DATA, etm), "EtM pad " + pad);
        }
    }

    /** Malformed MAC-then-encrypt records, each with its reason. */
    static Map<String, byte[]> badMacThenEncrypt(BulkCipher c, Keys k, long seq) throws Exception {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        int mac = c.mac().length();
        byte[] content = bytes(50, 3);
        int pad = minimalPad(50 + mac);
        byte[] good = CbcRecords.mte(c, k.macKey, k.key, k.iv, seq, APPLICATION_DATA, content, pad);
        byte[] rightMac = CbcRecords.hmac(c, k.macKey, CbcRecords.macHeader(seq, APPLICATION_DATA, 50), content);
        byte[] wrongMac = rightMac.clone();
        wrongMac[3] ^= 1;
        bad.put("tampered MAC", CbcRecords.mte(k.key, k.iv, content, wrongMac, padding(pad)));
        bad.put("wrong sequence number", CbcRecords.mte(c, k.macKey, k.key, k.iv, seq + 1, APPLICATION_DATA,
                content, pad));
        byte[] badPad = padding(pad + 16);
        badPad[2] ^= 0x40;
        bad.put("bad padding byte", CbcRecords.mte(k.key, k.iv, content, rightMac, badPad));
        // padding_length 255 in a record too short to hold it (content and MAC eaten by "padding")
        byte[] shortPlain = concat(bytes(2, 1), rightMac, new byte[] {(byte) 255});
        bad.put("padding longer than the record", CbcRecords.mte(k.key, k.iv, new byte[0], new byte[0],
                Arrays.copyOf(shortPlain, (shortPlain.length + 15) / 16 * 16 - 1 + 1)));
        byte[] flippedIv = good.clone();
        flippedIv[0] ^= 1; // changes the first plaintext block
        bad.put("tampered IV", flippedIv);
        byte[] flippedLast = good.clone();
        flippedLast[flippedLast.length - 1] ^= 1; // garbles the padding block
        bad.put("tampered last block", flippedLast);
        bad.put("not whole blocks", Arrays.copyOf(good, good.length - 1));
        bad.put("IV only", Arrays.copyOf(good, 16));
        bad.put("shorter than the IV", Arrays.copyOf(good, 10));
        bad.put("empty", new byte[0]);
        if (mac >= 16) {
            bad.put("one block: no room for the MAC", Arrays.copyOf(good, 32));
        }
        return bad;
    }

    @ParameterizedTest
    @MethodSource("cbcCiphers")
    void malformedMacThenEncryptRecordsAreBadRecordMac(BulkCipher c) throws Exception {
        Keys k = Keys.of(c);
        for (Map.Entry<String, byte[]> e : badMacThenEncrypt(c, k, 9).entrySet()) {
            assertBadRecordMac(opener(c, k, false), 9, e.getValue(), e.getKey());
        }
    }

    @ParameterizedTest
    @MethodSource("cbcCiphers")
    void malformedEncryptThenMacRecordsAreBadRecordMac(BulkCipher c) throws Exception {
        Keys k = Keys.of(c);
        byte[] content = bytes(50, 3);
        byte[] good = CbcRecords.etm(c, k.macKey, k.key, k.iv, 9, APPLICATION_DATA, content, padding(minimalPad(50)));
        Map<String, byte[]> bad = new LinkedHashMap<>();
        byte[] t = good.clone();
        t[t.length - 1] ^= 1;
        bad.put("tampered MAC", t);
        t = good.clone();
        t[20] ^= 1;
        bad.put("tampered ciphertext", t);
        t = good.clone();
        t[0] ^= 1;
        bad.put("tampered IV", t);
        byte[] badPad = padding(minimalPad(50) + 16);
        badPad[0] ^= 1;
        bad.put("bad padding under a valid MAC", CbcRecords.etm(c, k.macKey, k.key, k.iv, 9, APPLICATION_DATA,
                content, badPad));
        byte[] tooLong = concat(bytes(15, 0), new byte[] {(byte) 200});
        bad.put("padding longer than the record under a valid MAC", CbcRecords.etm(c, k.macKey, k.key, k.iv, 9,
                APPLICATION_DATA, new byte[0], tooLong));
        bad.put("MtE record to an EtM reader", CbcRecords.mte(c, k.macKey, k.key, k.iv, 9, APPLICATION_DATA,
                content, minimalPad(50 + c.mac().length())));
        bad.put("truncated", Arrays.copyOf(good, good.length - 1));
        bad.put("IV and MAC only", concat(Arrays.copyOf(good, 16), Arrays.copyOfRange(good, good.length
                - c.mac().length(), good.length)));
        bad.put("empty", new byte[0]);
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            assertBadRecordMac(opener(c, k, true), 9, e.getValue(), e.getKey());
        }
        assertBadRecordMac(opener(c, k, false), 9, good, "EtM record to an MtE reader");
    }

    static void assertBadRecordMac(RecordProtection opener, long seq, byte[] fragment, String why) {
        ByteBuffer src = ByteBuffer.wrap(fragment);
        ByteBuffer dst = ByteBuffer.allocate(fragment.length + 16);
        dst.position(3);
        TlsAlertException e = assertThrows(TlsAlertException.class,
                () -> opener.open(ContentType.APPLICATION_DATA, CbcRecords.VERSION, seq, src, dst), why);
        assertEquals(AlertDescription.BAD_RECORD_MAC, e.description(), why);
        assertEquals(AeadRecords.BAD_RECORD, e.getMessage(), why + ": one message for every failure");
        assertEquals(3, dst.position(), why + ": dst untouched");
        assertEquals(0, src.position(), why + ": fragment position restored");
        assertArrayEquals(new byte[dst.capacity()], dst.array(), why + ": no plaintext released");
    }

    @Test
    void authenticPlaintextLongerThanTheReadersLimitIsRecordOverflow() throws Exception {
        BulkCipher c = BulkCipher.AES_128_CBC_SHA;
        Keys k = Keys.of(c);
        byte[] fragment = CbcRecords.mte(c, k.macKey, k.key, k.iv, 0, APPLICATION_DATA, new byte[16400],
                minimalPad(16400 + 20));
        CbcHmacProtection opener = opener(c, k, false);
        ByteBuffer dst = ByteBuffer.allocate(opener.plaintextBound(fragment.length, 16384));
        assertEquals(16384, dst.capacity());
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> opener.open(ContentType.APPLICATION_DATA,
                CbcRecords.VERSION, 0, ByteBuffer.wrap(fragment), dst));
        assertEquals(AlertDescription.RECORD_OVERFLOW, e.description());
    }

    @Test
    void inPlaceSealThroughOneBuffer() throws Exception {
        BulkCipher c = BulkCipher.AES_256_CBC_SHA384;
        Keys k = Keys.of(c);
        byte[] content = bytes(1000, 77);
        byte[] expected = CbcRecords.etm(c, k.macKey, k.key, k.iv, 3, APPLICATION_DATA, content,
                padding(minimalPad(1000)));
        byte[] shared = new byte[1000 + c.expansion()];
        System.arraycopy(content, 0, shared, 0, 1000);
        ByteBuffer src = ByteBuffer.wrap(shared, 0, 1000);
        ByteBuffer dst = ByteBuffer.wrap(shared);
        int n = sealer(c, k, true).seal(ContentType.APPLICATION_DATA, CbcRecords.VERSION, 3, src.slice(), dst);
        assertArrayEquals(expected, Arrays.copyOf(shared, n));
    }

    /** Direct buffers and heap slices with a non-zero array offset, both modes, against the hand-built bytes. */
    @ParameterizedTest
    @MethodSource("cbcCiphers")
    void directAndOffsetBuffers(BulkCipher c) throws Exception {
        Keys k = Keys.of(c);
        for (boolean etm : new boolean[] {false, true}) {
            byte[] content = bytes(3000, etm ? 1 : 2);
            byte[] expected = etm
                    ? CbcRecords.etm(c, k.macKey, k.key, k.iv, 4, APPLICATION_DATA, content, padding(minimalPad(3000)))
                    : CbcRecords.mte(c, k.macKey, k.key, k.iv, 4, APPLICATION_DATA, content,
                            minimalPad(3000 + c.mac().length()));
            ByteBuffer src = ByteBuffer.allocateDirect(3000).put(content).flip();
            ByteBuffer dst = ByteBuffer.wrap(new byte[expected.length + 40]).position(7).slice();
            int n = sealer(c, k, etm).seal(ContentType.APPLICATION_DATA, CbcRecords.VERSION, 4, src, dst);
            assertEquals(expected.length, n);
            byte[] got = new byte[n];
            dst.flip().get(got);
            assertArrayEquals(expected, got, "etm=" + etm);
            ByteBuffer frag = ByteBuffer.allocateDirect(n).put(expected).flip();
            ByteBuffer out = ByteBuffer.allocateDirect(n);
            assertEquals(3000, opener(c, k, etm).open(ContentType.APPLICATION_DATA, CbcRecords.VERSION, 4, frag, out));
            assertEquals(n, frag.position());
            byte[] plain = new byte[3000];
            out.flip().get(plain);
            assertArrayEquals(content, plain);
        }
    }

    /** Random fragments of every length up to a few blocks past the minimum: only bad_record_mac, never more. */
    @ParameterizedTest
    @MethodSource("cbcCiphers")
    void randomFragmentsAreBadRecordMac(BulkCipher c) {
        Keys k = Keys.of(c);
        java.util.Random r = new java.util.Random(c.ordinal());
        for (boolean etm : new boolean[] {false, true}) {
            CbcHmacProtection opener = opener(c, k, etm);
            for (int len = 0; len < 16 + c.mac().length() + 80; len++) {
                byte[] f = new byte[len];
                r.nextBytes(f);
                assertBadRecordMac(opener, len, f, "random " + len + " etm=" + etm);
            }
        }
    }

    @Test
    void constructorChecksKeysAndKind() {
        BulkCipher c = BulkCipher.AES_128_CBC_SHA;
        assertThrows(IllegalArgumentException.class, () -> new CbcHmacProtection(c, new byte[19], new byte[16],
                false, false, null));
        assertThrows(IllegalArgumentException.class, () -> new CbcHmacProtection(c, new byte[20], new byte[32],
                false, false, null));
        assertThrows(IllegalArgumentException.class, () -> new CbcHmacProtection(BulkCipher.AES_128_GCM,
                new byte[0], new byte[16], false, false, null));
        List<String> names = new ArrayList<>();
        for (BulkCipher b : BulkCipher.values()) {
            if (b.isCbc()) {
                names.add(b.name());
                assertEquals(16 + b.mac().length() + 16, b.expansion());
            }
        }
        assertEquals(5, names.size(), names.toString());
    }
}
