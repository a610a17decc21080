package dev.clasp.suite;

import java.util.List;

/** Signature schemes (RFC 8446 4.2.3 code points, used in TLS 1.2 per RFC 5246 7.4.1.4.1). */
public enum SignatureScheme {
    ECDSA_SECP256R1_SHA256(0x0403, "ecdsa_secp256r1_sha256", KeyType.EC, "SHA256withECDSA", "SHA-256", NamedGroup.SECP256R1),
    ECDSA_SECP384R1_SHA384(0x0503, "ecdsa_secp384r1_sha384", KeyType.EC, "SHA384withECDSA", "SHA-384", NamedGroup.SECP384R1),
    ECDSA_SECP521R1_SHA512(0x0603, "ecdsa_secp521r1_sha512", KeyType.EC, "SHA512withECDSA", "SHA-512", NamedGroup.SECP521R1),
    ED25519(0x0807, "ed25519", KeyType.EDDSA, "Ed25519", null, null),
    ED448(0x0808, "ed448", KeyType.EDDSA, "Ed448", null, null),
    RSA_PSS_RSAE_SHA256(0x0804, "rsa_pss_rsae_sha256", KeyType.RSA, "RSASSA-PSS", "SHA-256", null),
    RSA_PSS_RSAE_SHA384(0x0805, "rsa_pss_rsae_sha384", KeyType.RSA, "RSASSA-PSS", "SHA-384", null),
    RSA_PSS_RSAE_SHA512(0x0806, "rsa_pss_rsae_sha512", KeyType.RSA, "RSASSA-PSS", "SHA-512", null),
    // RFC 8446 4.2.3: RSASSA-PSS with a key whose certificate SPKI is id-RSASSA-PSS (RFC 4055), usable in TLS 1.2
    // (RFC 8446 1.3), as SunJSSE does. Same PSS parameters as rsa_pss_rsae_*: MGF1 with the same hash, salt = hLen.
    RSA_PSS_PSS_SHA256(0x0809, "rsa_pss_pss_sha256", KeyType.RSASSA_PSS, "RSASSA-PSS", "SHA-256", null),
    RSA_PSS_PSS_SHA384(0x080a, "rsa_pss_pss_sha384", KeyType.RSASSA_PSS, "RSASSA-PSS", "SHA-384", null),
    RSA_PSS_PSS_SHA512(0x080b, "rsa_pss_pss_sha512", KeyType.RSASSA_PSS, "RSASSA-PSS", "SHA-512", null),
    RSA_PKCS1_SHA256(0x0401, "rsa_pkcs1_sha256", KeyType.RSA, "SHA256withRSA", "SHA-256", null),
    RSA_PKCS1_SHA384(0x0501, "rsa_pkcs1_sha384", KeyType.RSA, "SHA384withRSA", "SHA-384", null),
    RSA_PKCS1_SHA512(0x0601, "rsa_pkcs1_sha512", KeyType.RSA, "SHA512withRSA", "SHA-512", null),
    // RFC 5246 7.4.1.4.1 SignatureAndHashAlgorithm {sha256|sha384|sha512, dsa}; DER Dss-Sig-Value (RFC 5246 4.7).
    // dsa_sha1 (0x0202) is left out: SHA-1 is too weak for the 2048-bit keys SunJCE and this code accept.
    DSA_SHA256(0x0402, "dsa_sha256", KeyType.DSA, "SHA256withDSA", "SHA-256", null),
    DSA_SHA384(0x0502, "dsa_sha384", KeyType.DSA, "SHA384withDSA", "SHA-384", null),
    DSA_SHA512(0x0602, "dsa_sha512", KeyType.DSA, "SHA512withDSA", "SHA-512", null);

    /** Default preference order, offered in signature_algorithms. */
    public static final List<SignatureScheme> DEFAULT_ORDER = List.of(
            ECDSA_SECP256R1_SHA256, ECDSA_SECP384R1_SHA384, ECDSA_SECP521R1_SHA512,
            ED25519, ED448,
            RSA_PSS_RSAE_SHA256, RSA_PSS_RSAE_SHA384, RSA_PSS_RSAE_SHA512,
            RSA_PSS_PSS_SHA256, RSA_PSS_PSS_SHA384, RSA_PSS_PSS_SHA512,
            RSA_PKCS1_SHA256, RSA_PKCS1_SHA384, RSA_PKCS1_SHA512,
            DSA_SHA256, DSA_SHA384, DSA_SHA512);

    private final int id;
    private final String standardName;
    private final KeyType keyType;
    private final String jcaAlgorithm;
    private final String hashAlgorithm;
    private final NamedGroup curve;

    SignatureScheme(int id, String standardName, KeyType keyType, String jcaAlgorithm, String hashAlgorithm,
            NamedGroup curve) {
        this.id = id;
        this.standardName = standardName;
        this.keyType = keyType;
        this.jcaAlgorithm = jcaAlgorithm;
        this.hashAlgorithm = hashAlgorithm;
        this.curve = curve;
    }

    public int id() {
        return id;
    }

    public String standardName() {
        return standardName;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** JCA {@code Signature} algorithm name. */
    public String jcaAlgorithm() {
        return jcaAlgorithm;
    }

    /** JCA digest name, or {@code null} for EdDSA. */
    public String hashAlgorithm() {
        return hashAlgorithm;
    }

    /** Curve named by the scheme (TLS 1.3 binds it; TLS 1.2 accepts any curve), or {@code null}. */
    public NamedGroup curve() {
        return curve;
    }

    public boolean isPss() {
        return jcaAlgorithm.equals("RSASSA-PSS");
    }

    /** Digest output length in bytes (PSS salt length), 0 for EdDSA. */
    public int hashLength() {
        if (hashAlgorithm == null) {
            return 0;
        }
        return switch (hashAlgorithm) {
            case "SHA-256" -> 32;
            case "SHA-384" -> 48;
            case "SHA-512" -> 64;
            default -> throw new IllegalStateException(hashAlgorithm);
        };
    }

    public static SignatureScheme fromId(int id) {
        for (SignatureScheme s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        return null;
    }

    public static SignatureScheme fromName(String name) {
        for (SignatureScheme s : values()) {
            if (s.standardName.equalsIgnoreCase(name)) {
                return s;
            }
        }
        return null;
    }

    public static String nameOf(int id) {
        SignatureScheme s = fromId(id);
        return s != null ? s.standardName : String.format("0x%04X", id);
    }

    /** Key families as JSSE names them (the key type strings of key managers). */
    public enum KeyType {
        EC("EC"),
        RSA("RSA"),
        /** An RSA key restricted to RSASSA-PSS (certificate SPKI id-RSASSA-PSS, RFC 4055 3.1). */
        RSASSA_PSS("RSASSA-PSS"),
        EDDSA("EdDSA"),
        DSA("DSA");

        private final String jsseName;

        KeyType(String jsseName) {
            this.jsseName = jsseName;
        }

        public String jsseName() {
            return jsseName;
        }
    }
}
