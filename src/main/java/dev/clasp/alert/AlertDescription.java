package dev.clasp.alert;

/** TLS alert descriptions (RFC 5246 7.2 and later registrations). */
public enum AlertDescription {
    CLOSE_NOTIFY(0, "close_notify"),
    UNEXPECTED_MESSAGE(10, "unexpected_message"),
    BAD_RECORD_MAC(20, "bad_record_mac"),
    DECRYPTION_FAILED(21, "decryption_failed"),
    RECORD_OVERFLOW(22, "record_overflow"),
    DECOMPRESSION_FAILURE(30, "decompression_failure"),
    HANDSHAKE_FAILURE(40, "handshake_failure"),
    NO_CERTIFICATE(41, "no_certificate"),
    BAD_CERTIFICATE(42, "bad_certificate"),
    UNSUPPORTED_CERTIFICATE(43, "unsupported_certificate"),
    CERTIFICATE_REVOKED(44, "certificate_revoked"),
    CERTIFICATE_EXPIRED(45, "certificate_expired"),
    CERTIFICATE_UNKNOWN(46, "certificate_unknown"),
    ILLEGAL_PARAMETER(47, "illegal_parameter"),
    UNKNOWN_CA(48, "unknown_ca"),
    ACCESS_DENIED(49, "access_denied"),
    DECODE_ERROR(50, "decode_error"),
    DECRYPT_ERROR(51, "decrypt_error"),
    EXPORT_RESTRICTION(60, "export_restriction"),
    PROTOCOL_VERSION(70, "protocol_version"),
    INSUFFICIENT_SECURITY(71, "insufficient_security"),
    INTERNAL_ERROR(80, "internal_error"),
    INAPPROPRIATE_FALLBACK(86, "inappropriate_fallback"),
    USER_CANCELED(90, "user_canceled"),
    NO_RENEGOTIATION(100, "no_renegotiation"),
    MISSING_EXTENSION(109, "missing_extension"),
    UNSUPPORTED_EXTENSION(110, "unsupported_extension"),
    CERTIFICATE_UNOBTAINABLE(111, "certificate_unobtainable"),
    UNRECOGNIZED_NAME(112, "unrecognized_name"),
    BAD_CERTIFICATE_STATUS_RESPONSE(113, "bad_certificate_status_response"),
    BAD_CERTIFICATE_HASH_VALUE(114, "bad_certificate_hash_value"),
    UNKNOWN_PSK_IDENTITY(115, "unknown_psk_identity"),
    CERTIFICATE_REQUIRED(116, "certificate_required"),
    NO_APPLICATION_PROTOCOL(120, "no_application_protocol");

    private static final AlertDescription[] BY_CODE = new AlertDescription[256];

    static {
        for (AlertDescription d : values()) {
            BY_CODE[d.code] = d;
        }
    }

    private final int code;
    private final String ianaName;

    AlertDescription(int code, String ianaName) {
        this.code = code;
        this.ianaName = ianaName;
    }

    public int code() {
        return code;
    }

    public String ianaName() {
        return ianaName;
    }

    /** The description for a wire value, or {@code null} when it is not registered. */
    public static AlertDescription fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Human readable name for a wire value, registered or not. */
    public static String nameOf(int code) {
        AlertDescription d = fromCode(code);
        return d != null ? d.ianaName : "unknown_alert(" + code + ")";
    }

    @Override
    public String toString() {
        return ianaName + "(" + code + ")";
    }
}
