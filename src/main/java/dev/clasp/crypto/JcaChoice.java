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
 *   <li>ECDSA verify: BouncyCastle ({@link Signatures#verify}). Only public inputs, so no constant-time concern;
 *       on JDK 17 it takes about a sixth of SunEC's CPU time (full ECDSA handshakes went from about 1x to 2.2x
 *       SunJSSE's rate in one JMH run) at the price of about 140 KiB more allocation per verification.</li>
 *   <li>ECDSA sign: SunEC (the default provider order). BouncyCastle took a quarter of its CPU time on JDK 17, but
 *       SunEC's P-256 signing is the implementation built for constant time, and signing handles the private key:
 *       kept.</li>
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
