package dev.clasp.record;

import dev.clasp.suite.BulkCipher;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import dev.clasp.crypto.JcaChoice;

/**
 * AES-CCM and AES-CCM_8 record protection for TLS 1.2 (RFC 6655 3, RFC 7251): the GCM layout of
 * {@link SaltedNonceAead} with a 16- or 8-byte tag. The JDK has no CCM, so the cipher comes from BouncyCastle's
 * provider ("AES/CCM/NoPadding"); an installed provider that has CCM is used first.
 */
public final class CcmProtection extends SaltedNonceAead {
    /**
     * @param cipher  an AES-CCM bulk cipher (16- or 8-byte tag)
     * @param key     the write key (16 or 32 bytes; copied)
     * @param fixedIv the 4-byte salt, client_write_IV or server_write_IV (copied)
     * @param encrypt true to seal, false to open
     */
    public CcmProtection(BulkCipher cipher, byte[] key, byte[] fixedIv, boolean encrypt) {
        super(cipher, BulkCipher.RecordProtectionKind.AES_CCM, key, fixedIv, encrypt, newCcmCipher());
    }

    /** An installed provider's CCM, else BouncyCastle's (a runtime dependency of Clasp). */
    private static Cipher newCcmCipher() {
        try {
            try {
                return Cipher.getInstance("AES/CCM/NoPadding");
            } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
                return Cipher.getInstance("AES/CCM/NoPadding", JcaChoice.bouncyCastle());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no AES/CCM/NoPadding cipher", e);
        }
    }
}
