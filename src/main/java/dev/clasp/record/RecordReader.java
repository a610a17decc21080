package dev.clasp.record;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import java.nio.ByteBuffer;

/**
 * Deframes and opens incoming records for one direction (RFC 5246 6.2). Length limits are checked from the
 * header, before any decryption; the sequence number belongs to the installed protection.
 */
public final class RecordReader {
    /** RFC 5246 6.2.3: a protected fragment may exceed 2^14 by at most 2048. */
    public static final int MAX_CIPHERTEXT = RecordWriter.MAX_PLAINTEXT + 2048;

    /**
     * The largest whole record (header + protected fragment) accepted when plaintexts may reach
     * {@code maxPlaintext}: JSSE's {@code getPacketBufferSize()}.
     */
    public static int maxRecordLength(int maxPlaintext) {
        return RecordWriter.HEADER_LENGTH + maxPlaintext + (MAX_CIPHERTEXT - RecordWriter.MAX_PLAINTEXT);
    }

    /** A record header. */
    public record Header(ContentType type, int version, int length) {
        public int recordLength() {
            return RecordWriter.HEADER_LENGTH + length;
        }
    }

    private RecordProtection protection = NullProtection.INSTANCE;
    private long seq;
    private final int maxPlaintext;
    /** The plaintext limit in force: {@link #maxPlaintext}, or less once one was negotiated (RFC 6066, RFC 8449). */
    private int limit;
    /** The last header decoded: a value, handed out again when the next record's header is the same (bulk data). */
    private Header last;

    /** @param maxPlaintext largest plaintext accepted: 2^14, or more for non-compliant peers when asked to */
    public RecordReader(int maxPlaintext) {
        this.maxPlaintext = maxPlaintext;
        this.limit = maxPlaintext;
    }

    /**
     * Lowers (or restores) the plaintext limit for the records that follow: a negotiated max_fragment_length
     * (RFC 6066 4) or this side's record_size_limit (RFC 8449 4). Never above the constructor's limit.
     */
    public void setLimit(int plaintextLimit) {
        limit = Math.min(plaintextLimit, maxPlaintext);
    }

    /** The plaintext limit in force. */
    public int limit() {
        return limit;
    }

    /** The constructor's limit: 2^14, or 2^15 for non-compliant peers. */
    public int capacity() {
        return maxPlaintext;
    }

    public void setProtection(RecordProtection p) {
        protection = p;
        seq = 0;
    }

    public boolean isProtected() {
        return protection != NullProtection.INSTANCE;
    }

    /** Decodes and checks the header at {@code src}'s position (at least 5 bytes remain) without moving it. */
    public Header peekHeader(ByteBuffer src) throws TlsAlertException {
        int p = src.position();
        int typeCode = src.get(p) & 0xFF;
        int version = ((src.get(p + 1) & 0xFF) << 8) | (src.get(p + 2) & 0xFF);
        int length = ((src.get(p + 3) & 0xFF) << 8) | (src.get(p + 4) & 0xFF);
        ContentType type = ContentType.fromCode(typeCode);
        if (type == null) {
            if ((typeCode & 0x80) != 0) {
                throw new TlsAlertException(AlertDescription.HANDSHAKE_FAILURE,
                        "received an SSLv2-format hello; SSLv2Hello is not supported");
            }
            throw TlsAlertException.unexpectedMessage("not a TLS record: content type " + typeCode
                    + (typeCode >= 'A' && typeCode <= 'Z' ? " (plaintext, e.g. HTTP, sent to a TLS port?)" : ""));
        }
        if ((version >>> 8) != 3) {
            throw new TlsAlertException(AlertDescription.PROTOCOL_VERSION,
                    String.format("record version 0x%04X is not TLS", version));
        }
        int max;
        if (!isProtected()) {
            max = limit;
        } else if (limit >= RecordWriter.MAX_PLAINTEXT) {
            max = limit + (MAX_CIPHERTEXT - RecordWriter.MAX_PLAINTEXT); // RFC 5246 6.2.3: 2^14 + 2048
        } else {
            // RFC 6066 4: with a negotiated length, a record longer than that plaintext plus the suite's largest
            // expansion is refused "without decrypting"; RFC 8449 4 likewise for this side's record_size_limit.
            max = limit + protection.maxExpansion();
        }
        if (length > max) {
            throw new TlsAlertException(AlertDescription.RECORD_OVERFLOW,
                    "record of " + length + " bytes exceeds the limit of " + max
                            + (limit < RecordWriter.MAX_PLAINTEXT ? " (negotiated plaintext limit " + limit + ")" : ""));
        }
        Header h = last;
        if (h == null || h.type() != type || h.version() != version || h.length() != length) {
            h = new Header(type, version, length);
            last = h;
        }
        return h;
    }

    /** Upper bound of the plaintext in a fragment of {@code fragmentLength} bytes. */
    public int plaintextBound(int fragmentLength) {
        return protection.plaintextBound(fragmentLength, limit);
    }

    /**
     * Opens the fragment (the remaining bytes of {@code fragment}) into {@code dst}; returns the plaintext length.
     * Nothing is written to {@code dst} when the record fails its check.
     */
    public int open(Header h, ByteBuffer fragment, ByteBuffer dst) throws TlsAlertException {
        if (seq == -1L) {
            // RFC 5246 6.1: sequence numbers must not wrap.
            throw TlsAlertException.internalError("read sequence number exhausted; reconnect", null);
        }
        int n = protection.open(h.type(), h.version(), seq, fragment, dst);
        seq++;
        if (n > limit) {
            dst.position(dst.position() - n);
            throw new TlsAlertException(AlertDescription.RECORD_OVERFLOW, "record plaintext of " + n + " bytes exceeds "
                    + (limit < RecordWriter.MAX_PLAINTEXT ? "the negotiated limit of " + limit : "2^14"));
        }
        return n;
    }
}
