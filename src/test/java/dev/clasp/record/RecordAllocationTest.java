package dev.clasp.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.suite.BulkCipher;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The record path allocates a small, fixed amount per record whatever the record size (ENGINEERING 6): sealing
 * and opening full 16 KiB records laid out as on the wire (the fragment after its 5-byte header in a network
 * buffer) must not copy the data onto the heap. JDK 17's SunJCE ChaCha20-Poly1305 did, twice per opened record,
 * when the ciphertext did not start at array offset 0 (over 32 KB per record); the JDK's own per-init objects
 * (a few KB) are the floor.
 */
class RecordAllocationTest {
    private static final int RECORD = 16384;
    /** Per seal+open of a 16 KiB record: well under one copy of the data. */
    private static final long LIMIT = 8 * 1024;

    @ParameterizedTest(name = "{0} heap={1}")
    @CsvSource({"AES_128_GCM, true", "AES_128_GCM, false", "AES_256_GCM, true", "CHACHA20_POLY1305, true",
            "CHACHA20_POLY1305, false"})
    void sixteenKibRecordsAllocateLessThanACopy(BulkCipher cipher, boolean heap) throws Exception {
        AeadRecordProtectionTest.Pair pair = new AeadRecordProtectionTest.Pair(cipher, 7);
        byte[] data = AeadRecordProtectionTest.random(RECORD, 3);
        ByteBuffer plaintext = alloc(heap, RECORD);
        ByteBuffer net = alloc(heap, RECORD + 5 + pair.sealer.expansion());
        ByteBuffer app = alloc(heap, RECORD + 64);
        plaintext.put(data);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int rounds = 300;
        long before = 0;
        for (int i = 0; i < 2 * rounds; i++) {
            if (i == rounds) {
                before = threads.getCurrentThreadAllocatedBytes();
            }
            plaintext.clear();
            net.clear().position(5); // the fragment follows its record header, as RecordWriter lays it out
            int n = pair.sealer.seal(ContentType.APPLICATION_DATA, 0x0303, i, plaintext, net);
            net.flip().position(5);
            app.clear();
            assertEquals(RECORD, pair.opener.open(ContentType.APPLICATION_DATA, 0x0303, i, net, app));
            assertEquals(RECORD + pair.sealer.expansion(), n);
        }
        long perRecord = (threads.getCurrentThreadAllocatedBytes() - before) / rounds;
        byte[] back = new byte[RECORD];
        app.flip().get(back);
        assertArrayEquals(data, back);
        assertTrue(perRecord < LIMIT, cipher + ": " + perRecord + " bytes allocated per 16 KiB seal+open");
    }

    private static ByteBuffer alloc(boolean heap, int n) {
        return heap ? ByteBuffer.allocate(n) : ByteBuffer.allocateDirect(n);
    }
}
