package dev.clasp.it;

import dev.clasp.it.TestPki.Peer;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;

/**
 * Restricts the named groups of a Clasp context (Clasp reads {@code jdk.tls.namedGroups} when a context is
 * initialised; SunJSSE reads it once per JVM, so the other peers keep their defaults and the Clasp side decides).
 */
public final class Groups {
    private Groups() {
    }

    public static SSLContext with(Peer peer, String group, Callable<SSLContext> make) throws Exception {
        if (peer != Peer.CLASP) {
            return make.call();
        }
        return withProperty("jdk.tls.namedGroups", group, make);
    }

    /** Runs {@code make} (which initialises a Clasp context) with the system property {@code name} set. */
    public static SSLContext withProperty(String name, String value, Callable<SSLContext> make) throws Exception {
        synchronized (Groups.class) {
            String old = System.getProperty(name);
            System.setProperty(name, value);
            try {
                return make.call();
            } finally {
                if (old == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, old);
                }
            }
        }
    }
}
