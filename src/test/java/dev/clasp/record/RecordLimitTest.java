package dev.clasp.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.suite.BulkCipher;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A negotiated plaintext limit on the reader (RFC 6066 4 max_fragment_length, RFC 8449 4 record_size_limit): a
 * record over it is record_overflow, from its header when the protected fragment cannot hold a plaintext within
 * the limit (RFC 6066 4: "without decrypting"), otherwise after opening (CBC, whose padding varies); a record at
 * the limit opens. Real keys for every protection.
 */
class RecordLimitTest {
    private static final int V12 = 0x0303;

    record Pair(RecordProtection sealer, RecordProtection opener) {
    }

    static Pair pair(BulkCipher c) {
        byte[] key = filled(c.keyLength(), 1);
        byte[] iv = filled(c.fixedIvLength(), 2);
        byte[] mac = filled(c.mac().length(), 3);
        return new Pair(RecordProtection.forCipher(c, mac, key, iv, true, false, new SecureRandom()),
                RecordProtection.forCipher(c, mac, key, iv, false, false, new SecureRandom()));
    }

    static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    /** One record of {@code plaintext} bytes sealed by {@code writer}. */
    static ByteBuffer record(RecordWriter writer, int plaintext) throws TlsAlertException {
        ByteBuffer out = ByteBuffer.allocate(writer.recordSize(plaintext) + 300);
        writer.write(ContentType.APPLICATION_DATA, ByteBuffer.wrap(filled(plaintext, 7)), out);
        return out.flip();
    }

    static int read(RecordReader reader, ByteBuffer record) throws TlsAlertException {
        RecordReader.Header h = reader.peekHeader(record);
        ByteBuffer fragment = record.duplicate();
        fragment.position(record.position() + RecordWriter.HEADER_LENGTH);
        ByteBuffer dst = ByteBuffer.allocate(reader.plaintextBound(h.length()) + 1);
        return reader.open(h, fragment, dst);
    }

    @ParameterizedTest
    @EnumSource(BulkCipher.class)
    void protectedRecordOverTheLimitIsRecordOverflow(BulkCipher cipher) throws Exception {
        for (int limit : new int[] {64, 512, 4096}) {
            Pair p = pair(cipher);
            RecordWriter writer = new RecordWriter(V12);
            writer.setProtection(p.sealer());
            RecordReader reader = new RecordReader(RecordWriter.MAX_PLAINTEXT);
            reader.setProtection(p.opener());
            reader.setLimit(limit);
            assertEquals(limit, reader.limit());
            assertEquals(limit, read(reader, record(writer, limit)), "a record at the limit opens");
            ByteBuffer over = record(writer, limit + 1);
            TlsAlertException e = assertThrows(TlsAlertException.class, () -> read(reader, over));
            assertSame(AlertDescription.RECORD_OVERFLOW, e.description(), e.getMessage());
            assertTrue(e.getMessage().contains(Integer.toString(limit)), e.getMessage());
            if (!cipher.isCbc()) {
                // AEAD: the fragment length gives the plaintext away: refused from the header, nothing decrypted.
                TlsAlertException h = assertThrows(TlsAlertException.class, () -> reader.peekHeader(over));
                assertSame(AlertDescription.RECORD_OVERFLOW, h.description());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 2048})
    void plaintextRecordOverTheLimitIsRefusedFromItsHeader(int limit) throws Exception {
        RecordWriter writer = new RecordWriter(V12);
        RecordReader reader = new RecordReader(RecordWriter.MAX_PLAINTEXT);
        reader.setLimit(limit);
        assertEquals(limit, read(reader, record(writer, limit)));
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> reader.peekHeader(record(writer, limit + 1)));
        assertSame(AlertDescription.RECORD_OVERFLOW, e.description());
        // Back to no limit: the protocol's 2^14 again, and never above the reader's own capacity.
        reader.setLimit(1 << 20);
        assertEquals(RecordWriter.MAX_PLAINTEXT, reader.limit());
        assertEquals(limit + 1, read(reader, record(writer, limit + 1)));
    }
}
