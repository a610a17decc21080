package dev.clasp.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.it.FuzzSeeds;
import dev.clasp.suite.BulkCipher;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tier 7: the record deframer ({@link RecordReader}) fed arbitrary bytes, the way {@code Connection} drives it:
 * peek a header, wait for the whole record, open it. The first input byte picks the installed protection (none,
 * AES-128-GCM, ChaCha20-Poly1305, under fixed test keys) and the plaintext limit.
 *
 * <p>Invariants: only {@link TlsAlertException} comes out, with a record-layer alert; a plaintext never exceeds
 * the limit or the bound the reader announced; under protection a record opens only if it is byte for byte one
 * that the matching {@link RecordWriter} sealed (no plaintext from an unverified record), and a failed open
 * leaves the destination untouched. Loops are bounded by the input length.
 *
 * <p>Regression mode (default) replays {@code src/test/resources/dev/clasp/record/RecordReaderFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=RecordReaderFuzzTest} fuzzes.
 */
class RecordReaderFuzzTest {
    private static final byte[] KEY16 = filled(16, 0x11);
    private static final byte[] KEY32 = filled(32, 0x22);
    private static final byte[] IV4 = filled(4, 0x33);
    private static final byte[] IV12 = filled(12, 0x44);

    /** Genuine sealed records (header + fragment) per protection, sequence numbers 0..3, for the seeds. */
    private static final List<List<byte[]>> GENUINE = List.of(List.of(), genuine(1), genuine(2));

    @Test
    void seedsAreCommitted() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("plaintext-handshake", concat(new byte[] {(byte) 0x80},
                new byte[] {22, 3, 3, 0, 4, 14, 0, 0, 0}, new byte[] {21, 3, 3, 0, 2, 1, 0}));
        seeds.put("small-limit-overflow", new byte[] {0, 23, 3, 3, 2, 1});
        seeds.put("aes-gcm-genuine", seed(1));
        seeds.put("chacha-genuine", seed(2));
        FuzzSeeds.sync(RecordReaderFuzzTest.class, "deframe", seeds);
    }

    @FuzzTest(maxDuration = "2m")
    void deframe(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int mode = (input[0] & 0xFF) % 3;
        int maxPlaintext = (input[0] & 0x80) != 0 ? RecordWriter.MAX_PLAINTEXT : 1 << 9;
        RecordReader reader = new RecordReader(maxPlaintext);
        if (mode != 0) {
            reader.setProtection(protection(mode, false));
        }
        ByteBuffer src = ByteBuffer.wrap(input, 1, input.length - 1).slice();
        long seq = 0;
        for (int guard = 0; guard <= input.length && src.remaining() >= RecordWriter.HEADER_LENGTH; guard++) {
            RecordReader.Header h;
            try {
                h = reader.peekHeader(src);
            } catch (TlsAlertException e) {
                assertAlert(e, AlertDescription.UNEXPECTED_MESSAGE, AlertDescription.PROTOCOL_VERSION,
                        AlertDescription.RECORD_OVERFLOW, AlertDescription.HANDSHAKE_FAILURE);
                return;
            }
            if (src.remaining() < h.recordLength()) {
                return; // BUFFER_UNDERFLOW: wait for more
            }
            int start = src.position();
            ByteBuffer fragment = src.duplicate();
            fragment.position(start + RecordWriter.HEADER_LENGTH).limit(start + h.recordLength());
            int bound = reader.plaintextBound(h.length());
            ByteBuffer dst = ByteBuffer.allocate(Math.max(bound, maxPlaintext) + 16);
            dst.position(3); // not at 0, to see that a failed open leaves the position alone
            try {
                int n = reader.open(h, fragment, dst);
                assertTrue(n >= 0 && n <= bound && n <= maxPlaintext, "plaintext of " + n + " bytes, bound " + bound);
                assertEquals(3 + n, dst.position(), "dst position after open");
                if (mode != 0) {
                    byte[] record = Arrays.copyOfRange(input, 1 + start, 1 + start + h.recordLength());
                    assertTrue(isGenuine(mode, seq, record), "an unverified record opened under protection");
                }
            } catch (TlsAlertException e) {
                assertAlert(e, AlertDescription.BAD_RECORD_MAC, AlertDescription.RECORD_OVERFLOW);
                assertEquals(3, dst.position(), "dst moved on a failed open");
                for (int i = 0; i < dst.capacity(); i++) {
                    if (dst.get(i) != 0) {
                        fail("unverified plaintext left in dst at " + i);
                    }
                }
                return; // fatal: the connection would close here
            } catch (RuntimeException e) {
                fail("open threw " + e, e);
            }
            seq++;
            src.position(start + h.recordLength());
        }
    }

    private static void assertAlert(TlsAlertException e, AlertDescription... allowed) {
        for (AlertDescription a : allowed) {
            if (e.description() == a) {
                return;
            }
        }
        fail("unexpected alert " + e.description() + ": " + e.getMessage(), e);
    }

    private static boolean isGenuine(int mode, long seq, byte[] record) {
        List<byte[]> g = GENUINE.get(mode);
        return seq < g.size() && Arrays.equals(g.get((int) seq), record);
    }

    static RecordProtection protection(int mode, boolean encrypt) {
        return mode == 1
                ? RecordProtection.forCipher(BulkCipher.AES_128_GCM, KEY16, IV4, encrypt)
                : RecordProtection.forCipher(BulkCipher.CHACHA20_POLY1305, KEY32, IV12, encrypt);
    }

    /** Four records sealed at sequence numbers 0..3: handshake, alert, application data, empty application data. */
    private static List<byte[]> genuine(int mode) {
        RecordWriter w = new RecordWriter(0x0303);
        w.setProtection(protection(mode, true));
        List<byte[]> out = new ArrayList<>();
        byte[][] plain = {{20, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {1, 0}, "hello".getBytes(), {}};
        ContentType[] types = {ContentType.HANDSHAKE, ContentType.ALERT, ContentType.APPLICATION_DATA,
            ContentType.APPLICATION_DATA};
        for (int i = 0; i < plain.length; i++) {
            ByteBuffer dst = ByteBuffer.allocate(64);
            try {
                w.write(types[i], ByteBuffer.wrap(plain[i]), dst);
            } catch (TlsAlertException e) {
                throw new AssertionError(e);
            }
            out.add(Arrays.copyOf(dst.array(), dst.position()));
        }
        return out;
    }

    /** The seed for {@code mode}: the mode byte then its four genuine records (used to write the seed files). */
    private static byte[] seed(int mode) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x80 | mode);
        GENUINE.get(mode).forEach(b::writeBytes);
        return b.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
