package dev.clasp.handshake;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.crypto.Signatures;
import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.SignatureScheme;
import java.io.ByteArrayInputStream;
import java.security.Key;
import java.security.PublicKey;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Certificate chain decoding, key classification and the alert for a trust failure. */
final class Certificates {
    private Certificates() {
    }

    static X509Certificate[] decode(List<byte[]> ders, String who, int maxLength) throws TlsAlertException {
        if (ders.size() > maxLength) {
            throw new TlsAlertException(AlertDescription.BAD_CERTIFICATE, who + " certificate chain of "
                    + ders.size() + " certificates exceeds the limit of " + maxLength
                    + " (jdk.tls.*.maxInboundCertificateChainLength)");
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            X509Certificate[] chain = new X509Certificate[ders.size()];
            for (int i = 0; i < chain.length; i++) {
                chain[i] = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(ders.get(i)));
            }
            return chain;
        } catch (CertificateException | RuntimeException e) {
            throw new TlsAlertException(AlertDescription.BAD_CERTIFICATE,
                    who + " certificate chain does not parse as X.509: " + e.getMessage(), e);
        }
    }

    static List<byte[]> encode(X509Certificate[] chain) throws TlsAlertException {
        List<byte[]> out = new ArrayList<>(chain.length);
        try {
            for (X509Certificate c : chain) {
                out.add(c.getEncoded());
            }
        } catch (CertificateEncodingException e) {
            throw TlsAlertException.internalError("local certificate cannot be encoded", e);
        }
        return out;
    }

    /**
     * JSSE key type name of a key ("EC", "RSA", "RSASSA-PSS", "EdDSA", "DSA"), or its algorithm when it is
     * something else.
     */
    static String keyType(Key key) {
        String alg = key.getAlgorithm();
        return switch (alg) {
            case "EC", "ECDSA" -> "EC";
            case "RSA" -> "RSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            case "DSA" -> "DSA";
            default -> alg;
        };
    }

    /**
     * The named group of an EC key (by its exact domain parameters), or null when it is not EC or not a NIST curve
     * Clasp signs with (a brainpool key, RFC 7027, is not: Signatures.ecdsaCurve).
     */
    static NamedGroup curveOf(Key key) {
        return Signatures.ecdsaCurve(key);
    }

    /**
     * The first scheme of {@code preference} that is also in {@code allowed} (wire ids), fits {@code key},
     * and is one Clasp implements; null when none.
     */
    static SignatureScheme chooseScheme(List<SignatureScheme> preference, List<Integer> allowed, Key key) {
        for (SignatureScheme s : preference) {
            if (allowed.contains(s.id()) && Signatures.keyFits(s, key)) {
                return s;
            }
        }
        return null;
    }

    /** RFC 5246 7.2.2: the alert that best describes why a trust manager refused a chain. */
    static AlertDescription alertFor(CertificateException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return AlertDescription.CERTIFICATE_EXPIRED;
            }
            if (t instanceof CertPathValidatorException cpve) {
                CertPathValidatorException.Reason r = cpve.getReason();
                if (r == CertPathValidatorException.BasicReason.EXPIRED
                        || r == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return AlertDescription.CERTIFICATE_EXPIRED;
                }
                if (r == CertPathValidatorException.BasicReason.REVOKED) {
                    return AlertDescription.CERTIFICATE_REVOKED;
                }
            }
            if (t instanceof java.security.cert.CertPathBuilderException) {
                return AlertDescription.UNKNOWN_CA;
            }
        }
        return AlertDescription.CERTIFICATE_UNKNOWN;
    }

    /** A trust manager's verdict on a peer chain. */
    @FunctionalInterface
    interface TrustCheck {
        void check(X509Certificate[] chain) throws CertificateException;
    }

    /**
     * Runs the trust manager on a copy of {@code chain}; a refusal becomes the alert RFC 5246 7.2.2 names for
     * it, and a trust manager that breaks (a RuntimeException) becomes certificate_unknown.
     */
    static void checkTrusted(X509Certificate[] chain, String who, TrustCheck check) throws TlsAlertException {
        try {
            check.check(chain.clone());
        } catch (CertificateException e) {
            AlertDescription alert = alertFor(e);
            throw new TlsAlertException(alert, who + " certificate for " + describe(chain) + " not trusted: "
                    + e.getMessage() + FailureHints.certificate(alert, chain, e, who), e);
        } catch (RuntimeException e) {
            throw new TlsAlertException(AlertDescription.CERTIFICATE_UNKNOWN,
                    "trust manager failed on the " + who + " certificate: " + e, e);
        }
    }

    static String describe(X509Certificate[] chain) {
        return chain.length == 0 ? "(empty chain)" : chain[0].getSubjectX500Principal().getName();
    }

    static PublicKey leafKey(X509Certificate[] chain) {
        return chain[0].getPublicKey();
    }
}
