package dev.clasp.message.ext;

/** The TLS extension types Clasp knows by name (IANA "TLS ExtensionType Values"). */
public enum ExtensionType {
    SERVER_NAME(0, "server_name"),
    MAX_FRAGMENT_LENGTH(1, "max_fragment_length"),
    STATUS_REQUEST(5, "status_request"),
    SUPPORTED_GROUPS(10, "supported_groups"),
    EC_POINT_FORMATS(11, "ec_point_formats"),
    SIGNATURE_ALGORITHMS(13, "signature_algorithms"),
    APPLICATION_LAYER_PROTOCOL_NEGOTIATION(16, "application_layer_protocol_negotiation"),
    ENCRYPT_THEN_MAC(22, "encrypt_then_mac"),
    EXTENDED_MASTER_SECRET(23, "extended_master_secret"),
    RECORD_SIZE_LIMIT(28, "record_size_limit"),
    SESSION_TICKET(35, "session_ticket"),
    SUPPORTED_VERSIONS(43, "supported_versions"),
    SIGNATURE_ALGORITHMS_CERT(50, "signature_algorithms_cert"),
    RENEGOTIATION_INFO(0xFF01, "renegotiation_info");

    private final int code;
    private final String ianaName;

    ExtensionType(int code, String ianaName) {
        this.code = code;
        this.ianaName = ianaName;
    }

    /** Wire value. */
    public int code() {
        return code;
    }

    /** IANA name, e.g. {@code server_name}. */
    public String ianaName() {
        return ianaName;
    }

    /** The type for a wire value, or {@code null} when Clasp does not know it. */
    public static ExtensionType fromCode(int code) {
        for (ExtensionType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** IANA name for known values, {@code ext(0x1234)} for the rest. */
    public static String nameOf(int code) {
        ExtensionType t = fromCode(code);
        return t != null ? t.ianaName : String.format("ext(0x%04X)", code);
    }
}
