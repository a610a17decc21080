package dev.clasp.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Where Clasp picks the JCA implementation of each public-key primitive of a handshake (issue #5), measured
 * against every installed one by the JMH class {@code PrimitiveTimings} in src/jmh (docs/performance.md):
 *
 * <ul>
 *   <li>X25519 key generation and agreement: BouncyCastle ({@link EcdheKeyShare}). The same RFC 7748 function
 *       with a constant-time ladder, at about a fifth of SunEC's CPU time and a sixth of its allocation (JDK 17).</li>
 *   <li>ECDSA P-256 sign and verify: SunEC ({@link Signatures}, the default provider order). On JDK 17
 *       BouncyCastle took a quarter (sign) to a sixth (verify) of SunEC's CPU time but allocated five to ten times
 *       more per operation (about 360 KiB more per handshake, against issue #5's allocation target), and SunEC's
 *       P-256 signing is the implementation built for constant time: kept, a trade-off to revisit.</li>
 *   <li>RSA-2048 sign and verify: SunRsaSign ({@link Signatures}): no clear winner.</li>
 *   <li>X448, the NIST curves' ECDH: the JDK (not measured; kept). The brainpool curves (RFC 7027):
 *       BouncyCastle, the only installed implementation ({@link EcCurves#provider}).</li>
 * </ul>
 */
public final class JcaChoice {
    private JcaChoice() {
    }

    /**
     * BouncyCastle's provider, built on first use (building one costs milliseconds) and shared: it is stateless,
     * a runtime dependency of Clasp, and never installed in the JVM's provider list by Clasp.
     */
    public static Provider bouncyCastle() {
        return Bc.PROVIDER;
    }

    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
