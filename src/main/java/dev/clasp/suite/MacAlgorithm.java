package dev.clasp.suite;

/**
 * The record MAC of a block-cipher suite (RFC 5246 6.2.3.2, Appendix C): HMAC over the suite's hash. AEAD suites
 * use {@link #NONE}. {@code hashBlockLength} and {@code lengthFieldLength} describe the hash's compression
 * function (64/8 bytes for SHA-1 and SHA-256, 128/16 for SHA-384), which the constant-time record check needs.
 */
public enum MacAlgorithm {
    NONE(null, 0, 0, 0),
    HMAC_SHA1("HmacSHA1", 20, 64, 8),
    HMAC_SHA256("HmacSHA256", 32, 64, 8),
    HMAC_SHA384("HmacSHA384", 48, 128, 16);

    private final String jcaName;
    private final int length;
    private final int hashBlockLength;
    private final int lengthFieldLength;

    MacAlgorithm(String jcaName, int length, int hashBlockLength, int lengthFieldLength) {
        this.jcaName = jcaName;
        this.length = length;
        this.hashBlockLength = hashBlockLength;
        this.lengthFieldLength = lengthFieldLength;
    }

    /** JCA {@code Mac} name; null for {@link #NONE}. */
    public String jcaName() {
        return jcaName;
    }

    /** mac_length, which is also mac_key_length for every HMAC suite (RFC 5246 6.3). */
    public int length() {
        return length;
    }

    /** The hash's input block (compression function) size in bytes. */
    public int hashBlockLength() {
        return hashBlockLength;
    }

    /** Bytes of the message-length field the hash's final padding appends. */
    public int lengthFieldLength() {
        return lengthFieldLength;
    }
}
