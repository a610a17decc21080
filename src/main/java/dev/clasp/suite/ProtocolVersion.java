package dev.clasp.suite;

/** Protocol versions as they appear on the wire and in JSSE names. */
public enum ProtocolVersion {
    SSL30(0x0300, "SSLv3"),
    TLS10(0x0301, "TLSv1"),
    TLS11(0x0302, "TLSv1.1"),
    TLS12(0x0303, "TLSv1.2"),
    TLS13(0x0304, "TLSv1.3");

    private final int wire;
    private final String jsseName;

    ProtocolVersion(int wire, String jsseName) {
        this.wire = wire;
        this.jsseName = jsseName;
    }

    public int wire() {
        return wire;
    }

    public String jsseName() {
        return jsseName;
    }

    public static ProtocolVersion fromWire(int wire) {
        for (ProtocolVersion v : values()) {
            if (v.wire == wire) {
                return v;
            }
        }
        return null;
    }

    public static ProtocolVersion fromJsseName(String name) {
        for (ProtocolVersion v : values()) {
            if (v.jsseName.equals(name)) {
                return v;
            }
        }
        return null;
    }

    /** Names every JSSE provider understands, including SSLv2Hello which only ever frames a hello. */
    public static boolean isKnownName(String name) {
        return fromJsseName(name) != null || "SSLv2Hello".equals(name);
    }
}
