package dev.clasp.config;

import java.security.cert.X509Certificate;

/**
 * Where a server gets the OCSP response it staples (RFC 6066 8): the context's responder client and cache. Called
 * from the handshake's delegated task; it must return within its own bounded time and never throw.
 */
@FunctionalInterface
public interface StatusResponseSource {

    /**
     * A DER {@code OCSPResponse} (RFC 6960 4.2.1) with status successful for {@code chain[0]}, whose issuer is
     * {@code chain[1]} when present, or null when none can be had (no responder, timeout, error).
     * {@code requestExtensions}: the client's {@code request_extensions} (DER Extensions, RFC 6066 8), often empty.
     */
    byte[] ocspResponse(X509Certificate[] chain, byte[] requestExtensions);
}
