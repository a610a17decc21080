package dev.clasp.suite;

/**
 * Record protection parameters of a suite (RFC 5246 6.2.3.3, RFC 5288, RFC 7905).
 * {@code fixedIvLength} is the implicit part of the nonce taken from the key block;
 * {@code recordIvLength} is the explicit nonce carried in each record.
 */
public enum BulkCipher {
    AES_128_GCM(RecordProtectionKind.AES_GCM, 16, 4, 8, 16),
    AES_256_GCM(RecordProtectionKind.AES_GCM, 32, 4, 8, 16),
    CHACHA20_POLY1305(RecordProtectionKind.CHACHA20_POLY1305, 32, 12, 0, 16);

    private final RecordProtectionKind kind;
    private final int keyLength;
    private final int fixedIvLength;
    private final int recordIvLength;
    private final int tagLength;

    BulkCipher(RecordProtectionKind kind, int keyLength, int fixedIvLength, int recordIvLength, int tagLength) {
        this.kind = kind;
        this.keyLength = keyLength;
        this.fixedIvLength = fixedIvLength;
        this.recordIvLength = recordIvLength;
        this.tagLength = tagLength;
    }

    public RecordProtectionKind kind() {
        return kind;
    }

    public int keyLength() {
        return keyLength;
    }

    public int fixedIvLength() {
        return fixedIvLength;
    }

    public int recordIvLength() {
        return recordIvLength;
    }

    public int tagLength() {
        return tagLength;
    }

    /** Bytes a protected record adds to its plaintext. */
    public int expansion() {
        return recordIvLength + tagLength;
    }

    /** Which record protection implementation carries this cipher. */
    public enum RecordProtectionKind {
        AES_GCM,
        CHACHA20_POLY1305
    }
}
