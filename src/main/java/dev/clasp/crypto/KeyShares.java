package dev.clasp.crypto;

import java.security.PrivateKey;
import javax.security.auth.DestroyFailedException;

/** What {@link EcdheKeyShare} and {@link DheKeyShare} share about the life of their ephemeral private key. */
final class KeyShares {
    private KeyShares() {
    }

    /** The key, or IllegalStateException when the share was already destroyed (a second agreement is our bug). */
    static PrivateKey live(PrivateKey key, Object share) {
        if (key == null) {
            throw new IllegalStateException(share + " was destroyed: an ephemeral key agrees once");
        }
        return key;
    }

    /**
     * Destroys an ephemeral private key where the JCA key supports it. The JDK's own EC, XDH and DH private keys
     * do not implement {@code Destroyable.destroy} (DestroyFailedException, JDK 17-25): for them the share drops
     * its only reference, so the key is unreachable from the connection from then on, and that is all a
     * provider can do without reaching into JDK internals.
     */
    static void destroy(PrivateKey key) {
        if (key == null || key.isDestroyed()) {
            return;
        }
        try {
            key.destroy();
        } catch (DestroyFailedException | RuntimeException e) {
            // Not destroyable (see above): dropping the reference is the best we can do.
        }
    }
}
