package dev.clasp.handshake;

import java.security.Principal;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * The JSSE key and trust managers as the handshake sees them; the engine or socket implements this so the
 * managers receive the engine or socket argument the extended JSSE interfaces expect.
 */
public interface Authenticator {

    void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException;

    void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException;

    /** Alias for a server credential of {@code keyType} ("EC", "RSA"), or null. */
    String chooseServerAlias(String keyType, Principal[] issuers);

    /** Alias for a client credential of one of {@code keyTypes}, or null. */
    String chooseClientAlias(String[] keyTypes, Principal[] issuers);

    /** Issuers the trust manager accepts, for CertificateRequest. */
    X509Certificate[] acceptedIssuers();
}
