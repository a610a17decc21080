package dev.clasp.suite;

import java.util.List;

/** Named groups for ECDHE (RFC 8422, RFC 7748), one row each. */
public enum NamedGroup {
    SECP256R1(23, "secp256r1", Kind.EC, 32),
    SECP384R1(24, "secp384r1", Kind.EC, 48),
    SECP521R1(25, "secp521r1", Kind.EC, 66),
    X25519(29, "x25519", Kind.XDH, 32),
    X448(30, "x448", Kind.XDH, 56);

    /** Default preference order. */
    public static final List<NamedGroup> DEFAULT_ORDER = List.of(X25519, SECP256R1, SECP384R1, SECP521R1, X448);

    private final int id;
    private final String standardName;
    private final Kind kind;
    private final int fieldLength;

    NamedGroup(int id, String standardName, Kind kind, int fieldLength) {
        this.id = id;
        this.standardName = standardName;
        this.kind = kind;
        this.fieldLength = fieldLength;
    }

    public int id() {
        return id;
    }

    /** IANA name, also the JSSE name used by {@code jdk.tls.namedGroups}. */
    public String standardName() {
        return standardName;
    }

    public Kind kind() {
        return kind;
    }

    /** Length in bytes of one field element (an x25519 public value, or one EC coordinate). */
    public int fieldLength() {
        return fieldLength;
    }

    /** JCA name of the curve ({@code ECGenParameterSpec} or {@code NamedParameterSpec}). */
    public String jcaName() {
        return switch (this) {
            case X25519 -> "X25519";
            case X448 -> "X448";
            default -> standardName;
        };
    }

    public static NamedGroup fromId(int id) {
        for (NamedGroup g : values()) {
            if (g.id == id) {
                return g;
            }
        }
        return null;
    }

    public static NamedGroup fromName(String name) {
        for (NamedGroup g : values()) {
            if (g.standardName.equalsIgnoreCase(name)) {
                return g;
            }
        }
        return null;
    }

    public enum Kind {
        EC,
        XDH
    }
}
