package dev.clasp.bench;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Which installed JCA implementation is fastest for each public-key operation of a TLS 1.2 handshake (issue #5):
 * the JDK's (SunEC for x25519 and ECDSA, SunRsaSign for RSA) against BouncyCastle's {@code BC} provider, each
 * operation done as the handshake does it (fresh {@code getInstance} per operation, as {@code dev.clasp.crypto}
 * does; x25519 = generate a key pair and agree with a fixed peer key). Not in the default suite (the class name does
 * not end in "Bench"): run it with {@code -Dbench.args="PrimitiveTimings"}. The setup checks that both
 * implementations agree (each verifies the other's signatures, and both compute the same x25519 secret).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PrimitiveTimings {
    @Param({"x25519", "ecdsaP256Sign", "ecdsaP256Verify", "rsa2048Sign", "rsa2048Verify"})
    public String op;

    @Param({"JDK", "BC"})
    public String impl;

    private static final byte[] MESSAGE = new byte[100]; // about a ServerKeyExchange's signed params

    private Provider provider;
    private final SecureRandom random = new SecureRandom();
    private KeyPair keys;
    private PublicKey peerX25519;
    private byte[] signature;
    private String algorithm;

    @Setup
    public void setup() throws Exception {
        Provider bc = new BouncyCastleProvider();
        boolean rsa = op.startsWith("rsa");
        Provider jdk = java.security.Security.getProvider(rsa ? "SunRsaSign" : "SunEC");
        provider = impl.equals("BC") ? bc : jdk;
        Provider other = impl.equals("BC") ? jdk : bc;
        if (op.equals("x25519")) {
            peerX25519 = xdh(jdk).getPublic();
            KeyPair mine = xdh(jdk);
            byte[] a = agree(jdk, mine, peerX25519);
            byte[] b = agree(bc, mine, peerX25519);
            if (!Arrays.equals(a, b)) {
                throw new IllegalStateException("SunEC and BC disagree on X25519");
            }
            return;
        }
        algorithm = rsa ? "SHA256withRSA" : "SHA256withECDSA";
        KeyPairGenerator kpg = KeyPairGenerator.getInstance(rsa ? "RSA" : "EC", jdk);
        if (rsa) {
            kpg.initialize(2048, random);
        } else {
            kpg.initialize(new ECGenParameterSpec("secp256r1"), random);
        }
        keys = kpg.generateKeyPair();
        signature = sign(provider);
        if (!verify(other, signature) || !verify(provider, sign(other))) {
            throw new IllegalStateException(algorithm + ": " + provider.getName() + " and " + other.getName()
                    + " do not accept each other's signatures");
        }
    }

    @Benchmark
    public Object run() throws Exception {
        return switch (op) {
            case "x25519" -> agree(provider, xdh(provider), peerX25519);
            case "ecdsaP256Sign", "rsa2048Sign" -> sign(provider);
            default -> {
                if (!verify(provider, signature)) {
                    throw new IllegalStateException("signature did not verify");
                }
                yield signature;
            }
        };
    }

    private KeyPair xdh(Provider p) throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("XDH", p);
        kpg.initialize(new NamedParameterSpec("X25519"), random);
        return kpg.generateKeyPair();
    }

    private static byte[] agree(Provider p, KeyPair mine, PublicKey peer) throws Exception {
        KeyAgreement ka = KeyAgreement.getInstance("XDH", p);
        ka.init(mine.getPrivate());
        ka.doPhase(peer, true);
        return ka.generateSecret();
    }

    private byte[] sign(Provider p) throws Exception {
        Signature s = Signature.getInstance(algorithm, p);
        s.initSign(keys.getPrivate(), random);
        s.update(MESSAGE);
        return s.sign();
    }

    private boolean verify(Provider p, byte[] sig) throws Exception {
        Signature s = Signature.getInstance(algorithm, p);
        s.initVerify(keys.getPublic());
        s.update(MESSAGE);
        return s.verify(sig);
    }
}
