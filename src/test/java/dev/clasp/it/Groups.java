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
        synchronized (Groups.class) {
            String old = System.getProperty("jdk.tls.namedGroups");
            System.setProperty("jdk.tls.namedGroups", group);
            try {
                return make.call();
            } finally {
                if (old == null) {
                    System.clearProperty("jdk.tls.namedGroups");
                } else {
                    System.setProperty("jdk.tls.namedGroups", old);
                }
            }
        }
    }
}
