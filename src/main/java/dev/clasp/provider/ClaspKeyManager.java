package dev.clasp.provider;

import java.net.Socket;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Clasp's X509ExtendedKeyManager over one or more key stores (KeyManagerFactory {@code PKIX}/{@code NewSunX509}).
 * Among the private key entries whose key has the requested type (and, when issuers are given, whose chain
 * names one of them), it ranks each leaf as SunJSSE's X509KeyManagerImpl does (its CheckResult order), best first:
 * valid now with fitting key usages and a name matching the requested SNI host name (server side; RFC 6066 3,
 * names as RFC 6125 6.4; no SNI counts as a match); valid with fitting usages but another name; expired (or not
 * yet valid) whatever its names; key usages that do not fit the role (RFC 5280 4.2.1.3, 4.2.1.12). So a valid
 * certificate for another name beats an expired one for the requested name, as in SunJSSE. Unlike SunJSSE, an EC
 * server certificate need not have keyAgreement: that bit only matters for static ECDH, which Clasp does not do.
 * Aliases are {@code builderIndex.0.entryAlias}, as SunJSSE's "N.N.alias".
 */
final class ClaspKeyManager extends X509ExtendedKeyManager {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EKU = "2.5.29.37.0";

    private final List<KeyStore.Builder> builders;
    private final List<KeyStore> stores;
    /** jdk.certpath.disabledAlgorithms when the factory was initialised: a chain it refuses is never offered. */
    private final CertPathAlgorithms certPath = CertPathAlgorithms.fromSecurityProperty();

    ClaspKeyManager(List<KeyStore.Builder> builders) throws KeyStoreException {
        this.builders = List.copyOf(builders);
        List<KeyStore> ks = new ArrayList<>();
        for (KeyStore.Builder b : this.builders) {
            ks.add(b.getKeyStore());
        }
        this.stores = List.copyOf(ks);
    }

    /** One candidate entry and how well it fits. */
    private record Candidate(String alias, int rank) {
    }

    // ---- server side

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        String sni = socket instanceof SSLSocket s ? hostName(s.getHandshakeSession()) : null;
        return best(new String[] {keyType}, issuers, SERVER_AUTH, sni);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return best(new String[] {keyType}, issuers, SERVER_AUTH, engine == null ? null : hostName(engine.getHandshakeSession()));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return all(keyType, issuers, SERVER_AUTH);
    }

    // ---- client side

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return best(keyTypes, issuers, CLIENT_AUTH, null);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return best(keyTypes, issuers, CLIENT_AUTH, null);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return all(keyType, issuers, CLIENT_AUTH);
    }

    // ---- aliases

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        KeyStore.PrivateKeyEntry e = entry(alias);
        if (e == null) {
            return null;
        }
        Certificate[] chain = e.getCertificateChain();
        if (!(chain instanceof X509Certificate[])) {
            for (Certificate c : chain) {
                if (!(c instanceof X509Certificate)) {
                    return null;
                }
            }
            return Arrays.copyOf(chain, chain.length, X509Certificate[].class);
        }
        return ((X509Certificate[]) chain).clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        KeyStore.PrivateKeyEntry e = entry(alias);
        return e == null ? null : e.getPrivateKey();
    }

    private KeyStore.PrivateKeyEntry entry(String alias) {
        if (alias == null) {
            return null;
        }
        int first = alias.indexOf('.');
        int second = first < 0 ? -1 : alias.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || !alias.substring(first + 1, second).equals("0")) {
            return null;
        }
        int index;
        try {
            index = Integer.parseInt(alias.substring(0, first));
        } catch (NumberFormatException e) {
            return null;
        }
        if (index < 0 || index >= stores.size()) {
            return null;
        }
        String name = alias.substring(second + 1);
        try {
            KeyStore.Entry e = stores.get(index).getEntry(name, builders.get(index).getProtectionParameter(name));
            return e instanceof KeyStore.PrivateKeyEntry p ? p : null;
        } catch (java.security.GeneralSecurityException e) {
            return null;   // wrong password, unreadable entry: no such credential
        }
    }

    // ---- selection

    private String best(String[] keyTypes, Principal[] issuers, String eku, String sni) {
        if (keyTypes == null) {
            return null;
        }
        // keyTypes are in the caller's order of preference: the first type with any entry wins.
        for (String keyType : keyTypes) {
            List<Candidate> c = candidates(keyType, issuers, eku, sni);
            if (!c.isEmpty()) {
                return c.get(0).alias();
            }
        }
        return null;
    }

    private String[] all(String keyType, Principal[] issuers, String eku) {
        List<Candidate> c = candidates(keyType, issuers, eku, null);
        return c.isEmpty() ? null : c.stream().map(Candidate::alias).toArray(String[]::new);
    }

    /** The entries of {@code keyType} (and issuers), best first; ties keep key store order. */
    private List<Candidate> candidates(String keyType, Principal[] issuers, String eku, String sni) {
        if (keyType == null) {
            return List.of();
        }
        Set<Principal> wanted = issuers == null || issuers.length == 0 ? Set.of() : new HashSet<>(Arrays.asList(issuers));
        Date now = new Date();
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < stores.size(); i++) {
            KeyStore ks = stores.get(i);
            List<String> names;
            try {
                names = Collections.list(ks.aliases());
            } catch (KeyStoreException e) {
                continue;
            }
            for (String name : names) {
                X509Certificate[] chain = chainOf(ks, name);
                if (chain == null || !keyTypeMatches(keyType, chain) || !issuersMatch(wanted, chain)
                        || !conforms(chain)) {
                    continue;
                }
                out.add(new Candidate(i + ".0." + name, rank(chain[0], eku, sni, now)));
            }
        }
        out.sort(Comparator.comparingInt(Candidate::rank).reversed());
        return out;
    }

    /** Rank values, in SunJSSE's CheckResult order (higher is better). */
    private static final int OK = 3;
    private static final int OTHER_NAME = 2;
    private static final int EXPIRED = 1;
    private static final int USAGE_MISMATCH = 0;

    /**
     * SunJSSE's order of checks: usages first (a mismatch ends the check), then validity (an expired leaf is
     * not checked against the name), then the SNI host name.
     */
    private static int rank(X509Certificate leaf, String eku, String sni, Date now) {
        if (!ekuAllows(leaf, eku) || !keyUsageAllows(leaf, eku)) {
            return USAGE_MISMATCH;
        }
        if (!valid(leaf, now)) {
            return EXPIRED;
        }
        return sni == null || namesMatch(sni, leaf) ? OK : OTHER_NAME;
    }

    /**
     * RFC 5280 4.2.1.3: a key usage extension, when present, must allow the signatures TLS 1.2 makes with the key
     * (digitalSignature); an RSA server key may instead allow keyEncipherment (RSA key exchange, RFC 5246 7.4.2).
     */
    private static boolean keyUsageAllows(X509Certificate leaf, String eku) {
        boolean[] ku = leaf.getKeyUsage();
        if (ku == null) {
            return true;
        }
        boolean digitalSignature = ku.length > 0 && ku[0];
        boolean keyEncipherment = ku.length > 2 && ku[2];
        String alg = leaf.getPublicKey().getAlgorithm();
        if ("RSA".equals(alg) && SERVER_AUTH.equals(eku)) {
            return digitalSignature || keyEncipherment;
        }
        return digitalSignature;
    }

    private static X509Certificate[] chainOf(KeyStore ks, String name) {
        try {
            if (!ks.isKeyEntry(name)) {
                return null;
            }
            Certificate[] chain = ks.getCertificateChain(name);
            if (chain == null || chain.length == 0) {
                return null;    // a secret key entry, or a key without a certificate
            }
            X509Certificate[] x = new X509Certificate[chain.length];
            for (int i = 0; i < chain.length; i++) {
                if (!(chain[i] instanceof X509Certificate c)) {
                    return null;
                }
                x[i] = c;
            }
            return x;
        } catch (KeyStoreException e) {
            return null;
        }
    }

    /**
     * SunJSSE's key type names: "RSA", "EC", "EdDSA", "DSA", "RSASSA-PSS", optionally "KEY_SIGNER" where the
     * certificate must also be signed with SIGNER's algorithm (e.g. "EC_RSA").
     */
    static boolean keyTypeMatches(String keyType, X509Certificate[] chain) {
        String keyAlg = keyType;
        String signer = null;
        int u = keyType.indexOf('_');
        if (u > 0) {
            keyAlg = keyType.substring(0, u);
            signer = keyType.substring(u + 1);
        }
        if (!keyAlgorithm(chain[0].getPublicKey().getAlgorithm()).equals(keyAlg)) {
            return false;
        }
        if (signer == null) {
            return true;
        }
        String sig = chain[0].getSigAlgName().toUpperCase(Locale.ROOT);
        return switch (signer) {
            case "RSA" -> sig.contains("RSA");
            case "EC" -> sig.contains("ECDSA");
            default -> sig.contains(signer.toUpperCase(Locale.ROOT));
        };
    }

    private static String keyAlgorithm(String jca) {
        return switch (jca) {
            case "ECDSA" -> "EC";
            case "Ed25519", "Ed448" -> "EdDSA";
            default -> jca;
        };
    }

    /**
     * As SunJSSE's X509KeyManagerImpl: a chain whose signatures or keys jdk.certpath.disabledAlgorithms refuses
     * would be refused by the peer's trust manager, so another entry is chosen (OpenJDK's TLSv12/SignatureAlgorithms
     * keeps SHA1withDSA-, SHA224withDSA- and SHA256withDSA-signed chains for one key type in one store).
     */
    private boolean conforms(X509Certificate[] chain) {
        for (X509Certificate c : chain) {
            if (!certPath.permitsSignature(c.getSigAlgName()) || !certPath.permitsKey(c.getPublicKey())) {
                return false;
            }
        }
        return true;
    }

    private static boolean issuersMatch(Set<Principal> wanted, X509Certificate[] chain) {
        if (wanted.isEmpty()) {
            return true;
        }
        for (X509Certificate c : chain) {
            if (wanted.contains(c.getIssuerX500Principal()) || wanted.contains(c.getSubjectX500Principal())) {
                return true;
            }
        }
        return false;
    }

    private static boolean namesMatch(String host, X509Certificate leaf) {
        try {
            HostnameChecker.check(host, leaf);
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    private static boolean valid(X509Certificate leaf, Date now) {
        try {
            leaf.checkValidity(now);
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    private static boolean ekuAllows(X509Certificate leaf, String eku) {
        try {
            List<String> ekus = leaf.getExtendedKeyUsage();
            return ekus == null || ekus.contains(eku) || ekus.contains(ANY_EKU);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** The requested SNI host name of a server's handshake session (RFC 6066 3), or null. */
    private static String hostName(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession es) {
            try {
                for (SNIServerName n : es.getRequestedServerNames()) {
                    if (n instanceof SNIHostName h) {
                        return h.getAsciiName();
                    }
                    if (n.getType() == 0) {
                        return new SNIHostName(n.getEncoded()).getAsciiName();
                    }
                }
            } catch (RuntimeException e) {
                return null;   // a session without names, or a malformed one: choose without SNI
            }
        }
        return null;
    }
}
