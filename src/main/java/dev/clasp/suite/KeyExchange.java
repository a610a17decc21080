package dev.clasp.suite;

import java.util.List;

/**
 * Key exchange and authentication of a suite. {@code authType} is the string SunJSSE passes as
 * {@code authType} to {@code checkServerTrusted}; {@link #keyTypes} are the key types handed to
 * {@code chooseServerAlias} ("EC", "EdDSA", "RSA").
 */
public enum KeyExchange {
    ECDHE_ECDSA("ECDHE_ECDSA"),
    ECDHE_RSA("ECDHE_RSA");

    private final String authType;

    KeyExchange(String authType) {
        this.authType = authType;
    }

    public String authType() {
        return authType;
    }

    /** Whether a signature scheme can authenticate this key exchange. */
    public boolean accepts(SignatureScheme scheme) {
        return keyTypes().contains(scheme.keyType().jsseName());
    }

    /**
     * JSSE key types of the certificates that can authenticate this key exchange, in preference order.
     * RFC 8422 5.1.1: ECDHE_ECDSA suites are also authenticated by EdDSA (Ed25519, Ed448) certificates.
     */
    public List<String> keyTypes() {
        return switch (this) {
            case ECDHE_ECDSA -> List.of("EC", "EdDSA");
            case ECDHE_RSA -> List.of("RSA");
        };
    }
}
