package dev.clasp.crypto;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.suite.NamedGroup;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.KeyAgreement;
import javax.crypto.interfaces.DHPublicKey;
import javax.crypto.spec.DHParameterSpec;
import javax.crypto.spec.DHPublicKeySpec;
import javax.security.auth.Destroyable;

/**
 * One ephemeral finite field Diffie-Hellman key pair (RFC 5246 7.4.3, 8.1.2; RFC 7919) over a prime p and
 * generator g, through JCA {@code "DH"} (SunJCE): its wire public value and the agreement with a peer's public
 * value, validated as RFC 7919 5.1 and NIST SP 800-56A 5.6.2.3.1 require. {@link #toString()} names only the size.
 *
 * <p>An ephemeral key agrees once: {@link #destroy()} drops the private key (see {@link KeyShares#destroy}) as
 * soon as the premaster secret is computed or the handshake fails.
 */
public final class DheKeyShare implements Destroyable {
    /** The smallest prime a Clasp client accepts from a server (RFC 7919 5.1 lets a client refuse small groups). */
    public static final int MIN_PRIME_BITS = 2048;
    /** SunJCE generates DH keys for primes up to this size. */
    public static final int MAX_PRIME_BITS = 8192;

    private final BigInteger p;
    private final BigInteger g;
    private volatile PrivateKey privateKey;
    private final byte[] publicValue;

    private DheKeyShare(BigInteger p, BigInteger g, PrivateKey privateKey, byte[] publicValue) {
        this.p = p;
        this.g = g;
        this.privateKey = privateKey;
        this.publicValue = publicValue;
    }

    /** A fresh key pair in the RFC 7919 group {@code group}. */
    public static DheKeyShare generate(NamedGroup group, SecureRandom random) {
        if (group.kind() != NamedGroup.Kind.FFDHE) {
            throw new IllegalArgumentException(group + " is not a finite field group");
        }
        try {
            return generate(FfdheGroups.prime(group), FfdheGroups.GENERATOR, random);
        } catch (TlsAlertException e) {
            // The RFC 7919 groups are within SunJCE's limits; a failure is our bug.
            throw new IllegalStateException("cannot generate a " + group.standardName() + " key pair", e);
        }
    }

    /**
     * A fresh key pair for the (already {@linkplain #checkGroup checked}) parameters a server sent.
     *
     * @throws TlsAlertException HANDSHAKE_FAILURE when the JCA cannot generate keys for them
     */
    public static DheKeyShare generate(BigInteger p, BigInteger g, SecureRandom random) throws TlsAlertException {
        Objects.requireNonNull(random, "random");
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("DH");
            // RFC 7919 5.2: a private exponent of at least twice the group's security strength is enough; a
            // full-size exponent would make the 8192-bit group several times slower for no gain.
            kpg.initialize(new DHParameterSpec(p, g, exponentBits(p.bitLength())), random);
            KeyPair kp = kpg.generateKeyPair();
            BigInteger y = ((DHPublicKey) kp.getPublic()).getY();
            return new DheKeyShare(p, g, kp.getPrivate(), unsigned(y, byteLength(p)));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw TlsAlertException.handshakeFailure("cannot generate a DH key pair for a " + p.bitLength()
                    + "-bit prime: " + e.getMessage());
        }
    }

    /**
     * RFC 7919 5.1 / RFC 5246 7.4.3: the server's group must be large enough and well formed: an odd p of
     * {@value #MIN_PRIME_BITS} to {@value #MAX_PRIME_BITS} bits and 1 &lt; g &lt; p - 1. Primality is not tested
     * (RFC 7919 groups are recognised by value; others are the signer's responsibility, as in SunJSSE).
     *
     * @throws TlsAlertException INSUFFICIENT_SECURITY for a small p, ILLEGAL_PARAMETER for a malformed group
     */
    public static void checkGroup(BigInteger p, BigInteger g, int minBits) throws TlsAlertException {
        if (p.bitLength() < minBits) {
            throw new TlsAlertException(AlertDescription.INSUFFICIENT_SECURITY, "server DH prime has "
                    + p.bitLength() + " bits; at least " + minBits + " are required (RFC 7919 5.1)");
        }
        if (p.bitLength() > MAX_PRIME_BITS) {
            throw TlsAlertException.illegalParameter("server DH prime has " + p.bitLength() + " bits; at most "
                    + MAX_PRIME_BITS + " are supported");
        }
        if (!p.testBit(0)) {
            throw TlsAlertException.illegalParameter("server DH prime is even");
        }
        if (g.compareTo(BigInteger.ONE) <= 0 || g.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
            throw TlsAlertException.illegalParameter("server DH generator is not in 2..p-2");
        }
    }

    /** The prime. */
    public BigInteger p() {
        return p;
    }

    /** The generator. */
    public BigInteger g() {
        return g;
    }

    /** The public value as sent in dh_Ys / dh_Yc: big-endian, left-padded with zeros to the length of p. */
    public byte[] publicValue() {
        return publicValue.clone();
    }

    /**
     * Validates the peer's public value and returns the premaster secret Z with leading zero bytes stripped
     * (RFC 5246 8.1.2).
     *
     * @throws TlsAlertException ILLEGAL_PARAMETER for a public value outside 2..p-2, INTERNAL_ERROR on JCA failure
     */
    public byte[] agree(byte[] peerPublicValue) throws TlsAlertException {
        BigInteger y = new BigInteger(1, peerPublicValue);
        checkPublicValue(y, p);
        PublicKey peer;
        byte[] z;
        try {
            peer = KeyFactory.getInstance("DH").generatePublic(new DHPublicKeySpec(y, p, g));
            KeyAgreement ka = KeyAgreement.getInstance("DH");
            ka.init(KeyShares.live(privateKey, this));
            ka.doPhase(peer, true);
            z = ka.generateSecret();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw TlsAlertException.internalError("DH key agreement failed (" + p.bitLength() + "-bit prime)", e);
        }
        return stripLeadingZeros(z);
    }

    /**
     * RFC 7919 5.1, SP 800-56A 5.6.2.3.1: a public value must satisfy 1 &lt; y &lt; p - 1; 0, 1 and p - 1 would
     * force the shared secret into a subgroup of order at most 2, and y &gt;= p is not a field element. For the
     * RFC 7919 safe primes these are the only small-subgroup values, so no y^q check is needed.
     */
    public static void checkPublicValue(BigInteger y, BigInteger p) throws TlsAlertException {
        if (y.compareTo(BigInteger.ONE) <= 0) {
            throw illegal("DH public value is " + y + " (RFC 7919 5.1: must be in 2..p-2)");
        }
        if (y.compareTo(p) >= 0) {
            throw illegal("DH public value is not below the prime (RFC 7919 5.1)");
        }
        if (y.equals(p.subtract(BigInteger.ONE))) {
            throw illegal("DH public value is p-1 (RFC 7919 5.1: must be in 2..p-2)");
        }
    }

    /** RFC 5246 8.1.2: "Leading bytes of Z that contain all zero bits are stripped before it is used". */
    static byte[] stripLeadingZeros(byte[] z) {
        int start = 0;
        while (start < z.length - 1 && z[start] == 0) {
            start++;
        }
        if (start == 0) {
            return z;
        }
        byte[] out = Arrays.copyOfRange(z, start, z.length);
        Arrays.fill(z, (byte) 0);
        return out;
    }

    /** Private exponent length: about twice the security strength of the group size (RFC 7919 5.2 table). */
    static int exponentBits(int primeBits) {
        if (primeBits >= 8192) {
            return 512;
        }
        if (primeBits >= 6144) {
            return 448;
        }
        if (primeBits >= 4096) {
            return 384;
        }
        if (primeBits >= 3072) {
            return 320;
        }
        return 256;
    }

    private static int byteLength(BigInteger p) {
        return (p.bitLength() + 7) / 8;
    }

    /** The minimal unsigned big-endian encoding of a positive integer (dh_p, dh_g: RFC 5246 7.4.3). */
    public static byte[] unsignedBytes(BigInteger v) {
        return unsigned(v, (v.bitLength() + 7) / 8);
    }

    /** Big-endian, exactly {@code len} bytes (the value is below p, so it fits). */
    static byte[] unsigned(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        if (b.length == len) {
            return b;
        }
        byte[] out = new byte[len];
        if (b.length > len) { // a leading sign byte
            System.arraycopy(b, b.length - len, out, 0, len);
        } else {
            System.arraycopy(b, 0, out, len - b.length, b.length);
        }
        return out;
    }

    private static TlsAlertException illegal(String what) {
        return new TlsAlertException(AlertDescription.ILLEGAL_PARAMETER, what);
    }

    /** Drops the private key; {@link #agree} afterwards is a bug (IllegalStateException). */
    @Override
    public void destroy() {
        PrivateKey k = privateKey;
        privateKey = null;
        KeyShares.destroy(k);
    }

    @Override
    public boolean isDestroyed() {
        return privateKey == null;
    }

    @Override
    public String toString() {
        return "DheKeyShare[" + p.bitLength() + "-bit prime]";
    }
}
