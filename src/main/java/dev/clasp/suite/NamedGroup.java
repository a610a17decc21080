package dev.clasp.suite;

import java.util.List;

/**
 * Named groups, one row each: elliptic curves for ECDHE (RFC 8422, RFC 7748) and the finite field groups for
 * DHE (RFC 7919). {@code fieldLength} is the byte length of a field element (for FFDHE: of p).
 */
public enum NamedGroup {
    SECP256R1(23, "secp256r1", Kind.EC, 32),
    SECP384R1(24, "secp384r1", Kind.EC, 48),
    SECP521R1(25, "secp521r1", Kind.EC, 66),
    // RFC 7027 2: the brainpool curves (through BouncyCastle: the JDK 17+ SunEC has none). Not in DEFAULT_ORDER,
    // as SunJSSE does not offer them by default either; jdk.tls.namedGroups enables them.
    BRAINPOOLP256R1(26, "brainpoolP256r1", Kind.EC, 32),
    BRAINPOOLP384R1(27, "brainpoolP384r1", Kind.EC, 48),
    BRAINPOOLP512R1(28, "brainpoolP512r1", Kind.EC, 64),
    X25519(29, "x25519", Kind.XDH, 32),
    X448(30, "x448", Kind.XDH, 56),
    FFDHE2048(0x0100, "ffdhe2048", Kind.FFDHE, 256),
    FFDHE3072(0x0101, "ffdhe3072", Kind.FFDHE, 384),
    FFDHE4096(0x0102, "ffdhe4096", Kind.FFDHE, 512),
    FFDHE6144(0x0103, "ffdhe6144", Kind.FFDHE, 768),
    FFDHE8192(0x0104, "ffdhe8192", Kind.FFDHE, 1024);

    /** Default preference order (SunJSSE's: curves first, then the finite field groups by size). */
    public static final List<NamedGroup> DEFAULT_ORDER = List.of(X25519, SECP256R1, SECP384R1, SECP521R1, X448,
            FFDHE2048, FFDHE3072, FFDHE4096, FFDHE6144, FFDHE8192);

    /** RFC 7919 2: the code points 256..511 are reserved for finite field groups. */
    public static boolean isFfdheId(int id) {
        return id >= 0x0100 && id <= 0x01FF;
    }

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

    /** Length in bytes of one field element (an x25519 public value, one EC coordinate, or the FFDHE prime). */
    public int fieldLength() {
        return fieldLength;
    }

    /** JCA name of the curve ({@code ECGenParameterSpec} or {@code NamedParameterSpec}). */
    public String jcaName() {
        return switch (this) {
            case X25519 -> "X25519";
            case X448 -> "X448";
            case FFDHE2048, FFDHE3072, FFDHE4096, FFDHE6144, FFDHE8192 -> "DH";
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

    /** Whether the curve comes from BouncyCastle rather than the JDK (RFC 7027 brainpool curves). */
    public boolean isBrainpool() {
        return this == BRAINPOOLP256R1 || this == BRAINPOOLP384R1 || this == BRAINPOOLP512R1;
    }

    public enum Kind {
        EC,
        XDH,
        FFDHE;

        /** Whether groups of this kind serve ECDHE (as opposed to DHE). */
        public boolean isElliptic() {
            return this != FFDHE;
        }
    }
}
