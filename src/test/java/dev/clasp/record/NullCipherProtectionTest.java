package dev.clasp.record;

import static dev.clasp.crypto.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.crypto.Vectors;
import dev.clasp.suite.BulkCipher;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link NullCipherProtection}: RFC 5246 6.2.3.1 with the null stream cipher, fragment = content || HMAC over
 * seq_num, type, version, length and content. Known answers from vectors/null-hmac-record.txt (MACs computed with
 * the openssl command line), a cross-check against javax.crypto's HMAC on random records, and every tampered or
 * short record failing as the one bad_record_mac with nothing written.
 */
class NullCipherProtectionTest {
    static Stream<Map<String, String>> vectors() {
        return Vectors.load("null-hmac-record.txt").values().stream();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void knownAnswer(Map<String, String> v) throws Exception {
        BulkCipher c = BulkCipher.valueOf(v.get("cipher"));
        byte[] macKey = hex(v.get("macKey"));
        long seq = HexFormat.fromHexDigitsToLong(v.get("seq"));
        ContentType type = ContentType.fromCode(Integer.parseInt(v.get("type")));
        int version = HexFormat.fromHexDigits(v.get("version"));
        byte[] pt = hex(v.get("plaintext"));
        byte[] frag = hex(v.get("fragment"));

        RecordProtection sealer = RecordProtection.forCipher(c, macKey, new byte[0], new byte[0], true, false, null);
        ByteBuffer dst = ByteBuffer.allocate(pt.length + sealer.expansion());
        assertEquals(frag.length, sealer.seal(type, version, seq, ByteBuffer.wrap(pt), dst));
        assertEquals(Vectors.hex(frag), Vectors.hex(dst.array()));

        RecordProtection opener = new NullCipherProtection(c, macKey, false);
        ByteBuffer out = ByteBuffer.allocate(opener.plaintextBound(frag.length, 16384));
        assertEquals(pt.length, opener.open(type, version, seq, ByteBuffer.wrap(frag), out));
        assertArrayEquals(pt, Arrays.copyOf(out.array(), out.position()));
    }

    /** Random keys, sequence numbers, types and sizes up to 2^14: the fragment is exactly content || JCA HMAC. */
    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, names = {"NULL_SHA", "NULL_SHA256"})
    void matchesJcaHmacOnRandomRecords(BulkCipher c) throws Exception {
        Random r = new Random(c.ordinal());
        byte[] macKey = new byte[c.mac().length()];
        r.nextBytes(macKey);
        Mac reference = Mac.getInstance(c.mac().jcaName());
        reference.init(new SecretKeySpec(macKey, c.mac().jcaName()));
        NullCipherProtection sealer = new NullCipherProtection(c, macKey, true);
        NullCipherProtection opener = new NullCipherProtection(c, macKey, false);
        for (int i = 0; i < 30; i++) {
            long seq = i < 15 ? i : r.nextLong();
            ContentType type = ContentType.values()[r.nextInt(4)];
            byte[] pt = new byte[i == 29 ? 16384 : r.nextInt(700)];
            r.nextBytes(pt);
            byte[] header = new byte[13];
            AeadRecords.writeAad(header, seq, type, 0x0303, pt.length);
            reference.update(header);
            byte[] expected = concat(pt, reference.doFinal(pt));
            ByteBuffer dst = ByteBuffer.allocate(pt.length + c.expansion());
            sealer.seal(type, 0x0303, seq, ByteBuffer.wrap(pt), dst);
            assertArrayEquals(expected, dst.array(), "record " + i);
            ByteBuffer out = ByteBuffer.allocate(pt.length);
            assertEquals(pt.length, opener.open(type, 0x0303, seq, ByteBuffer.wrap(expected), out));
            assertArrayEquals(pt, out.array());
        }
    }

    /**
     * Any change (a content byte, a MAC byte, the sequence number, type or version) and any fragment shorter than
     * the MAC: the same bad_record_mac, dst and the fragment's position untouched.
     */
    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, names = {"NULL_SHA", "NULL_SHA256"})
    void everyTamperIsTheSameBadRecordMac(BulkCipher c) throws Exception {
        byte[] macKey = new byte[c.mac().length()];
        Arrays.fill(macKey, (byte) 7);
        byte[] pt = "integrity, not confidentiality".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        NullCipherProtection sealer = new NullCipherProtection(c, macKey, true);
        ByteBuffer sealed = ByteBuffer.allocate(pt.length + c.expansion());
        sealer.seal(ContentType.APPLICATION_DATA, 0x0303, 5, ByteBuffer.wrap(pt), sealed);
        byte[] good = sealed.array();
        NullCipherProtection opener = new NullCipherProtection(c, macKey, false);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            assertBad(opener, ContentType.APPLICATION_DATA, 0x0303, 5, bad);
        }
        assertBad(opener, ContentType.APPLICATION_DATA, 0x0303, 6, good);
        assertBad(opener, ContentType.HANDSHAKE, 0x0303, 5, good);
        assertBad(opener, ContentType.APPLICATION_DATA, 0x0301, 5, good);
        assertBad(opener, ContentType.APPLICATION_DATA, 0x0303, 5, Arrays.copyOf(good, good.length - 1));
        assertBad(opener, ContentType.APPLICATION_DATA, 0x0303, 5, Arrays.copyOf(good, c.mac().length() - 1));
        assertBad(opener, ContentType.APPLICATION_DATA, 0x0303, 5, new byte[0]);
        // The untampered record still opens afterwards: a failure leaves no state behind.
        ByteBuffer out = ByteBuffer.allocate(pt.length);
        opener.open(ContentType.APPLICATION_DATA, 0x0303, 5, ByteBuffer.wrap(good), out);
        assertArrayEquals(pt, out.array());
    }

    private static void assertBad(NullCipherProtection opener, ContentType type, int version, long seq, byte[] frag) {
        ByteBuffer fragment = ByteBuffer.wrap(frag);
        ByteBuffer dst = ByteBuffer.allocate(frag.length + 16);
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> opener.open(type, version, seq, fragment, dst));
        assertEquals(AlertDescription.BAD_RECORD_MAC, e.description());
        assertEquals(AeadRecords.BAD_RECORD, e.getMessage());
        assertEquals(0, dst.position());
        assertArrayEquals(new byte[dst.capacity()], dst.array(), "nothing written before the MAC verified");
        assertEquals(0, fragment.position());
    }

    /** An authentic content longer than the reader's limit is record_overflow (RFC 5246 6.2.1), not written. */
    @Test
    void authenticButTooLongIsRecordOverflow() throws Exception {
        byte[] macKey = new byte[20];
        byte[] pt = new byte[16385];
        NullCipherProtection sealer = new NullCipherProtection(BulkCipher.NULL_SHA, macKey, true);
        ByteBuffer sealed = ByteBuffer.allocate(pt.length + 20);
        sealer.seal(ContentType.APPLICATION_DATA, 0x0303, 0, ByteBuffer.wrap(pt), sealed);
        NullCipherProtection opener = new NullCipherProtection(BulkCipher.NULL_SHA, macKey, false);
        assertEquals(16384, opener.plaintextBound(sealed.capacity(), 16384));
        ByteBuffer dst = ByteBuffer.allocate(16384);
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> opener.open(ContentType.APPLICATION_DATA,
                0x0303, 0, ByteBuffer.wrap(sealed.array()), dst));
        assertEquals(AlertDescription.RECORD_OVERFLOW, e.description());
        assertEquals(0, dst.position());
    }

    /** Sealing and opening in place (plaintext and dst share one array, as the engine's buffers may). */
    @Test
    void inPlace() throws Exception {
        byte[] macKey = new byte[32];
        Arrays.fill(macKey, (byte) 3);
        byte[] buf = new byte[100];
        byte[] pt = "in place".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(pt, 0, buf, 10, pt.length);
        ByteBuffer plaintext = ByteBuffer.wrap(buf, 10, pt.length).slice();
        ByteBuffer dst = ByteBuffer.wrap(buf, 10, 90).slice();
        int n = new NullCipherProtection(BulkCipher.NULL_SHA256, macKey, true)
                .seal(ContentType.APPLICATION_DATA, 0x0303, 1, plaintext, dst);
        assertEquals(pt.length + 32, n);
        ByteBuffer fragment = ByteBuffer.wrap(buf, 10, n).slice();
        ByteBuffer out = ByteBuffer.wrap(buf, 10, 90).slice();
        assertEquals(pt.length, new NullCipherProtection(BulkCipher.NULL_SHA256, macKey, false)
                .open(ContentType.APPLICATION_DATA, 0x0303, 1, fragment, out));
        assertArrayEquals(pt, Arrays.copyOfRange(buf, 10, 10 + pt.length));
    }

    /** RFC 7366 2: encrypt-then-MAC is for block ciphers; a NULL cipher with it is a caller bug. */
    @Test
    void encryptThenMacIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RecordProtection.forCipher(BulkCipher.NULL_SHA,
                new byte[20], new byte[0], new byte[0], true, true, new SecureRandom()));
        assertThrows(IllegalArgumentException.class,
                () -> RecordProtection.forCipher(BulkCipher.NULL_SHA, new byte[0], new byte[0], true));
        assertThrows(IllegalArgumentException.class, () -> new NullCipherProtection(BulkCipher.NULL_SHA, new byte[32], true));
        assertThrows(IllegalArgumentException.class,
                () -> new NullCipherProtection(BulkCipher.AES_128_CBC_SHA, new byte[20], true));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
