package dev.clasp.crypto;

import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.SignatureScheme;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Signing and verification for TLS 1.2 digitally-signed structs (RFC 5246 4.7, 7.4.1.4.1; RFC 8422 5.4;
 * RFC 8446 4.2.3 scheme code points) through JCA {@link Signature}. ECDSA signatures are DER
 * (RFC 8422 5.4 ECDSA-Sig-Value), as JCA produces them.
 */
public final class Signatures {
    private Signatures() {
    }

    /**
     * Signs {@code data} with {@code scheme}.
     *
     * @throws InvalidKeyException if the key does not fit the scheme ({@link #keyFits})
     */
    public static byte[] sign(SignatureScheme s, PrivateKey key, byte[] data, SecureRandom random)
            throws GeneralSecurityException {
        if (!keyFits(s, key)) {
            throw new InvalidKeyException(key.getAlgorithm() + " key does not fit " + s.standardName());
        }
        Signature sig = newSignature(s, false);
        sig.initSign(key, random);
        sig.update(data);
        return sig.sign();
    }

    /** Whether {@code signature} is a valid {@code scheme} signature of {@code data}; false on any failure. */
    public static boolean verify(SignatureScheme s, PublicKey key, byte[] data, byte[] signature) {
        if (s == null || key == null || data == null || signature == null || !keyFits(s, key)) {
            return false;
        }
        // RFC 8032 5.1.7 / 5.2.7: an EdDSA signature is exactly 64 / 114 bytes. SunEC ignores extra trailing
        // bytes, which would make signatures malleable.
        if ((s == SignatureScheme.ED25519 && signature.length != 64)
                || (s == SignatureScheme.ED448 && signature.length != 114)) {
            return false;
        }
        try {
            Signature sig = newSignature(s, true);
            sig.initVerify(key);
            sig.update(data);
            return sig.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // Malformed DER, wrong length, provider refusal: all just "not a valid signature".
            return false;
        }
    }

    /**
     * Whether {@code key} (public or private) belongs to the family {@code scheme} signs with: an EC key on a
     * supported NIST curve for ECDSA (TLS 1.2 does not bind curve to hash, RFC 8422 5.10), an {@code "RSA"} key
     * large enough for the padding for rsa_pss_rsae_* / rsa_pkcs1_*, an {@code "RSASSA-PSS"} key for rsa_pss_pss_*, an Ed25519/Ed448 key for ed25519/ed448.
     */
    public static boolean keyFits(SignatureScheme s, Key key) {
        if (s == null || key == null) {
            return false;
        }
        return switch (s.keyType()) {
            case EC -> ecdsaCurve(key) != null;
            case RSA -> "RSA".equalsIgnoreCase(key.getAlgorithm()) && key instanceof RSAKey rsa
                    && rsa.getModulus() != null && rsaFits(s, rsa.getModulus().bitLength());
            case EDDSA -> edCurve(key).equalsIgnoreCase(s.jcaAlgorithm());
            case RSASSA_PSS -> "RSASSA-PSS".equalsIgnoreCase(key.getAlgorithm()) && key instanceof RSAKey rsa
                    && rsa.getModulus() != null && rsaFits(s, rsa.getModulus().bitLength()) && pssParamsAllow(s, rsa);
            case DSA -> "DSA".equalsIgnoreCase(key.getAlgorithm()) && key instanceof DSAKey dsa && dsa.getParams() != null;
        };
    }

    /**
     * The NIST curve (secp256r1/384r1/521r1) of an EC key, found by its exact domain parameters, or {@code null}
     * for any other key. ECDSA with brainpool keys (RFC 7027 certificates) is not supported: the JDK 17+ SunEC
     * cannot sign or verify on those curves, so such a certificate is never chosen, and refused from a peer.
     */
    public static NamedGroup ecdsaCurve(Key key) {
        if (!(key instanceof ECKey ec)) {
            return null;
        }
        NamedGroup g = EcCurves.groupOf(ec.getParams());
        return g == null || g.isBrainpool() ? null : g;
    }

    /**
     * RFC 4055 3.1 / RFC 8446 4.2.3: an id-RSASSA-PSS key whose SPKI carries parameters may only be used with
     * that hash, MGF1 with the same hash and a salt at least as long; a key without parameters fits any hash.
     */
    private static boolean pssParamsAllow(SignatureScheme s, RSAKey key) {
        if (!(key.getParams() instanceof PSSParameterSpec p)) {
            return key.getParams() == null;
        }
        return sameHash(p.getDigestAlgorithm(), s.hashAlgorithm())
                && "MGF1".equalsIgnoreCase(p.getMGFAlgorithm())
                && p.getMGFParameters() instanceof MGF1ParameterSpec m && sameHash(m.getDigestAlgorithm(), s.hashAlgorithm())
                && p.getSaltLength() <= s.hashLength() && p.getTrailerField() == 1;
    }

    private static boolean sameHash(String a, String b) {
        return a.replace("-", "").equalsIgnoreCase(b.replace("-", ""));
    }

    private static boolean rsaFits(SignatureScheme s, int modBits) {
        int hLen = s.hashLength();
        if (s.isPss()) {
            // RFC 8017 9.1.1: emLen = ceil((modBits - 1) / 8) must be >= hLen + sLen + 2, and TLS uses sLen = hLen.
            int emLen = (modBits - 1 + 7) / 8;
            return emLen >= 2 * hLen + 2;
        }
        // RFC 8017 9.2: k >= tLen + 11, where T is the DigestInfo (19-byte prefix for SHA-2) plus the hash.
        int k = (modBits + 7) / 8;
        return k >= 19 + hLen + 11;
    }

    /** "Ed25519", "Ed448" or "" for an EdDSA key, whether the provider names it "EdDSA" or by curve. */
    private static String edCurve(Key key) {
        String alg = key.getAlgorithm();
        if ("Ed25519".equalsIgnoreCase(alg) || "Ed448".equalsIgnoreCase(alg)) {
            return alg;
        }
        if ("EdDSA".equalsIgnoreCase(alg) && key instanceof EdECKey ed && ed.getParams() != null) {
            return ed.getParams().getName();
        }
        return "";
    }

    private static Signature newSignature(SignatureScheme s, boolean verify) throws GeneralSecurityException {
        // ECDSA verification (public inputs only) through BouncyCastle, signing through the default (SunEC): see
        // JcaChoice for the measurements behind both choices.
        Signature sig = verify && s.keyType() == SignatureScheme.KeyType.EC
                ? Signature.getInstance(s.jcaAlgorithm(), JcaChoice.bouncyCastle())
                : Signature.getInstance(s.jcaAlgorithm());
        if (s.isPss()) {
            // RFC 8446 4.2.3: MGF1 with the same hash, salt length = hash length, trailer field 1.
            String h = s.hashAlgorithm();
            sig.setParameter(new PSSParameterSpec(h, "MGF1", new MGF1ParameterSpec(h), s.hashLength(), 1));
        }
        return sig;
    }
}
