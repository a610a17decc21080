package dev.clasp.record;

import dev.clasp.alert.TlsAlertException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

/**
 * Frames and protects outgoing records for one direction (RFC 5246 6.2). Holds the installed protection and
 * its sequence number; installing new protection (after ChangeCipherSpec) resets the number to zero.
 */
public final class RecordWriter {
    /** RFC 5246 6.2.1: 2^14. */
    public static final int MAX_PLAINTEXT = 16384;
    public static final int HEADER_LENGTH = 5;

    private RecordProtection protection = NullProtection.INSTANCE;
    private long seq;
    private final int version;

    public RecordWriter(int version) {
        this.version = version;
    }

    public void setProtection(RecordProtection p) {
        protection = p;
        seq = 0;
    }

    public boolean isProtected() {
        return protection != NullProtection.INSTANCE;
    }

    /** Bytes on the wire for a record carrying {@code plaintextLength} bytes. */
    public int recordSize(int plaintextLength) {
        return HEADER_LENGTH + plaintextLength + protection.expansion();
    }

    /**
     * Writes one record with {@code plaintext}'s remaining bytes (at most 2^14) at {@code dst}'s position. The
     * caller has checked {@code dst.remaining() >= recordSize(plaintext.remaining())}. Returns bytes written.
     */
    public int write(ContentType type, ByteBuffer plaintext, ByteBuffer dst) throws TlsAlertException {
        if (plaintext.remaining() > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("record plaintext " + plaintext.remaining() + " > 2^14");
        }
        if (seq == -1L) {
            // RFC 5246 6.1: sequence numbers must not wrap.
            throw TlsAlertException.internalError("write sequence number exhausted; renegotiate or reconnect", null);
        }
        int start = dst.position();
        dst.position(start + HEADER_LENGTH);
        int n;
        try {
            n = protection.seal(type, version, seq, plaintext, dst);
        } catch (GeneralSecurityException | RuntimeException e) {
            dst.position(start);
            throw TlsAlertException.internalError("record protection failed: " + e.getClass().getSimpleName(), e);
        }
        dst.put(start, (byte) type.code());
        dst.put(start + 1, (byte) (version >>> 8));
        dst.put(start + 2, (byte) version);
        dst.put(start + 3, (byte) (n >>> 8));
        dst.put(start + 4, (byte) n);
        seq++;
        return HEADER_LENGTH + n;
    }
}
