package dev.clasp.handshake;

import dev.clasp.config.StatusResponseSource;
import dev.clasp.message.ClientHello;
import dev.clasp.message.ext.StatusRequestExtension;
import java.security.cert.X509Certificate;

/** Server side of OCSP stapling (RFC 6066 8): whether to staple, and the response to staple. */
final class Stapling {
    private Stapling() {
    }

    /**
     * The DER OCSP response to send in CertificateStatus for {@code chain}, or null for none: stapling is off, the
     * client did not ask for ocsp status, there is no certificate (anonymous suites), or the source had no
     * response. As SunJSSE, a server without a response does not echo status_request either. Runs inside the
     * ClientHello's delegated task, so a responder fetch does not block the caller's I/O thread.
     */
    static byte[] serverResponse(StatusResponseSource source, ClientHello ch, X509Certificate[] chain) {
        StatusRequestExtension request = ch.extension(StatusRequestExtension.class);
        if (source == null || request == null || chain == null || chain.length == 0) {
            return null;
        }
        try {
            byte[] der = source.ocspResponse(chain.clone(), request.requestExtensions());
            return der == null || der.length == 0 || der.length > 0xFFFFFF ? null : der;
        } catch (RuntimeException e) {
            return null; // a broken source costs the staple, not the handshake
        }
    }
}
