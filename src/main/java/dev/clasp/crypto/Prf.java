package dev.clasp.crypto;

import dev.clasp.suite.PrfHash;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TLS 1.2 pseudo-random function (RFC 5246 5): {@code PRF(secret, label, seed) = P_<hash>(secret, label + seed)}
 * with the HMAC of the suite's PRF hash. A pure function; every call uses its own {@link Mac}.
 */
public final class Prf {
    private Prf() {
    }

    /**
     * Computes {@code length} bytes of {@code PRF(secret, label, seed)}.
     *
     * @param hash   the suite's PRF hash (RFC 5246 5: "SHA-256 ... unless the cipher suite says otherwise")
     * @param secret the secret (not modified)
     * @param label  an ASCII label such as {@code "master secret"}
     * @param seed   the seed (not modified)
     * @param length number of output bytes, {@code >= 0}
     */
    public static byte[] compute(PrfHash hash, byte[] secret, String label, byte[] seed, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length);
        }
        byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        byte[] labelSeed = new byte[labelBytes.length + seed.length];
        System.arraycopy(labelBytes, 0, labelSeed, 0, labelBytes.length);
        System.arraycopy(seed, 0, labelSeed, labelBytes.length, seed.length);
        try {
            return pHash(hash, secret, labelSeed, length);
        } finally {
            Arrays.fill(labelSeed, (byte) 0);
        }
    }

    /**
     * RFC 5246 5: P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) + HMAC_hash(secret, A(2) + seed) + ...
     * where A(0) = seed and A(i) = HMAC_hash(secret, A(i-1)).
     */
    private static byte[] pHash(PrfHash hash, byte[] secret, byte[] seed, int length) {
        Mac mac;
        try {
            mac = Mac.getInstance(hash.hmacAlgorithm());
            // HMAC pads its key with zeros to the block size (RFC 2104 2), so an empty secret equals a one-zero-byte
            // secret; SecretKeySpec refuses empty keys.
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, hash.hmacAlgorithm()));
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime must provide HmacSHA256/HmacSHA384.
            throw new IllegalStateException("no usable " + hash.hmacAlgorithm(), e);
        }
        byte[] out = new byte[length];
        byte[] a = seed;
        byte[] block = null;
        int off = 0;
        while (off < length) {
            byte[] next = mac.doFinal(a); // A(i)
            if (a != seed) {
                Arrays.fill(a, (byte) 0);
            }
            a = next;
            mac.update(a);
            mac.update(seed);
            block = mac.doFinal();
            int n = Math.min(block.length, length - off);
            System.arraycopy(block, 0, out, off, n);
            Arrays.fill(block, (byte) 0);
            off += n;
        }
        if (a != seed) {
            Arrays.fill(a, (byte) 0);
        }
        return out;
    }
}
