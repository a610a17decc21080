package dev.clasp.handshake;

import dev.clasp.suite.SignatureScheme;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A local certificate chain, its private key and the scheme chosen to sign with it. */
record Credential(String alias, X509Certificate[] chain, PrivateKey key, SignatureScheme scheme) {
    @Override
    public String toString() {
        return "Credential[" + alias + ", " + scheme + "]";
    }
}
