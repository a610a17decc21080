package dev.clasp.provider;

import java.security.Key;
import java.security.PublicKey;
import java.security.Security;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The part of {@code jdk.certpath.disabledAlgorithms} that applies to every certificate whatever its use: bare
 * algorithm names ("MD5") and key size limits ("RSA keySize &lt; 1024"). Entries with other constraints
 * ({@code jdkCA}, {@code usage}, {@code denyAfter}) need facts about the chain's anchor and use that only the JDK's
 * PKIX validator has, and are left to it. Used for application trust managers that are plain
 * {@code X509TrustManager}s, which SunJSSE also holds to these limits (its AbstractTrustManagerWrapper); the JDK's
 * own trust managers apply the whole property themselves.
 */
final class CertPathAlgorithms {
    private record KeyLimit(String algorithm, int minimumBits) {
    }

    private final Set<String> names = new HashSet<>();
    private final List<KeyLimit> keyLimits = new ArrayList<>();

    CertPathAlgorithms(String property) {
        if (property == null) {
            return;
        }
        for (String entry : DisabledAlgorithms.unquoted(property).split(",")) {
            String e = entry.trim();
            String[] parts = e.split("\\s+");
            if (parts.length == 1 && !e.isEmpty()) {
                names.add(normalise(e));
            } else if (parts.length == 4 && parts[1].equals("keySize") && parts[2].equals("<")) {
                try {
                    keyLimits.add(new KeyLimit(normalise(parts[0]), Integer.parseInt(parts[3])));
                } catch (NumberFormatException ignored) {
                    // not a limit this class understands; the JDK's validator still has it
                }
            }
        }
    }

    static CertPathAlgorithms fromSecurityProperty() {
        return new CertPathAlgorithms(Security.getProperty("jdk.certpath.disabledAlgorithms"));
    }

    /** "SHA-1" and "SHA1" are the same entry, as in the JDK's AlgorithmDecomposer. */
    private static String normalise(String name) {
        String up = name.toUpperCase(Locale.ROOT);
        return up.startsWith("SHA-") ? "SHA" + up.substring(4) : up;
    }

    /** A signature algorithm ("SHA1withRSA") is disabled by its own name or by its digest or key part. */
    boolean permitsSignature(String sigAlg) {
        String up = normalise(sigAlg);
        if (names.contains(up)) {
            return false;
        }
        int with = up.indexOf("WITH");
        if (with > 0) {
            String digest = up.substring(0, with);
            String rest = up.substring(with + 4);
            int and = rest.indexOf("AND");
            String keyPart = and > 0 ? rest.substring(0, and) : rest;
            return !names.contains(digest) && !names.contains(keyPart) && !names.contains(rest);
        }
        return true;
    }

    boolean permitsKey(PublicKey key) {
        String alg = normalise(key.getAlgorithm());
        if (names.contains(alg)) {
            return false;
        }
        int bits = bits(key);
        for (KeyLimit l : keyLimits) {
            if (l.algorithm.equals(alg) && bits >= 0 && bits < l.minimumBits) {
                return false;
            }
        }
        return true;
    }

    private static int bits(Key key) {
        if (key instanceof RSAKey r) {
            return r.getModulus().bitLength();
        }
        if (key instanceof ECKey ec) {
            return ec.getParams().getOrder().bitLength();
        }
        if (key instanceof DSAKey d && d.getParams() != null) {
            return d.getParams().getP().bitLength();
        }
        return -1;
    }
}
