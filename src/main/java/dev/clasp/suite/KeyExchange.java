package dev.clasp.suite;

import java.util.List;

/**
 * Key exchange and authentication of a suite. {@code authType} is the string SunJSSE passes as
 * {@code authType} to {@code checkServerTrusted}; {@link #keyTypes} are the key types handed to
 * {@code chooseServerAlias} ("EC", "EdDSA", "RSA", "RSASSA-PSS", "DSA").
 */
public enum KeyExchange {
    ECDHE_ECDSA("ECDHE_ECDSA", Agreement.ECDHE),
    ECDHE_RSA("ECDHE_RSA", Agreement.ECDHE),
    /** RFC 5246 7.4.3, RFC 7919: ephemeral finite field Diffie-Hellman signed with an RSA key. */
    DHE_RSA("DHE_RSA", Agreement.DHE),
    /** RFC 5246 7.4.3: ephemeral finite field Diffie-Hellman signed with a DSA key. */
    DHE_DSS("DHE_DSS", Agreement.DHE),
    /** RFC 5246 7.4.7.1: the premaster secret encrypted to the server's RSA key; no ServerKeyExchange. */
    RSA("RSA", Agreement.RSA),
    /**
     * RFC 5246 7.4.3 / A.5: anonymous ephemeral Diffie-Hellman, no certificate and no signature (open to a man in
     * the middle). Refused by default through {@code jdk.tls.disabledAlgorithms} ("anon"), as in the JDK.
     */
    DH_ANON("DH_anon", Agreement.DHE),
    /**
     * RFC 8422 2.3 (RFC 4492 2.5): anonymous ephemeral ECDH, unsigned ServerECDHParams and no certificates. Refused
     * by default through {@code jdk.tls.disabledAlgorithms} ("anon"), as in the JDK.
     */
    ECDH_ANON("ECDH_anon", Agreement.ECDHE);

    private final String authType;
    private final Agreement agreement;

    KeyExchange(String authType, Agreement agreement) {
        this.authType = authType;
        this.agreement = agreement;
    }

    public String authType() {
        return authType;
    }

    /** How the premaster secret comes about. */
    public Agreement agreement() {
        return agreement;
    }

    /** Whether the server signs ephemeral parameters in a ServerKeyExchange (RFC 5246 7.4.3). */
    public boolean signsServerKeyExchange() {
        return agreement != Agreement.RSA && !isAnonymous();
    }

    /** RFC 5246 7.4.2: whether the server sends no certificate (an anonymous key exchange). */
    public boolean isAnonymous() {
        return this == DH_ANON || this == ECDH_ANON;
    }

    /** Whether a signature scheme can authenticate this key exchange. */
    public boolean accepts(SignatureScheme scheme) {
        return signsServerKeyExchange() && keyTypes().contains(scheme.keyType().jsseName());
    }

    /** Whether the group kind serves this key exchange (curves for ECDHE, finite fields for DHE). */
    public boolean uses(NamedGroup.Kind kind) {
        return switch (agreement) {
            case ECDHE -> kind.isElliptic();
            case DHE -> kind == NamedGroup.Kind.FFDHE;
            case RSA -> false;
        };
    }

    /**
     * JSSE key types of the certificates that can authenticate this key exchange, in preference order.
     * RFC 8422 5.1.1: ECDHE_ECDSA suites are also authenticated by EdDSA (Ed25519, Ed448) certificates.
     */
    public List<String> keyTypes() {
        return switch (this) {
            case ECDHE_ECDSA -> List.of("EC", "EdDSA");
            // RFC 8446 4.2.3 / SunJSSE: an RSASSA-PSS key signs (EC)DHE parameters with rsa_pss_pss_*; it cannot
            // decrypt an RSA premaster secret (RFC 4055 1.2), so static RSA takes "RSA" keys only.
            case ECDHE_RSA, DHE_RSA -> List.of("RSA", "RSASSA-PSS");
            case RSA -> List.of("RSA");
            case DHE_DSS -> List.of("DSA");
            case DH_ANON, ECDH_ANON -> List.of();
        };
    }

    /** The kinds of premaster secret agreement. */
    public enum Agreement {
        ECDHE,
        DHE,
        RSA
    }
}
