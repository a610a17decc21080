package dev.clasp.engine;

import dev.clasp.alert.AlertDescription;
import dev.clasp.config.TlsConfig;
import dev.clasp.handshake.SessionState;
import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.SignatureScheme;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a side that received a fatal alert during the handshake can say about it: the alert names only the
 * category, so the message adds what this side offered or sent and where to look next (issue 7). Public values
 * only. Appended after SunJSSE's own words ({@code Received fatal alert: NAME}), which callers match on.
 */
final class PeerAlertHints {
    private PeerAlertHints() {
    }

    static String hint(AlertDescription alert, TlsConfig config, SessionState session, boolean certificateRequested) {
        if (alert == null || config == null) {
            return "";
        }
        String peer = config.clientMode() ? "server" : "client";
        X509Certificate[] own = session == null ? null : session.localCertificates;
        if (config.clientMode() && certificateRequested && (own == null || own.length == 0)
                && alert != AlertDescription.PROTOCOL_VERSION && alert != AlertDescription.NO_APPLICATION_PROTOCOL) {
            // RFC 5246 7.4.6: a server that requires one answers an empty Certificate with a fatal alert.
            return " (the server asked for a client certificate and this client had none to send"
                    + "; next step: configure a key manager with a certificate from a CA the server accepts)";
        }
        return switch (alert) {
            case HANDSHAKE_FAILURE, INSUFFICIENT_SECURITY -> config.clientMode()
                    ? " (the server found nothing acceptable: this client offered TLSv1.2, suites "
                    + config.cipherSuites() + ", groups " + groups(config.namedGroups()) + ", signature schemes "
                    + schemes(config.signatureSchemes())
                    + "; next step: compare with what the server enables; its log names the mismatch)"
                    : " (the client refused this server's choices" + chosen(session)
                    + "; next step: check the client's log for the reason)";
            case PROTOCOL_VERSION -> " (the " + peer + " does not accept TLSv1.2, the only version Clasp speaks; "
                    + "next step: enable TLSv1.2 on the " + peer + ")";
            case NO_APPLICATION_PROTOCOL -> " (this " + (config.clientMode() ? "client" : "server")
                    + " offered ALPN " + config.applicationProtocols() + " and the " + peer
                    + " accepts none of them; next step: add a common protocol on either side)";
            case BAD_CERTIFICATE, UNSUPPORTED_CERTIFICATE, CERTIFICATE_UNKNOWN, CERTIFICATE_EXPIRED,
                    CERTIFICATE_REVOKED, UNKNOWN_CA, ACCESS_DENIED -> ownCertificate(session, peer, config.clientMode());
            default -> "";
        };
    }

    private static String ownCertificate(SessionState session, String peer, boolean client) {
        X509Certificate[] own = session == null ? null : session.localCertificates;
        if (own == null || own.length == 0) {
            return "";
        }
        return " (the " + peer + " rejected this side's certificate " + own[0].getSubjectX500Principal().getName()
                + ", issued by " + own[0].getIssuerX500Principal().getName() + "; next step: check that the " + peer
                + " trusts that issuer" + (client ? "" : ", that the certificate names the host the client connects to,")
                + " and that the certificate is valid now)";
    }

    private static String chosen(SessionState session) {
        if (session == null || session.cipherSuite == null) {
            return "";
        }
        return ": suite " + session.cipherSuite + (session.namedGroup == null ? "" : ", group "
                + session.namedGroup.standardName());
    }

    private static List<String> groups(List<NamedGroup> groups) {
        return groups.stream().map(NamedGroup::standardName).toList();
    }

    private static List<String> schemes(List<SignatureScheme> schemes) {
        return schemes.stream().map(SignatureScheme::standardName).toList();
    }
}
