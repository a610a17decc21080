package dev.clasp.record;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.suite.BulkCipher;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * AES-CCM and AES-CCM_8 record protection for TLS 1.2 (RFC 6655 3, RFC 7251). As for GCM, the 12-byte nonce is the
 * 4-byte salt from the key block followed by the 8-byte explicit nonce sent at the start of each fragment (Clasp
 * uses the sequence number); the tag is 16 or 8 bytes. Fragment: {@code nonce_explicit(8) || ciphertext || tag}.
 *
 * <p>The JDK has no CCM, so the cipher comes from BouncyCastle's provider ("AES/CCM/NoPadding"); an installed
 * provider that has CCM is used first. Whatever a failed tag check may have left in dst is zero-filled before
 * bad_record_mac is thrown.
 */
public final class CcmProtection implements RecordProtection {
    private static final int EXPLICIT_NONCE_LENGTH = 8;

    private final int tagLength;
    private final int expansion;
    private final BulkCipher bulkCipher;
    private final boolean encrypt;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[12]; // salt(4) || explicit(8)
    private final byte[] aad = new byte[AeadRecords.AAD_LENGTH];

    /**
     * @param cipher  an AES-CCM bulk cipher
     * @param key     the write key (16 or 32 bytes; copied)
     * @param fixedIv the 4-byte salt, client_write_IV or server_write_IV (copied)
     * @param encrypt true to seal, false to open
     */
    public CcmProtection(BulkCipher cipher, byte[] key, byte[] fixedIv, boolean encrypt) {
        if (cipher.kind() != BulkCipher.RecordProtectionKind.AES_CCM) {
            throw new IllegalArgumentException("not an AES-CCM cipher: " + cipher);
        }
        if (key.length != cipher.keyLength() || fixedIv.length != 4 || cipher.fixedIvLength() != 4
                || cipher.recordIvLength() != EXPLICIT_NONCE_LENGTH) {
            throw new IllegalArgumentException(cipher + ": key or IV has the wrong length");
        }
        this.bulkCipher = cipher;
        this.encrypt = encrypt;
        this.tagLength = cipher.tagLength();
        this.expansion = EXPLICIT_NONCE_LENGTH + tagLength;
        this.cipher = newCcmCipher();
        this.key = new SecretKeySpec(key, "AES");
        System.arraycopy(fixedIv, 0, nonce, 0, 4);
    }

    /** An installed provider's CCM, else BouncyCastle's (a runtime dependency of Clasp). */
    private static Cipher newCcmCipher() {
        try {
            try {
                return Cipher.getInstance("AES/CCM/NoPadding");
            } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
                return Cipher.getInstance("AES/CCM/NoPadding", Bc.PROVIDER);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no AES/CCM/NoPadding cipher", e);
        }
    }

    /** One stateless provider object, built on first use (building one costs milliseconds). */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    @Override
    public int expansion() {
        return expansion;
    }

    @Override
    public int seal(ContentType type, int version, long seq, ByteBuffer plaintext, ByteBuffer dst)
            throws GeneralSecurityException {
        if (!encrypt) {
            throw new IllegalStateException("CcmProtection created for opening");
        }
        AeadRecords.checkSeal(plaintext, dst, expansion);
        int start = dst.position();
        AeadRecords.putLong(nonce, 4, seq); // RFC 6655 3: nonce_explicit, here seq_num (unique per key)
        AeadRecords.writeAad(aad, seq, type, version, plaintext.remaining());
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(tagLength * 8, nonce));
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
            throw new IllegalStateException("CcmProtection created for sealing");
        }
        int fragmentStart = fragment.position();
        int dstStart = dst.position();
        int plaintextLength = AeadRecords.checkOpen(fragment, dst, expansion);
        // RFC 6655 3: the explicit nonce is whatever the sender put in the record.
        fragment.get(fragmentStart, nonce, 4, EXPLICIT_NONCE_LENGTH);
        AeadRecords.writeAad(aad, seq, type, version, plaintextLength);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(tagLength * 8, nonce));
            cipher.updateAAD(aad);
            fragment.position(fragmentStart + EXPLICIT_NONCE_LENGTH);
            // On a bad tag the provider may already have written into dst: the catch below wipes it.
            int n = cipher.doFinal(fragment, dst);
            if (n != plaintextLength) {
                throw new IllegalStateException("unexpected CCM output length");
            }
            return n;
        } catch (GeneralSecurityException | RuntimeException e) {
            AeadRecords.wipe(fragment, fragmentStart, dst, dstStart, plaintextLength);
            throw AeadRecords.badRecordMac();
        }
    }

    @Override
    public String toString() {
        return "CcmProtection[" + bulkCipher + ", " + (encrypt ? "seal" : "open") + "]";
    }
}
