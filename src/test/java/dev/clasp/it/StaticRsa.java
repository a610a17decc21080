package dev.clasp.it;

import dev.clasp.it.TestPki.Peer;
import java.security.Security;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * Static RSA suites in tests on any JDK: JDK 24+ lists {@code TLS_RSA_*} in {@code jdk.tls.disabledAlgorithms}.
 * Clasp reads the property when a context is initialised, so a Clasp context made inside {@link #permitted}
 * allows them; SunJSSE and BCJSSE read it once per JVM, so tests with them as a peer are skipped there.
 */
public final class StaticRsa {
    private static final String PROPERTY = "jdk.tls.disabledAlgorithms";

    private StaticRsa() {
    }

    public static boolean isStaticRsa(String suite) {
        return suite.startsWith("TLS_RSA_");
    }

    /** Whether this JDK's own policy disables static RSA key exchange. */
    public static boolean disabledByJdk() {
        String v = Security.getProperty(PROPERTY);
        return v != null && v.contains("TLS_RSA_*");
    }

    /** Skips the calling test when {@code suite} is static RSA, the JDK disables it and a peer is not Clasp. */
    public static void assumePeersAllow(String suite, Peer... peers) {
        if (isStaticRsa(suite) && disabledByJdk()) {
            for (Peer p : peers) {
                Assumptions.assumeTrue(p == Peer.CLASP,
                        p + " reads jdk.tls.disabledAlgorithms once; this JDK disables TLS_RSA_*");
            }
        }
    }

    /** Runs {@code make} (which initialises a Clasp context) with TLS_RSA_* removed from the property. */
    public static <T> T permitted(Callable<T> make) throws Exception {
        return withoutEntry("TLS_RSA_*", make);
    }

    /**
     * Runs {@code make} with "anon", "NULL", "ECDH" and "TLS_RSA_*" removed from {@code jdk.tls.disabledAlgorithms}:
     * every suite Clasp implements is then permitted. The NULL-cipher and anonymous ones need it on every JDK; the
     * ECDH_anon ones also need "ECDH" gone (JDK 17.0.15+ lists it, and ECDH_anon suites decompose to "ECDH").
     */
    public static <T> T everySuite(Callable<T> make) throws Exception {
        return withoutEntry("anon", () -> withoutEntry("NULL", () -> withoutEntry("ECDH",
                () -> withoutEntry("TLS_RSA_*", make))));
    }

    /** Runs {@code make} with {@code entry} (e.g. "anon") removed from {@code jdk.tls.disabledAlgorithms}. */
    public static <T> T withoutEntry(String entry, Callable<T> make) throws Exception {
        synchronized (Groups.class) { // the same lock as the other property-changing helper
            String old = Security.getProperty(PROPERTY);
            if (old == null || !Arrays.stream(old.split(",")).map(String::trim).toList().contains(entry)) {
                return make.call();
            }
            Security.setProperty(PROPERTY, Arrays.stream(old.split(","))
                    .map(String::trim).filter(e -> !e.equals(entry)).collect(Collectors.joining(", ")));
            try {
                return make.call();
            } finally {
                Security.setProperty(PROPERTY, old);
            }
        }
    }
}
