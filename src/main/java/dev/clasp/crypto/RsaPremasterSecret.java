package dev.clasp.crypto;

import dev.clasp.alert.TlsAlertException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * The RSA key exchange premaster secret (RFC 5246 7.4.7.1): {@code client_version || random[46]}, encrypted
 * with RSAES-PKCS1-v1_5 under the server's certificate key.
 *
 * <p>Decryption never reveals whether the padding or the version was wrong (Bleichenbacher 1998, ROBOT 2017).
 * RFC 5246 7.4.7.1's countermeasure is followed exactly: a random 48-byte R is generated first, the ciphertext is
 * decrypted, and the result is R unless the message was a well-formed 48-byte PKCS#1 type 2 block carrying
 * {@code client_version}. A JCA {@code "RSA/ECB/PKCS1Padding"} decryption signals bad padding by throwing,
 * which is itself a timing difference, and SunJSSE's way round that ({@code TlsRsaPremasterSecret} with an
 * internal parameter spec) is not public API. So the private-key operation is the raw one
 * ({@code "RSA/ECB/NoPadding"}, blinded by SunRsaSign) and the PKCS#1 check, the version check and the choice
 * between the decrypted secret and R are one branch-free pass over fixed positions, the same instructions and
 * memory accesses whatever the plaintext. Encryption uses {@code "RSA/ECB/PKCS1Padding"}.
 */
public final class RsaPremasterSecret {
    /** RFC 5246 7.4.7.1: the premaster secret is 48 bytes. */
    public static final int LENGTH = 48;
    /** RFC 8017 7.2.1: at least 8 bytes of nonzero padding. */
    private static final int MIN_PADDING = 8;

    /** The raw RSA private-key operation: c^d mod n as exactly modulus-length bytes. A seam for tests. */
    @FunctionalInterface
    public interface RawDecryptor {
        byte[] decrypt(PrivateKey key, byte[] ciphertext) throws GeneralSecurityException;
    }

    /** JCA {@code "RSA/ECB/NoPadding"}. */
    public static final RawDecryptor JCA = (key, ciphertext) -> {
        Cipher c = Cipher.getInstance("RSA/ECB/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key);
        return c.doFinal(ciphertext);
    };

    private RsaPremasterSecret() {
    }

    /** A client's premaster secret and its encryption. */
    public record Encrypted(byte[] preMasterSecret, byte[] encrypted) {
        @Override
        public String toString() {
            return "RsaPremasterSecret.Encrypted[" + encrypted.length + "B]";
        }
    }

    /**
     * Client side: a fresh premaster secret for {@code clientVersion} (the version of the ClientHello, RFC 5246
     * 7.4.7.1) encrypted under {@code serverKey}.
     */
    public static Encrypted encrypt(PublicKey serverKey, int clientVersion, SecureRandom random)
            throws TlsAlertException {
        byte[] pms = new byte[LENGTH];
        random.nextBytes(pms);
        pms[0] = (byte) (clientVersion >>> 8);
        pms[1] = (byte) clientVersion;
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            c.init(Cipher.ENCRYPT_MODE, serverKey, random);
            return new Encrypted(pms, c.doFinal(pms));
        } catch (GeneralSecurityException | RuntimeException e) {
            Arrays.fill(pms, (byte) 0);
            throw TlsAlertException.internalError("cannot encrypt the premaster secret with the server's "
                    + serverKey.getAlgorithm() + " key", e);
        }
    }

    /**
     * Server side (RFC 5246 7.4.7.1): the premaster secret in {@code encrypted}, or a random one when it is not a
     * well-formed encryption of {@code clientVersion || 46 bytes}. Never fails for a bad ciphertext; the
     * difference shows only as a Finished that does not verify.
     *
     * @throws TlsAlertException INTERNAL_ERROR when the key cannot do a raw RSA decryption at all
     */
    public static byte[] decrypt(RawDecryptor rsa, PrivateKey key, byte[] encrypted, int clientVersion,
            SecureRandom random) throws TlsAlertException {
        // RFC 5246 7.4.7.1 step 1: generate a string R of 48 random bytes before anything else.
        byte[] r = new byte[LENGTH];
        random.nextBytes(r);
        if (!(key instanceof RSAKey rsaKey) || rsaKey.getModulus() == null) {
            throw TlsAlertException.internalError("server key is not an RSA key", null);
        }
        int k = (rsaKey.getModulus().bitLength() + 7) / 8;
        byte[] em = new byte[k];
        int publicFailure = 0;
        if (encrypted.length != k || k < LENGTH + 3 + MIN_PADDING) {
            // The ciphertext length and the modulus size are public: nothing is learnt from this branch.
            publicFailure = 1;
        } else {
            byte[] raw;
            try {
                raw = rsa.decrypt(key, encrypted);
            } catch (javax.crypto.BadPaddingException e) {
                // Raw RSA refuses only a ciphertext >= n, a public property of the ciphertext.
                raw = new byte[k];
                publicFailure = 1;
            } catch (GeneralSecurityException | RuntimeException e) {
                throw TlsAlertException.internalError("raw RSA decryption is not available for the server key", e);
            }
            // A provider may drop leading zero bytes; right-align into k bytes.
            int n = Math.min(raw.length, k);
            System.arraycopy(raw, raw.length - n, em, k - n, n);
            Arrays.fill(raw, (byte) 0);
        }
        byte[] out = select(em, r, clientVersion, publicFailure);
        Arrays.fill(em, (byte) 0);
        Arrays.fill(r, (byte) 0);
        return out;
    }

    /**
     * The constant-time part: checks {@code em = 00 02 PS(k-51 nonzero bytes) 00 M(48)} with M starting with the
     * two version bytes, and returns M when all of it holds, else {@code r}. No branch or index depends on em.
     */
    static byte[] select(byte[] em, byte[] r, int clientVersion, int publicFailure) {
        int k = em.length;
        int bad = publicFailure;
        bad |= em[0] & 0xFF;                       // 0x00
        bad |= (em[1] & 0xFF) ^ 0x02;              // block type 2
        int separator = k - LENGTH - 1;
        for (int i = 2; i < separator; i++) {
            bad |= isZero(em[i] & 0xFF);          // PS: nonzero bytes (at least 8, since k >= 59)
        }
        bad |= em[separator] & 0xFF;               // 0x00 before the 48-byte message
        int m = separator + 1;
        bad |= (em[m] & 0xFF) ^ ((clientVersion >>> 8) & 0xFF);   // RFC 5246 7.4.7.1: client_version
        bad |= (em[m + 1] & 0xFF) ^ (clientVersion & 0xFF);
        // mask = 0xFF when bad == 0, else 0x00, without a branch: (bad - 1) >> 31 is -1 only for bad == 0.
        int mask = ((bad - 1) >> 31) & 0xFF;
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = (byte) ((em[m + i] & mask) | (r[i] & ~mask));
        }
        return out;
    }

    /** 1 when {@code v} (0..255) is zero, else 0, without a branch. */
    private static int isZero(int v) {
        return ((v - 1) >>> 31) & 1;
    }
}
