package dev.clasp.record;

import dev.clasp.suite.BulkCipher;

/**
 * AES-GCM record protection for TLS 1.2 (RFC 5288 3, RFC 5246 6.2.3.3): salt(4) || explicit nonce(8) and a
 * 16-byte tag, as laid out by {@link SaltedNonceAead}. The cipher is the first installed "AES/GCM/NoPadding" (SunJCE
 * when available: AES-NI/CLMUL intrinsics).
 */
public final class GcmProtection extends SaltedNonceAead {
    /**
     * @param cipher  an AES-GCM bulk cipher
     * @param key     the write key (16 or 32 bytes; copied)
     * @param fixedIv the 4-byte salt, client_write_IV or server_write_IV (copied)
     * @param encrypt true to seal, false to open
     */
    public GcmProtection(BulkCipher cipher, byte[] key, byte[] fixedIv, boolean encrypt) {
        super(cipher, BulkCipher.RecordProtectionKind.AES_GCM, key, fixedIv, encrypt,
                AeadRecords.newCipher("AES/GCM/NoPadding"));
        if (cipher.tagLength() != 16) {
            throw new IllegalArgumentException(cipher + ": GCM in TLS has a 16-byte tag");
        }
    }
}
