package dev.clasp.suite;

/**
 * Key exchange and authentication of a suite. {@code authType} is the string SunJSSE passes as
 * {@code authType} to {@code checkServerTrusted}; {@code keyType} is the key type handed to
 * {@code chooseServerAlias} ("EC", "RSA").
 */
public enum KeyExchange {
    ECDHE_ECDSA("ECDHE_ECDSA", "EC"),
    ECDHE_RSA("ECDHE_RSA", "RSA");

    private final String authType;
    private final String keyType;

    KeyExchange(String authType, String keyType) {
        this.authType = authType;
        this.keyType = keyType;
    }

    public String authType() {
        return authType;
    }

    public String keyType() {
        return keyType;
    }

    /** Whether a signature scheme can authenticate this key exchange. */
    public boolean accepts(SignatureScheme scheme) {
        return switch (this) {
            case ECDHE_ECDSA -> scheme.keyType() == SignatureScheme.KeyType.EC;
            case ECDHE_RSA -> scheme.keyType() == SignatureScheme.KeyType.RSA;
        };
    }
}
