package dev.clasp.suite;

/** The hash a TLS 1.2 suite uses for its PRF and handshake transcript (RFC 5246 5). */
public enum PrfHash {
    SHA256("SHA-256", "HmacSHA256", 32),
    SHA384("SHA-384", "HmacSHA384", 48);

    private final String digestAlgorithm;
    private final String hmacAlgorithm;
    private final int length;

    PrfHash(String digestAlgorithm, String hmacAlgorithm, int length) {
        this.digestAlgorithm = digestAlgorithm;
        this.hmacAlgorithm = hmacAlgorithm;
        this.length = length;
    }

    /** JCA {@code MessageDigest} name. */
    public String digestAlgorithm() {
        return digestAlgorithm;
    }

    /** JCA {@code Mac} name. */
    public String hmacAlgorithm() {
        return hmacAlgorithm;
    }

    public int length() {
        return length;
    }
}
