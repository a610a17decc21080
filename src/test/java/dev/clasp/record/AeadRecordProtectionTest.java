package dev.clasp.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.suite.BulkCipher;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Behaviour every AEAD {@link RecordProtection} shares, run for each {@link BulkCipher}. */
class AeadRecordProtectionTest {
    private static final int V12 = 0x0303;

    /** Buffer kinds: heap, direct, and a heap slice whose arrayOffset is not zero. */
    enum Kind {
        HEAP(ByteBuffer::allocate),
        DIRECT(ByteBuffer::allocateDirect),
        OFFSET_SLICE(n -> ByteBuffer.wrap(new byte[n + 37]).position(19).slice().limit(n));

        final IntFunction<ByteBuffer> alloc;

        Kind(IntFunction<ByteBuffer> alloc) {
            this.alloc = alloc;
        }

        ByteBuffer of(byte[] content, int capacity) {
            ByteBuffer b = alloc.apply(capacity);
            b.put(content).flip();
            return b;
        }
    }

    static final class Pair {
        final BulkCipher cipher;
        final RecordProtection sealer;
        final RecordProtection opener;

        Pair(BulkCipher cipher, long seed) {
            Random r = new Random(seed);
            byte[] key = new byte[cipher.keyLength()];
            byte[] iv = new byte[cipher.fixedIvLength()];
            r.nextBytes(key);
            r.nextBytes(iv);
            this.cipher = cipher;
            this.sealer = RecordProtection.forCipher(cipher, key, iv, true);
            this.opener = RecordProtection.forCipher(cipher, key, iv, false);
        }
    }

    static byte[] seal(RecordProtection p, ContentType type, long seq, byte[] plaintext) throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(plaintext.length + p.expansion());
        int n = p.seal(type, V12, seq, ByteBuffer.wrap(plaintext), dst);
        assertEquals(dst.capacity(), n);
        return dst.array();
    }

    static byte[] open(RecordProtection p, ContentType type, int version, long seq, byte[] fragment)
            throws TlsAlertException {
        ByteBuffer dst = ByteBuffer.allocate(Math.max(0, fragment.length - p.expansion()));
        int n = p.open(type, version, seq, ByteBuffer.wrap(fragment), dst);
        return Arrays.copyOf(dst.array(), n);
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @MethodSource("aeadCiphers")
    void factoryPicksImplementationAndExpansion(BulkCipher c) {
        Pair p = new Pair(c, 1);
        Class<?> expected = switch (c.kind()) {
            case AES_GCM -> GcmProtection.class;
            case AES_CCM -> CcmProtection.class;
            default -> ChaChaProtection.class;
        };
        assertInstanceOf(expected, p.sealer);
        assertInstanceOf(expected, p.opener);
        assertEquals(c.expansion(), p.sealer.expansion());
        assertEquals(c.expansion(), p.opener.expansion());
        assertFalse(p.sealer.toString().matches(".*[0-9a-f]{16}.*"), "no key bytes in toString");
    }

    @ParameterizedTest
    @MethodSource("aeadCiphers")
    void roundTripSizesSequencesAndTypes(BulkCipher c) throws Exception {
        Pair p = new Pair(c, 2);
        long[] seqs = {0, 1, 2, 255, 256, 0x7fffffffffffffffL, -2, -1};
        int[] sizes = {0, 1, 15, 16, 17, 255, 1000, 16383, 16384};
        int i = 0;
        for (long seq : seqs) {
            for (int size : sizes) {
                ContentType type = ContentType.values()[i++ % ContentType.values().length];
                byte[] pt = random(size, seq ^ size);
                // a distinct seq per seal: one encrypting instance must never reuse a nonce
                long s = seq + 1000L * (i % 7);
                byte[] frag = seal(p.sealer, type, s, pt);
                assertEquals(size + c.expansion(), frag.length);
                assertArrayEquals(pt, open(p.opener, type, V12, s, frag), "seq " + s + " size " + size);
            }
        }
    }

    /** Every AEAD bulk cipher (GCM, ChaCha20-Poly1305, CCM, CCM_8); CBC and NULL have their own tests. */
    static Stream<BulkCipher> aeadCiphers() {
        return Arrays.stream(BulkCipher.values()).filter(c -> !c.isCbc() && !c.isNull());
    }

    static Stream<Arguments> bufferKinds() {
        List<Arguments> out = new ArrayList<>();
        for (BulkCipher c : aeadCiphers().toList()) {
            for (Kind src : Kind.values()) {
                for (Kind dst : Kind.values()) {
                    out.add(Arguments.of(c, src, dst));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("bufferKinds")
    void heapDirectAndOffsetBuffers(BulkCipher c, Kind srcKind, Kind dstKind) throws Exception {
        Pair p = new Pair(c, 3);
        long seq = 40;
        for (int size : new int[] {0, 33, 16384}) {
            byte[] pt = random(size, size);
            // Buffers with content at a non-zero position and extra room after the limit.
            ByteBuffer src = srcKind.alloc.apply(size + 50);
            src.position(7);
            src.put(pt);
            src.limit(src.position()).position(7);
            ByteBuffer dst = dstKind.alloc.apply(size + c.expansion() + 50);
            dst.position(11);
            int n = p.sealer.seal(ContentType.APPLICATION_DATA, V12, seq, src, dst);
            assertEquals(size + c.expansion(), n);
            assertEquals(src.limit(), src.position());
            assertEquals(11 + n, dst.position());
            byte[] frag = new byte[n];
            dst.flip().position(11);
            dst.get(frag);
            assertArrayEquals(seal(new Pair(c, 3).sealer, ContentType.APPLICATION_DATA, seq, pt), frag,
                    "same fragment whatever the buffer kind");

            ByteBuffer fsrc = dstKind.of(new byte[0], n + 20);
            fsrc.clear().position(5);
            fsrc.put(frag).limit(5 + n).position(5);
            ByteBuffer out = srcKind.alloc.apply(size + 9);
            out.position(9 - 0).limit(9 + size);
            out.position(9);
            int m = p.opener.open(ContentType.APPLICATION_DATA, V12, seq, fsrc, out);
            assertEquals(size, m);
            assertEquals(fsrc.limit(), fsrc.position());
            assertEquals(9 + size, out.position());
            byte[] back = new byte[size];
            out.position(9);
            out.get(back);
            assertArrayEquals(pt, back);
            seq++;
        }
    }

    /** In place: plaintext and fragment in one array; every layout a record layer may use. */
    @ParameterizedTest
    @MethodSource("aeadCiphers")
    void inPlace(BulkCipher c) throws Exception {
        Pair p = new Pair(c, 4);
        int e = c.expansion();
        int nonce = c.recordIvLength();
        long seq = 100;
        for (boolean direct : new boolean[] {false, true}) {
            for (int shift : new int[] {-nonce, 0, nonce, 3}) {
                for (int size : new int[] {0, 64, 5000}) {
                    byte[] pt = random(size, size + shift);
                    ByteBuffer whole = direct ? ByteBuffer.allocateDirect(size + e + 64) : ByteBuffer.allocate(size + e + 64);
                    int ptAt = 5 + nonce + 8; // room before for a header and a negative shift
                    int fragAt = ptAt + shift;
                    whole.position(ptAt);
                    whole.put(pt);
                    ByteBuffer src = whole.duplicate().position(ptAt).limit(ptAt + size);
                    ByteBuffer dst = whole.duplicate().position(fragAt).limit(whole.capacity());
                    int n = p.sealer.seal(ContentType.APPLICATION_DATA, V12, seq, src, dst);
                    byte[] frag = new byte[n];
                    whole.duplicate().position(fragAt).get(frag);
                    assertArrayEquals(seal(new Pair(c, 4).sealer, ContentType.APPLICATION_DATA, seq, pt), frag,
                            "seal in place, shift " + shift + " size " + size + " direct " + direct);

                    // open in place: plaintext lands where the ciphertext starts (or where the nonce was)
                    ByteBuffer fsrc = whole.duplicate().position(fragAt).limit(fragAt + n);
                    int outAt = fragAt + (shift == 3 ? 0 : nonce);
                    ByteBuffer out = whole.duplicate().position(outAt).limit(outAt + size);
                    int m = p.opener.open(ContentType.APPLICATION_DATA, V12, seq, fsrc, out);
                    assertEquals(size, m);
                    byte[] back = new byte[size];
                    whole.duplicate().position(outAt).get(back);
                    assertArrayEquals(pt, back, "open in place, shift " + shift + " size " + size);
                    seq++;
                }
            }
        }
    }

    // ---- failures: BAD_RECORD_MAC, one message, dst untouched ----

    static void assertRejected(RecordProtection opener, ContentType type, int version, long seq, byte[] fragment,
            Kind dstKind) {
        for (byte fill : new byte[] {0, 0x5a}) {
            ByteBuffer src = ByteBuffer.wrap(fragment);
            int room = Math.max(fragment.length, 1) + 8;
            byte[] before = new byte[room];
            Arrays.fill(before, fill);
            ByteBuffer dst = dstKind.of(before, room);
            dst.limit(room).position(3);
            TlsAlertException ex = assertThrows(TlsAlertException.class,
                    () -> opener.open(type, version, seq, src, dst));
            assertEquals(AlertDescription.BAD_RECORD_MAC, ex.description());
            assertEquals(AeadRecords.BAD_RECORD, ex.getMessage());
            assertEquals(null, ex.getCause(), "no cause: it could tell which check failed");
            assertEquals(3, dst.position(), "dst position restored");
            assertEquals(0, src.position(), "fragment position restored");
            byte[] after = new byte[room];
            dst.get(0, after);
            for (int i = 0; i < room; i++) {
                // Either untouched or wiped: never plaintext.
                assertTrue(after[i] == fill || after[i] == 0, "dst byte " + i);
            }
            if (fill == 0) {
                assertArrayEquals(before, after);
            }
        }
    }

    /**
     * Direct buffers are staged through the protection's own array and opened in place there; SunJCE's GCM writes
     * plaintext before it checks the tag and leaves it when the check fails in place. A failed open must leave none
     * of it behind (a successful one may: the caller has that plaintext anyway).
     */
    @ParameterizedTest
    @MethodSource("aeadCiphers")
    void failedDirectOpenLeavesNoPlaintextInTheStagingArray(BulkCipher c) throws Exception {
        Pair p = new Pair(c, 11);
        byte[] pt = random(4000, 11);
        byte[] frag = seal(p.sealer, ContentType.APPLICATION_DATA, 3, pt);
        assertArrayEquals(pt, open(p.opener, ContentType.APPLICATION_DATA, V12, 3, frag));
        byte[] bad = frag.clone();
        bad[bad.length - 1] ^= 1; // the tag
        ByteBuffer src = Kind.DIRECT.of(bad, bad.length);
        ByteBuffer dst = ByteBuffer.allocateDirect(pt.length);
        TlsAlertException ex = assertThrows(TlsAlertException.class,
                () -> p.opener.open(ContentType.APPLICATION_DATA, V12, 4, src, dst));
        assertEquals(AlertDescription.BAD_RECORD_MAC, ex.description());
        for (Class<?> k = p.opener.getClass(); k != null; k = k.getSuperclass()) {
            for (java.lang.reflect.Field f : k.getDeclaredFields()) {
                if (f.getType() == byte[].class && f.getName().equals("scratch")) {
                    f.setAccessible(true);
                    byte[] staged = (byte[]) f.get(p.opener);
                    if (staged != null) {
                        // Ciphertext or zeros match the plaintext in about 1 byte of 256; plaintext in all.
                        int same = 0;
                        for (int i = 0; i < pt.length && i < staged.length; i++) {
                            same += staged[i] == pt[i] ? 1 : 0;
                        }
                        assertTrue(same < pt.length / 16, same + " plaintext bytes left in the staging array");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("aeadCiphers")
    void everySingleBitFlipIsRejected(BulkCipher c) throws Exception {
        Pair p = new Pair(c, 5);
        byte[] pt = random(21, 5);
        byte[] frag = seal(p.sealer, ContentType.APPLICATION_DATA, 7, pt);
        for (int bit = 0; bit < 8 * frag.length; bit++) {
            byte[] bad = frag.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertRejected(p.opener, ContentType.APPLICATION_DATA, V12, 7, bad, Kind.values()[bit % 3]);
        }
        assertArrayEquals(pt, open(p.opener, ContentType.APPLICATION_DATA, V12, 7, frag), "original still opens");
    }

    @ParameterizedTest
    @MethodSource("aeadCiphers")
    void wrongSeqTypeOrVersionIsRejected(BulkCipher c) throws Exception {
        Pair p = new Pair(c, 6);
        for (int size : new int[] {0, 40}) {
            byte[] frag = seal(p.sealer, ContentType.HANDSHAKE, 9 + size, random(size, 6));
            long seq = 9 + size;
            for (Kind k : Kind.values()) {
                assertRejected(p.opener, ContentType.HANDSHAKE, V12, seq + 1, frag, k);
                assertRejected(p.opener, ContentType.HANDSHAKE, V12, seq - 1, frag, k);
                assertRejected(p.opener, ContentType.HANDSHAKE, V12, seq ^ (1L << 63), frag, k);
                assertRejected(p.opener, ContentType.APPLICATION_DATA, V12, seq, frag, k);
                assertRejected(p.opener, ContentType.ALERT, V12, seq, frag, k);
                assertRejected(p.opener, ContentType.HANDSHAKE, 0x0302, seq, frag, k);
                assertRejected(p.opener, ContentType.HANDSHAKE, 0x0304, seq, frag, k);
            }
            assertEquals(size, open(p.opener, ContentType.HANDSHAKE, V12, seq, frag).length);
        }
    }

    @ParameterizedTest
    @MethodSource("aeadCiphers")
    void truncatedOrExtendedFragmentsAreRejected(BulkCipher c) throws Exception {
        Pair p = new Pair(c, 7);
        byte[] frag = seal(p.sealer, ContentType.APPLICATION_DATA, 3, random(30, 7));
        for (int len = 0; len < frag.length; len++) {
            // includes every length below explicit nonce + tag
            assertRejected(p.opener, ContentType.APPLICATION_DATA, V12, 3, Arrays.copyOf(frag, len),
                    Kind.values()[len % 3]);
            // dropping leading bytes too
            assertRejected(p.opener, ContentType.APPLICATION_DATA, V12, 3,
                    Arrays.copyOfRange(frag, frag.length - len, frag.length), Kind.HEAP);
        }
        assertRejected(p.opener, ContentType.APPLICATION_DATA, V12, 3, Arrays.copyOf(frag, frag.length + 1),
                Kind.HEAP);
    }

    @ParameterizedTest
    @MethodSource("aeadCiphers")
    void wrongKeyIsRejected(BulkCipher c) throws Exception {
        byte[] frag = seal(new Pair(c, 8).sealer, ContentType.APPLICATION_DATA, 1, random(10, 8));
        assertRejected(new Pair(c, 9).opener, ContentType.APPLICATION_DATA, V12, 1, frag, Kind.DIRECT);
    }

    @ParameterizedTest
    @MethodSource("aeadCiphers")
    void openerKeepsWorkingAfterFailures(BulkCipher c) throws Exception {
        Pair p = new Pair(c, 10);
        byte[] good = seal(p.sealer, ContentType.APPLICATION_DATA, 1, random(50, 10));
        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 1;
        assertRejected(p.opener, ContentType.APPLICATION_DATA, V12, 1, bad, Kind.HEAP);
        assertArrayEquals(random(50, 10), open(p.opener, ContentType.APPLICATION_DATA, V12, 1, good));
    }

    @ParameterizedTest
    @MethodSource("aeadCiphers")
    void misuse(BulkCipher c) throws Exception {
        Pair p = new Pair(c, 11);
        ByteBuffer b = ByteBuffer.allocate(100);
        assertThrows(IllegalStateException.class,
                () -> p.opener.seal(ContentType.HANDSHAKE, V12, 0, ByteBuffer.allocate(1), ByteBuffer.allocate(100)));
        assertThrows(IllegalStateException.class,
                () -> p.sealer.open(ContentType.HANDSHAKE, V12, 0, ByteBuffer.allocate(50), ByteBuffer.allocate(100)));
        assertThrows(IllegalArgumentException.class, () -> p.sealer.seal(ContentType.HANDSHAKE, V12, 0, b, b));
        byte[] frag = seal(p.sealer, ContentType.HANDSHAKE, 1, new byte[10]);
        assertThrows(IllegalArgumentException.class, () -> p.opener.open(ContentType.HANDSHAKE, V12, 1,
                ByteBuffer.wrap(frag), ByteBuffer.allocate(9)), "a too-small dst is the caller's bug");
        assertEquals(10, p.opener.open(ContentType.HANDSHAKE, V12, 1, ByteBuffer.wrap(frag), ByteBuffer.allocate(10)));
        assertThrows(IllegalArgumentException.class,
                () -> RecordProtection.forCipher(c, new byte[c.keyLength() - 1], new byte[c.fixedIvLength()], true));
        assertThrows(IllegalArgumentException.class,
                () -> RecordProtection.forCipher(c, new byte[c.keyLength()], new byte[c.fixedIvLength() + 1], true));
    }

    @ParameterizedTest
    @MethodSource("aeadCiphers")
    void keyArraysAreCopied(BulkCipher c) throws Exception {
        byte[] key = random(c.keyLength(), 12);
        byte[] iv = random(c.fixedIvLength(), 13);
        RecordProtection sealer = RecordProtection.forCipher(c, key, iv, true);
        RecordProtection opener = RecordProtection.forCipher(c, key.clone(), iv.clone(), false);
        Arrays.fill(key, (byte) 0); // e.g. TrafficKeys.destroy() right after installing
        Arrays.fill(iv, (byte) 0);
        byte[] frag = seal(sealer, ContentType.APPLICATION_DATA, 5, random(8, 14));
        assertArrayEquals(random(8, 14), open(opener, ContentType.APPLICATION_DATA, V12, 5, frag));
    }
}
