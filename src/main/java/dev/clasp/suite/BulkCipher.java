package dev.clasp.suite;

/**
 * Record protection parameters of a suite (RFC 5246 6.2.3.2 and 6.2.3.3, RFC 5288, RFC 7905, RFC 6655).
 * {@code fixedIvLength} is the implicit part of the nonce taken from the key block;
 * {@code recordIvLength} is the explicit nonce (AEAD) or the explicit IV (CBC, RFC 5246 6.2.3.2) carried in each
 * record; {@code tagLength} is the AEAD tag (0 for CBC and NULL, whose MAC is {@link #mac()}).
 */
public enum BulkCipher {
    AES_128_GCM(RecordProtectionKind.AES_GCM, 16, 4, 8, 16, MacAlgorithm.NONE),
    AES_256_GCM(RecordProtectionKind.AES_GCM, 32, 4, 8, 16, MacAlgorithm.NONE),
    CHACHA20_POLY1305(RecordProtectionKind.CHACHA20_POLY1305, 32, 12, 0, 16, MacAlgorithm.NONE),
    // RFC 5246 6.2.3.2 / 6.3: CBC records carry a random 16-byte IV; the key block has MAC keys and no IVs.
    AES_128_CBC_SHA(RecordProtectionKind.AES_CBC, 16, 0, 16, 0, MacAlgorithm.HMAC_SHA1),
    AES_256_CBC_SHA(RecordProtectionKind.AES_CBC, 32, 0, 16, 0, MacAlgorithm.HMAC_SHA1),
    AES_128_CBC_SHA256(RecordProtectionKind.AES_CBC, 16, 0, 16, 0, MacAlgorithm.HMAC_SHA256),
    AES_256_CBC_SHA256(RecordProtectionKind.AES_CBC, 32, 0, 16, 0, MacAlgorithm.HMAC_SHA256),
    AES_256_CBC_SHA384(RecordProtectionKind.AES_CBC, 32, 0, 16, 0, MacAlgorithm.HMAC_SHA384),
    // RFC 6655 3 / RFC 7251: 4-byte salt + 8-byte explicit nonce, like GCM; 16- or 8-byte tag.
    AES_128_CCM(RecordProtectionKind.AES_CCM, 16, 4, 8, 16, MacAlgorithm.NONE),
    AES_256_CCM(RecordProtectionKind.AES_CCM, 32, 4, 8, 16, MacAlgorithm.NONE),
    AES_128_CCM_8(RecordProtectionKind.AES_CCM, 16, 4, 8, 8, MacAlgorithm.NONE),
    AES_256_CCM_8(RecordProtectionKind.AES_CCM, 32, 4, 8, 8, MacAlgorithm.NONE),
    // RFC 5246 6.2.3.1 with the null stream cipher: no key, no IV, fragment = content || HMAC.
    NULL_SHA(RecordProtectionKind.NULL_HMAC, 0, 0, 0, 0, MacAlgorithm.HMAC_SHA1),
    NULL_SHA256(RecordProtectionKind.NULL_HMAC, 0, 0, 0, 0, MacAlgorithm.HMAC_SHA256);

    /** AES block size: CBC padding granularity. */
    public static final int AES_BLOCK_LENGTH = 16;

    private final RecordProtectionKind kind;
    private final int keyLength;
    private final int fixedIvLength;
    private final int recordIvLength;
    private final int tagLength;
    private final MacAlgorithm mac;

    BulkCipher(RecordProtectionKind kind, int keyLength, int fixedIvLength, int recordIvLength, int tagLength,
            MacAlgorithm mac) {
        this.kind = kind;
        this.keyLength = keyLength;
        this.fixedIvLength = fixedIvLength;
        this.recordIvLength = recordIvLength;
        this.tagLength = tagLength;
        this.mac = mac;
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

    /** The record MAC: HMAC for CBC and NULL ciphers, {@link MacAlgorithm#NONE} for AEAD ones. */
    public MacAlgorithm mac() {
        return mac;
    }

    /** Whether this is a block cipher with a separate MAC (RFC 5246 6.2.3.2) rather than AEAD. */
    public boolean isCbc() {
        return kind == RecordProtectionKind.AES_CBC;
    }

    /** RFC 5246 6.2.3.1: the null stream cipher, records protected by their HMAC alone (no confidentiality). */
    public boolean isNull() {
        return kind == RecordProtectionKind.NULL_HMAC;
    }

    /**
     * Most bytes a protected record adds to its plaintext: nonce and tag (AEAD), IV, MAC and at most one
     * block of padding (CBC, as Clasp pads minimally), or the MAC (NULL).
     */
    public int expansion() {
        if (isNull()) {
            return mac.length();
        }
        return isCbc() ? recordIvLength + mac.length() + AES_BLOCK_LENGTH : recordIvLength + tagLength;
    }

    /** Which record protection implementation carries this cipher. */
    /**
     * Most bytes a peer's protected record may add: {@link #expansion()} for AEAD; IV, MAC and up to 256 bytes of
     * padding for CBC (RFC 5246 6.2.3.2).
     */
    public int maxExpansion() {
        return isCbc() ? recordIvLength + mac.length() + 256 : expansion();
    }

    public enum RecordProtectionKind {
        AES_GCM,
        CHACHA20_POLY1305,
        AES_CBC,
        AES_CCM,
        /** The null cipher with an HMAC (RFC 5246 6.2.3.1). */
        NULL_HMAC
    }
}
