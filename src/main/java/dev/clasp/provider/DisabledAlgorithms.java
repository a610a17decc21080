package dev.clasp.provider;

import dev.clasp.suite.BulkCipher;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.NamedGroup;
import java.security.Security;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The unconditional entries of {@code jdk.tls.disabledAlgorithms}, read when a context is initialised (tests
 * change the property at run time). An entry with a constraint ("RSA keySize &lt; 1024") restricts keys, not
 * suites, and is not applied here. "include jdk.disabled.namedCurves" is expanded.
 */
final class DisabledAlgorithms {
    private final Set<String> names = new HashSet<>();
    private final List<String> prefixes = new ArrayList<>();

    DisabledAlgorithms(String property) {
        if (property == null) {
            return;
        }
        for (String entry : unquoted(property).split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            if (e.startsWith("include ")) {
                String included = Security.getProperty(e.substring(8).trim());
                if (included != null) {
                    for (String inner : included.split(",")) {
                        add(inner.trim());
                    }
                }
                continue;
            }
            add(e);
        }
    }

    /**
     * A value set as {@code "A,B"} with its double quotes (a shell or jtreg argument passed on verbatim) means
     * {@code A,B}, as the JDK's own parser of the disabledAlgorithms properties reads it.
     */
    static String unquoted(String property) {
        String p = property.trim();
        return p.length() >= 2 && p.charAt(0) == '"' && p.charAt(p.length() - 1) == '"' ? p.substring(1, p.length() - 1) : p;
    }

    static DisabledAlgorithms fromSecurityProperty() {
        return new DisabledAlgorithms(Security.getProperty("jdk.tls.disabledAlgorithms"));
    }

    private void add(String entry) {
        if (entry.isEmpty() || entry.contains(" ")) {
            return;
        }
        String up = entry.toUpperCase(Locale.ROOT);
        if (up.endsWith("*")) {
            prefixes.add(up.substring(0, up.length() - 1));
        } else {
            names.add(up);
        }
    }

    boolean permits(CipherSuite s) {
        String name = s.name();
        if (names.contains(name) || prefixes.stream().anyMatch(name::startsWith)) {
            return false;
        }
        for (String component : components(s)) {
            if (names.contains(component)) {
                return false;
            }
        }
        return true;
    }

    boolean permitsProtocol(String protocol) {
        return !names.contains(protocol.toUpperCase(Locale.ROOT));
    }

    boolean permits(NamedGroup g) {
        return !names.contains(g.standardName().toUpperCase(Locale.ROOT));
    }

    /**
     * The parts of a suite that SunJSSE matches entries against: key exchange, cipher (with key size and mode),
     * MAC (CBC suites: "SHA1", "SHA-1", "HMACSHA1", ...), PRF hash. Upper case, as entries are.
     */
    private static List<String> components(CipherSuite s) {
        List<String> out = new ArrayList<>();
        String kx = s.keyExchange().name();
        out.add(kx);
        out.addAll(List.of(kx.split("_")));
        if (s.keyExchange().agreement() == dev.clasp.suite.KeyExchange.Agreement.DHE) {
            out.add("DH");               // as SunJSSE's SSLAlgorithmDecomposer: DHE suites are also "DH"
            out.add("DIFFIEHELLMAN");
        }
        if (kx.endsWith("_DSS")) {
            out.add("DSA");
        }
        BulkCipher b = s.bulkCipher();
        String cipher = b.name();
        switch (b.kind()) {
            case AES_GCM, AES_CCM -> {
                String mode = b.kind() == BulkCipher.RecordProtectionKind.AES_GCM ? "GCM" : "CCM";
                out.add(cipher);                                   // AES_128_GCM, AES_256_CCM_8
                out.add("AES");
                out.add(mode);
                out.add(cipher.substring(0, cipher.indexOf("_" + mode))); // AES_128
                if (cipher.endsWith("_8")) {
                    out.add(cipher.substring(0, cipher.length() - 2)); // AES_128_CCM
                }
            }
            case CHACHA20_POLY1305 -> {
                out.add(cipher);
                out.add("CHACHA20");
                out.add("CHACHA20-POLY1305");
            }
            case AES_CBC -> {
                String aesCbc = cipher.substring(0, cipher.indexOf("_CBC") + 4); // AES_128_CBC
                out.add(aesCbc);
                out.add("AES");
                out.add("CBC");
                out.add(aesCbc.substring(0, aesCbc.length() - 4));          // AES_128
                addMac(out, b);
            }
            case NULL_HMAC -> {
                // SunJSSE's SSLAlgorithmDecomposer: B_NULL is "NULL" (its transformation) and "C_NULL".
                out.add("NULL");
                out.add("C_NULL");
                addMac(out, b);
            }
        }
        out.add(s.prfHash().name());
        out.add(s.prfHash().digestAlgorithm());
        return out;
    }

    /** The HMAC of a CBC or NULL suite: "SHA1", "SHA-1", "HMACSHA1" (and the SHA-2 forms). */
    private static void addMac(List<String> out, BulkCipher b) {
        String hash = b.mac().jcaName().substring(4).toUpperCase(Locale.ROOT); // SHA1, SHA256, SHA384
        out.add(hash);
        out.add(hash.replace("SHA", "SHA-"));
        out.add("HMAC" + hash);
    }
}
