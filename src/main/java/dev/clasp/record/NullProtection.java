package dev.clasp.record;

import java.nio.ByteBuffer;

/**
 * The initial TLS_NULL_WITH_NULL_NULL state (RFC 5246 6.1): fragments are the plaintext, byte for byte.
 * Stateless, so a single shared instance.
 */
public final class NullProtection implements RecordProtection {
    public static final NullProtection INSTANCE = new NullProtection();

    private NullProtection() {
    }

    @Override
    public int expansion() {
        return 0;
    }

    @Override
    public int seal(ContentType type, int version, long seq, ByteBuffer plaintext, ByteBuffer dst) {
        return copy(plaintext, dst);
    }

    @Override
    public int open(ContentType type, int version, long seq, ByteBuffer fragment, ByteBuffer dst) {
        return copy(fragment, dst);
    }

    private static int copy(ByteBuffer src, ByteBuffer dst) {
        int n = src.remaining();
        if (src == dst) {
            // Same buffer object: the bytes are already where they belong.
            src.position(src.limit());
            return n;
        }
        dst.put(src); // heap: System.arraycopy, direct: memmove; both handle overlapping slices
        return n;
    }

    @Override
    public String toString() {
        return "NullProtection";
    }
}
