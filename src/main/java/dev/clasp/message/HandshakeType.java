package dev.clasp.message;

/** Handshake message types (RFC 5246 7.4, RFC 5077, RFC 6066). */
public enum HandshakeType {
    HELLO_REQUEST(0),
    CLIENT_HELLO(1),
    SERVER_HELLO(2),
    NEW_SESSION_TICKET(4),
    CERTIFICATE(11),
    SERVER_KEY_EXCHANGE(12),
    CERTIFICATE_REQUEST(13),
    SERVER_HELLO_DONE(14),
    CERTIFICATE_VERIFY(15),
    CLIENT_KEY_EXCHANGE(16),
    FINISHED(20),
    CERTIFICATE_STATUS(22);

    private final int code;

    HandshakeType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a wire value, or {@code null} when unknown. */
    public static HandshakeType fromCode(int code) {
        for (HandshakeType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
