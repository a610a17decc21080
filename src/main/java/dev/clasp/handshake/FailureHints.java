package dev.clasp.handshake;

import dev.clasp.alert.AlertDescription;
import dev.clasp.suite.NamedGroup;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The "what was checked, and what to do next" part of handshake failure messages (issue 7). Only public values go
 * in: names, certificate subjects, issuers, validity dates and subject alternative names.
 */
final class FailureHints {
    private FailureHints() {
    }

    /** Wire group ids by their standard names (x25519, secp256r1, ...), unknown ones in hex. */
    static List<String> groupNames(List<Integer> ids) {
        List<String> out = new ArrayList<>();
        for (int id : ids) {
            NamedGroup g = NamedGroup.fromId(id);
            out.add(g != null ? g.standardName() : String.format("0x%04X", id));
        }
        return out;
    }

    static List<String> names(Collection<NamedGroup> groups) {
        List<String> out = new ArrayList<>();
        for (NamedGroup g : groups) {
            out.add(g.standardName());
        }
        return out;
    }

    /**
     * Explains a trust manager's refusal of {@code chain} (RFC 5246 7.2.2 alerts): for an expired certificate its
     * validity and the time checked; for an unknown issuer the issuer that is missing from the trust store; for a
     * host name mismatch the names the certificate holds. Empty when nothing more is known.
     */
    static String certificate(AlertDescription alert, X509Certificate[] chain, Throwable e, String who) {
        if (chain.length == 0) {
            return "";
        }
        X509Certificate leaf = chain[0];
        if (alert == AlertDescription.CERTIFICATE_EXPIRED) {
            X509Certificate bad = expired(chain, e);
            return "; " + (bad == leaf ? "the certificate" : "chain certificate " + bad.getSubjectX500Principal().getName())
                    + " is valid from " + bad.getNotBefore().toInstant() + " to " + bad.getNotAfter().toInstant()
                    + ", checked at " + Instant.now()
                    + "; next step: renew the " + who + "'s certificate (or correct this machine's clock)";
        }
        if (alert == AlertDescription.UNKNOWN_CA) {
            X509Certificate top = chain[chain.length - 1];
            return "; the chain (" + chain.length + " certificate" + (chain.length == 1 ? "" : "s") + ") ends at "
                    + top.getSubjectX500Principal().getName() + ", issued by " + top.getIssuerX500Principal().getName()
                    + ", which is not a trust anchor here; next step: add that CA to the trust store (e.g. "
                    + "javax.net.ssl.trustStore) or have the " + who + " send its full chain";
        }
        String text = messages(e);
        if (text.contains("subject alternative") || text.contains("No name matching")
                || text.contains("hostname") || text.contains("host name")) {
            return "; the certificate names " + subjectAltNames(leaf) + " (checked by endpoint identification, "
                    + "e.g. HTTPS); next step: connect with one of those names or reissue the certificate for this host";
        }
        return "";
    }

    private static X509Certificate expired(X509Certificate[] chain, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathValidatorException v && v.getIndex() >= 0 && v.getIndex() < chain.length) {
                return chain[v.getIndex()];
            }
        }
        Instant now = Instant.now();
        for (X509Certificate c : chain) {
            if (c.getNotAfter().toInstant().isBefore(now) || c.getNotBefore().toInstant().isAfter(now)) {
                return c;
            }
        }
        return chain[0];
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                continue;
            }
            sb.append(t.getMessage()).append(' ');
        }
        return sb.toString();
    }

    /** {@code [DNS:localhost, IP:127.0.0.1]}, or the subject when the certificate has no SAN. */
    static String subjectAltNames(X509Certificate c) {
        try {
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            if (sans == null || sans.isEmpty()) {
                return "no subject alternative names (subject " + c.getSubjectX500Principal().getName() + ")";
            }
            List<String> out = new ArrayList<>();
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                String kind = switch (type) {
                    case 2 -> "DNS";
                    case 7 -> "IP";
                    case 6 -> "URI";
                    case 1 -> "email";
                    default -> "type" + type;
                };
                out.add(kind + ":" + san.get(1));
            }
            return out.toString();
        } catch (CertificateParsingException | RuntimeException ex) {
            return "(unreadable subject alternative names)";
        }
    }
}
