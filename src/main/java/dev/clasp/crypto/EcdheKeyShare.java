package dev.clasp.crypto;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.suite.NamedGroup;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.KeyAgreement;
import javax.security.auth.Destroyable;
import org.bouncycastle.jcajce.spec.RawEncodedKeySpec;

/**
 * One ephemeral (EC)DHE key pair for a {@link NamedGroup} (RFC 8422 5.4, 5.10; RFC 7748): its wire public value
 * and the agreement with a peer's public value, validated as RFC 8422 5.11 requires. NIST curves use SunEC
 * {@code "EC"/"ECDH"}, the brainpool curves (RFC 7027) BouncyCastle's, X25519/X448 use {@code "XDH"} (X25519 from
 * BouncyCastle, as {@link JcaChoice} says). {@link #toString()} names only the group.
 *
 * <p>An ephemeral key agrees once: {@link #destroy()} drops the private key (see {@link KeyShares#destroy}) as
 * soon as the premaster secret is computed or the handshake fails.
 */
public final class EcdheKeyShare implements Destroyable {
    private static final BigInteger P25519 = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger P448 =
            BigInteger.ONE.shiftLeft(448).subtract(BigInteger.ONE.shiftLeft(224)).subtract(BigInteger.ONE);

    private final NamedGroup group;
    private volatile PrivateKey privateKey;
    private final byte[] publicValue;

    /**
     * The provider of the key pair and agreement: BouncyCastle's for X25519 (see {@link JcaChoice}) and the
     * brainpool curves, else null (the installed providers).
     */
    private final Provider provider;

    /** Package-private so tests can build shares from fixed keys (RFC 7748 6.1 vectors); JDK keys for XDH. */
    EcdheKeyShare(NamedGroup group, PrivateKey privateKey, byte[] publicValue) {
        this(group, privateKey, publicValue, EcCurves.provider(group));
    }

    /** A share whose key pair came from {@code provider} (null: the default provider order). */
    EcdheKeyShare(NamedGroup group, PrivateKey privateKey, byte[] publicValue, Provider provider) {
        this.group = Objects.requireNonNull(group, "group");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.publicValue = publicValue.clone();
        this.provider = provider;
    }

    /** The provider {@link JcaChoice} picks for key pairs and agreement on {@code group}; null for the default. */
    static Provider providerFor(NamedGroup group) {
        return group == NamedGroup.X25519 ? JcaChoice.bouncyCastle() : EcCurves.provider(group);
    }

    /** Generates a fresh key pair on {@code group} with {@code random}. */
    public static EcdheKeyShare generate(NamedGroup group, SecureRandom random) {
        if (!group.kind().isElliptic()) {
            throw new IllegalArgumentException(group + " is a finite field group (DheKeyShare)");
        }
        try {
            KeyPairGenerator kpg;
            Provider provider = providerFor(group);
            if (group.kind() == NamedGroup.Kind.EC) {
                kpg = provider == null ? KeyPairGenerator.getInstance("EC")
                        : KeyPairGenerator.getInstance("EC", provider);
                kpg.initialize(new ECGenParameterSpec(group.jcaName()), random);
            } else {
                kpg = provider == null ? KeyPairGenerator.getInstance("XDH")
                        : KeyPairGenerator.getInstance("XDH", provider);
                kpg.initialize(new NamedParameterSpec(group.jcaName()), random);
            }
            KeyPair kp = kpg.generateKeyPair();
            return new EcdheKeyShare(group, kp.getPrivate(), encode(group, kp.getPublic()), provider);
        } catch (GeneralSecurityException e) {
            // Only offered groups are generated, and the JDK provides all of them; a failure is our bug.
            throw new IllegalStateException("cannot generate a " + group.standardName() + " key pair", e);
        }
    }

    public NamedGroup group() {
        return group;
    }

    /**
     * The public value as sent in ServerKeyExchange/ClientKeyExchange (RFC 8422 5.4): uncompressed point
     * {@code 0x04 || X || Y} for EC, the RFC 7748 little-endian u-coordinate for XDH.
     */
    public byte[] publicValue() {
        return publicValue.clone();
    }

    /**
     * Validates the peer's public value (RFC 8422 5.11) and returns the premaster secret (RFC 8422 5.10: the
     * x-coordinate, {@code fieldLength} bytes, for EC; the 32/56-byte X25519/X448 output for XDH).
     *
     * @throws TlsAlertException ILLEGAL_PARAMETER for an invalid public value, INTERNAL_ERROR for a JCA failure
     */
    public byte[] agree(byte[] peerPublicValue) throws TlsAlertException {
        Objects.requireNonNull(peerPublicValue, "peerPublicValue");
        PublicKey peer = group.kind() == NamedGroup.Kind.EC ? decodeEc(peerPublicValue) : decodeXdh(peerPublicValue);
        KeyAgreement ka;
        try {
            String algorithm = group.kind() == NamedGroup.Kind.EC ? "ECDH" : "XDH";
            ka = provider == null ? KeyAgreement.getInstance(algorithm) : KeyAgreement.getInstance(algorithm, provider);
            ka.init(KeyShares.live(privateKey, this));
        } catch (GeneralSecurityException e) {
            throw TlsAlertException.internalError(group.standardName() + ": key agreement unavailable", e);
        }
        byte[] secret;
        try {
            ka.doPhase(peer, true);
            secret = ka.generateSecret();
        } catch (IllegalStateException e) {
            if (provider != null && group.kind() == NamedGroup.Kind.XDH) {
                // BouncyCastle's X25519 fails only when the output is all zero (small-order u): RFC 7748 6.1.
                throw illegal("public value gives an all-zero shared secret", e);
            }
            throw TlsAlertException.internalError(group.standardName() + ": key agreement failed", e);
        } catch (InvalidKeyException e) {
            if (group.kind() == NamedGroup.Kind.XDH) {
                // SunEC refuses small-order u-coordinates (all-zero output) here: RFC 7748 6.1.
                throw illegal("public value gives an all-zero shared secret", e);
            }
            throw TlsAlertException.internalError(group.standardName() + ": ECDH rejected a validated point", e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw TlsAlertException.internalError(group.standardName() + ": key agreement failed", e);
        }
        if (group.kind() == NamedGroup.Kind.XDH) {
            if (isAllZero(secret)) { // RFC 7748 6.1, RFC 8422 5.11: check for the all-zero value
                Arrays.fill(secret, (byte) 0);
                throw illegal("public value gives an all-zero shared secret", null);
            }
            return secret;
        }
        return fixedLength(secret, group.fieldLength());
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
        return "EcdheKeyShare[" + group.standardName() + "]";
    }

    // ---- EC (RFC 8422 5.4 encoding, 5.11 / SP 800-56A 5.6.2.3.4 partial validation) ----

    private PublicKey decodeEc(byte[] v) throws TlsAlertException {
        ECParameterSpec params = EcCurves.params(group);
        if (params == null) {
            throw TlsAlertException.internalError(group.standardName() + ": curve unavailable", null);
        }
        int fl = group.fieldLength();
        if (v.length == 1 && v[0] == 0) {
            throw illegal("public value is the point at infinity", null);
        }
        if (v.length > 0 && (v[0] == 2 || v[0] == 3)) {
            throw illegal("compressed point (RFC 8422 5.1.2: uncompressed only)", null);
        }
        if (v.length != 1 + 2 * fl) {
            throw illegal("public value length " + v.length + ", expected " + (1 + 2 * fl), null);
        }
        if (v[0] != 4) {
            throw illegal("point format 0x" + Integer.toHexString(v[0] & 0xff) + ", expected 0x04", null);
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(v, 1, 1 + fl));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(v, 1 + fl, 1 + 2 * fl));
        EllipticCurve curve = params.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw illegal("point coordinate not below the field prime", null);
        }
        // y^2 = x^3 + ax + b (mod p)
        BigInteger lhs = y.multiply(y).mod(p);
        BigInteger rhs = x.multiply(x).add(curve.getA()).multiply(x).add(curve.getB()).mod(p);
        if (!lhs.equals(rhs)) {
            throw illegal("point is not on the curve", null);
        }
        // The identity has no affine coordinates, so any point that passed the curve equation is not it; the NIST
        // and brainpool (RFC 5639 3) curves have cofactor 1, so no subgroup check is needed (SP 800-56A 5.6.2.3.4).
        try {
            Provider pr = EcCurves.provider(group);
            KeyFactory kf = pr == null ? KeyFactory.getInstance("EC") : KeyFactory.getInstance("EC", pr);
            return kf.generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
        } catch (GeneralSecurityException e) {
            throw TlsAlertException.internalError(group.standardName() + ": cannot build public key", e);
        }
    }

    // ---- XDH (RFC 7748 5) ----

    private PublicKey decodeXdh(byte[] v) throws TlsAlertException {
        if (v.length != group.fieldLength()) {
            throw illegal("public value length " + v.length + ", expected " + group.fieldLength(), null);
        }
        byte[] be = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            be[i] = v[v.length - 1 - i]; // little-endian on the wire
        }
        if (group == NamedGroup.X25519) {
            be[0] &= 0x7f; // RFC 7748 5: mask the most significant bit of the final byte for X25519
        }
        // RFC 7748 5: non-canonical values (u >= p) are accepted and reduced modulo p.
        BigInteger u = new BigInteger(1, be).mod(group == NamedGroup.X25519 ? P25519 : P448);
        try {
            if (provider != null) {
                // The same masked, reduced u, little-endian, as the provider's raw key (RFC 7748 5).
                byte[] canonical = new byte[v.length];
                putUnsigned(u, canonical, 0, canonical.length);
                byte[] reduced = new byte[v.length];
                for (int i = 0; i < v.length; i++) {
                    reduced[i] = canonical[v.length - 1 - i];
                }
                return KeyFactory.getInstance(group.jcaName(), provider).generatePublic(new RawEncodedKeySpec(reduced));
            }
            return KeyFactory.getInstance("XDH")
                    .generatePublic(new XECPublicKeySpec(new NamedParameterSpec(group.jcaName()), u));
        } catch (GeneralSecurityException e) {
            throw TlsAlertException.internalError(group.standardName() + ": cannot build public key", e);
        }
    }

    /** Wire encoding of a JDK public key of this group. */
    static byte[] encode(NamedGroup group, PublicKey key) {
        int fl = group.fieldLength();
        if (group.kind() == NamedGroup.Kind.EC) {
            ECPoint w = ((ECPublicKey) key).getW();
            byte[] out = new byte[1 + 2 * fl];
            out[0] = 4;
            putUnsigned(w.getAffineX(), out, 1, fl);
            putUnsigned(w.getAffineY(), out, 1 + fl, fl);
            return out;
        }
        byte[] be = new byte[fl];
        putUnsigned(((XECPublicKey) key).getU(), be, 0, fl);
        byte[] le = new byte[fl];
        for (int i = 0; i < fl; i++) {
            le[i] = be[fl - 1 - i];
        }
        return le;
    }

    /** Writes a non-negative integer big-endian into exactly {@code len} bytes, left-padded with zeros. */
    private static void putUnsigned(BigInteger v, byte[] dst, int off, int len) {
        byte[] b = v.toByteArray(); // may carry one leading sign byte
        int start = 0;
        while (b.length - start > len && b[start] == 0) {
            start++;
        }
        int n = b.length - start;
        if (n > len) {
            throw new IllegalStateException("value does not fit in " + len + " bytes");
        }
        System.arraycopy(b, start, dst, off + len - n, n);
    }

    /** RFC 8422 5.10: the premaster secret is the x-coordinate as exactly fieldLength bytes. */
    private static byte[] fixedLength(byte[] secret, int len) {
        if (secret.length == len) {
            return secret;
        }
        int start = 0;
        while (secret.length - start > len && secret[start] == 0) {
            start++;
        }
        int n = secret.length - start;
        if (n > len) {
            Arrays.fill(secret, (byte) 0);
            throw new IllegalStateException("ECDH output longer than the field");
        }
        byte[] out = new byte[len];
        System.arraycopy(secret, start, out, len - n, n);
        Arrays.fill(secret, (byte) 0);
        return out;
    }

    private static boolean isAllZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }

    private TlsAlertException illegal(String what, Throwable cause) {
        return new TlsAlertException(AlertDescription.ILLEGAL_PARAMETER,
                group.standardName() + " key share: " + what, cause);
    }
}
