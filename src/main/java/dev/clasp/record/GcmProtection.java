package dev.clasp.record;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.suite.BulkCipher;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM record protection for TLS 1.2 (RFC 5288 3, RFC 5246 6.2.3.3). The 12-byte nonce is the 4-byte salt
 * from the key block followed by the 8-byte explicit nonce, which is sent at the start of each fragment; Clasp
 * uses the record's sequence number as explicit nonce, so a nonce never repeats under one key. Fragment:
 * {@code nonce_explicit(8) || ciphertext || tag(16)}.
 *
 * <p>One {@link Cipher} (SunJCE when available: AES-NI/CLMUL intrinsics), one key spec and one nonce/AAD array are
 * reused for every record; the only per-record allocation is the {@link GCMParameterSpec}.
 */
public final class GcmProtection implements RecordProtection {
    private static final int EXPLICIT_NONCE_LENGTH = 8;
    private static final int TAG_LENGTH = 16;
    private static final int EXPANSION = EXPLICIT_NONCE_LENGTH + TAG_LENGTH;

    private final BulkCipher bulkCipher;
    private final boolean encrypt;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[12]; // salt(4) || explicit(8)
    private final byte[] aad = new byte[AeadRecords.AAD_LENGTH];

    /**
     * @param cipher  an AES-GCM bulk cipher
     * @param key     the write key (16 or 32 bytes; copied)
     * @param fixedIv the 4-byte salt, client_write_IV or server_write_IV (copied)
     * @param encrypt true to seal, false to open
     */
    public GcmProtection(BulkCipher cipher, byte[] key, byte[] fixedIv, boolean encrypt) {
        if (cipher.kind() != BulkCipher.RecordProtectionKind.AES_GCM) {
            throw new IllegalArgumentException("not an AES-GCM cipher: " + cipher);
        }
        if (key.length != cipher.keyLength() || fixedIv.length != cipher.fixedIvLength()
                || cipher.recordIvLength() != EXPLICIT_NONCE_LENGTH || cipher.tagLength() != TAG_LENGTH) {
            throw new IllegalArgumentException(cipher + ": key or IV has the wrong length");
        }
        this.bulkCipher = cipher;
        this.encrypt = encrypt;
        this.cipher = AeadRecords.newCipher("AES/GCM/NoPadding");
        this.key = new SecretKeySpec(key, "AES");
        System.arraycopy(fixedIv, 0, nonce, 0, 4);
    }

    @Override
    public int expansion() {
        return EXPANSION;
    }

    @Override
    public int seal(ContentType type, int version, long seq, ByteBuffer plaintext, ByteBuffer dst)
            throws GeneralSecurityException {
        if (!encrypt) {
            throw new IllegalStateException("GcmProtection created for opening");
        }
        AeadRecords.checkSeal(plaintext, dst, EXPANSION);
        int start = dst.position();
        AeadRecords.putLong(nonce, 4, seq); // RFC 5288 3: explicit nonce = seq_num (unique per key)
        AeadRecords.writeAad(aad, seq, type, version, plaintext.remaining());
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            cipher.updateAAD(aad);
            // Encrypt first, then write the explicit nonce: when dst starts where the plaintext does (in place),
            // writing the nonce first would overwrite plaintext not yet read.
            dst.position(start + EXPLICIT_NONCE_LENGTH);
            int n = cipher.doFinal(plaintext, dst);
            dst.put(start, nonce, 4, EXPLICIT_NONCE_LENGTH);
            return EXPLICIT_NONCE_LENGTH + n;
        } catch (GeneralSecurityException | RuntimeException e) {
            dst.position(start);
            throw e;
        }
    }

    @Override
    public int open(ContentType type, int version, long seq, ByteBuffer fragment, ByteBuffer dst)
            throws TlsAlertException {
        if (encrypt) {
            throw new IllegalStateException("GcmProtection created for sealing");
        }
        int fragmentStart = fragment.position();
        int dstStart = dst.position();
        int plaintextLength = AeadRecords.checkOpen(fragment, dst, EXPANSION);
        // RFC 5288 3: the explicit nonce is whatever the sender put in the record.
        fragment.get(fragmentStart, nonce, 4, EXPLICIT_NONCE_LENGTH);
        AeadRecords.writeAad(aad, seq, type, version, plaintextLength);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            cipher.updateAAD(aad);
            fragment.position(fragmentStart + EXPLICIT_NONCE_LENGTH);
            // SunJCE checks the tag before it releases any plaintext into dst.
            int n = cipher.doFinal(fragment, dst);
            if (n != plaintextLength) {
                throw new IllegalStateException("unexpected GCM output length");
            }
            return n;
        } catch (GeneralSecurityException | RuntimeException e) {
            AeadRecords.wipe(fragment, fragmentStart, dst, dstStart, plaintextLength);
            throw AeadRecords.badRecordMac();
        }
    }

    @Override
    public String toString() {
        return "GcmProtection[" + bulkCipher + ", " + (encrypt ? "seal" : "open") + "]";
    }
}
