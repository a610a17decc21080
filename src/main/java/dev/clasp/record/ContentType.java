package dev.clasp.record;

/** Record content types (RFC 5246 6.2.1). */
public enum ContentType {
    CHANGE_CIPHER_SPEC(20),
    ALERT(21),
    HANDSHAKE(22),
    APPLICATION_DATA(23);

    private final int code;

    ContentType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a wire value, or {@code null} when it is not one TLS 1.2 defines. */
    public static ContentType fromCode(int code) {
        return switch (code) {
            case 20 -> CHANGE_CIPHER_SPEC;
            case 21 -> ALERT;
            case 22 -> HANDSHAKE;
            case 23 -> APPLICATION_DATA;
            default -> null;
        };
    }
}
