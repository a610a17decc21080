package dev.clasp.record;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.suite.BulkCipher;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The record layout GCM (RFC 5288 3) and CCM (RFC 6655 3) share: a 12-byte nonce made of the 4-byte salt from
 * the key block and an 8-byte explicit nonce sent at the start of each fragment (Clasp sends the record's sequence
 * number, so a nonce never repeats under one key), then ciphertext and tag. Fragment:
 * {@code nonce_explicit(8) || ciphertext || tag}. One {@link Cipher}, key spec and nonce/AAD array serve every
 * record; the only per-record allocation is the parameter spec (and the cipher's own per-init state). Whatever a
 * failed tag check may have left in dst is zero-filled before bad_record_mac is thrown.
 */
abstract sealed class SaltedNonceAead implements RecordProtection permits GcmProtection, CcmProtection {
    private static final int EXPLICIT_NONCE_LENGTH = 8;

    private final BulkCipher bulkCipher;
    private final boolean encrypt;
    private final Cipher cipher;
    private final int tagBits;
    private final int expansion;
    private final SecretKeySpec key;
    /**
     * The nonce, salt(4) || explicit(8), then the AAD at {@link #AAD_OFFSET}: one array rather than two, since a
     * connection keeps it (one per direction) for its life.
     */
    private final byte[] nonce = new byte[NONCE_LENGTH + AeadRecords.AAD_LENGTH];
    private static final int NONCE_LENGTH = 12;
    private static final int AAD_OFFSET = NONCE_LENGTH;
    /** Staging area for buffers without an accessible array (direct, read-only); made on first need, reused. */
    private byte[] scratch;

    /**
     * @param bulkCipher a cipher of {@code kind}
     * @param key        the write key (16 or 32 bytes; copied)
     * @param fixedIv    the 4-byte salt, client_write_IV or server_write_IV (copied)
     * @param encrypt    true to seal, false to open
     * @param cipher     the JCA cipher, used for this direction only
     */
    SaltedNonceAead(BulkCipher bulkCipher, BulkCipher.RecordProtectionKind kind, byte[] key, byte[] fixedIv,
            boolean encrypt, Cipher cipher) {
        if (bulkCipher.kind() != kind) {
            throw new IllegalArgumentException("not an " + kind + " cipher: " + bulkCipher);
        }
        if (key.length != bulkCipher.keyLength() || fixedIv.length != 4 || bulkCipher.fixedIvLength() != 4
                || bulkCipher.recordIvLength() != EXPLICIT_NONCE_LENGTH) {
            throw new IllegalArgumentException(bulkCipher + ": key or IV has the wrong length");
        }
        this.bulkCipher = bulkCipher;
        this.encrypt = encrypt;
        this.cipher = cipher;
        this.tagBits = bulkCipher.tagLength() * 8;
        this.expansion = EXPLICIT_NONCE_LENGTH + bulkCipher.tagLength();
        this.key = new SecretKeySpec(key, "AES");
        System.arraycopy(fixedIv, 0, nonce, 0, 4);
    }

    @Override
    public final int expansion() {
        return expansion;
    }

    @Override
    public final int seal(ContentType type, int version, long seq, ByteBuffer plaintext, ByteBuffer dst)
            throws GeneralSecurityException {
        if (!encrypt) {
            throw new IllegalStateException(getClass().getSimpleName() + " created for opening");
        }
        AeadRecords.checkSeal(plaintext, dst, expansion);
        int start = dst.position();
        AeadRecords.putLong(nonce, 4, seq); // RFC 5288 3 / RFC 6655 3: explicit nonce = seq_num (unique per key)
        AeadRecords.writeAad(nonce, AAD_OFFSET, seq, type, version, plaintext.remaining());
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(tagBits, nonce, 0, NONCE_LENGTH));
            cipher.updateAAD(nonce, AAD_OFFSET, AeadRecords.AAD_LENGTH);
            // Encrypt first, then write the explicit nonce: when dst starts where the plaintext does (in place),
            // writing the nonce first would overwrite plaintext not yet read.
            dst.position(start + EXPLICIT_NONCE_LENGTH);
            int n = doFinal(plaintext, dst);
            dst.put(start, nonce, 4, EXPLICIT_NONCE_LENGTH);
            return EXPLICIT_NONCE_LENGTH + n;
        } catch (GeneralSecurityException | RuntimeException e) {
            dst.position(start);
            throw e;
        }
    }

    @Override
    public final int open(ContentType type, int version, long seq, ByteBuffer fragment, ByteBuffer dst)
            throws TlsAlertException {
        if (encrypt) {
            throw new IllegalStateException(getClass().getSimpleName() + " created for sealing");
        }
        int fragmentStart = fragment.position();
        int dstStart = dst.position();
        int plaintextLength = AeadRecords.checkOpen(fragment, dst, expansion);
        // The explicit nonce is whatever the sender put in the record.
        fragment.get(fragmentStart, nonce, 4, EXPLICIT_NONCE_LENGTH);
        AeadRecords.writeAad(nonce, AAD_OFFSET, seq, type, version, plaintextLength);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(tagBits, nonce, 0, NONCE_LENGTH));
            cipher.updateAAD(nonce, AAD_OFFSET, AeadRecords.AAD_LENGTH);
            fragment.position(fragmentStart + EXPLICIT_NONCE_LENGTH);
            // SunJCE's GCM checks the tag before it releases plaintext into dst; a provider that does not (CCM
            // through BouncyCastle) may have written some: the catch below wipes it.
            int n = doFinal(fragment, dst);
            if (n != plaintextLength) {
                throw new IllegalStateException("unexpected AEAD output length");
            }
            return n;
        } catch (GeneralSecurityException | RuntimeException e) {
            AeadRecords.wipe(fragment, fragmentStart, dst, dstStart, plaintextLength);
            throw AeadRecords.badRecordMac();
        }
    }

    /**
     * {@code cipher.doFinal(in, out)} through the byte-array form, which allocates least: SunJCE's ByteBuffer form
     * makes views of heap buffers on every call, and for direct buffers (JDK 17 and 25) copies the data through
     * temporary arrays of its own, over 4 KB per 16 KiB record. Buffers with accessible arrays are used as they are
     * (the array form handles overlapping arrays); others are staged through one reusable array, processed in
     * place there and copied out after the cipher has finished (for an open: after the tag check). A failed open
     * zero-fills what it staged; a successful one leaves the plaintext it has just handed to the caller, as the
     * caller's own buffers do (wiping it cost a third pass over every record). Advances both positions as the
     * ByteBuffer form does.
     */
    private int doFinal(ByteBuffer in, ByteBuffer out) throws GeneralSecurityException {
        int len = in.remaining();
        if (in.hasArray() && out.hasArray()) {
            int n = cipher.doFinal(in.array(), in.arrayOffset() + in.position(), len,
                    out.array(), out.arrayOffset() + out.position());
            in.position(in.position() + len);
            out.position(out.position() + n);
            return n;
        }
        if (scratch == null || scratch.length < len + expansion) {
            scratch = new byte[Math.max(len + expansion, (1 << 14) + 2048)]; // RFC 5246 6.2.3: largest fragment
        }
        byte[] b = scratch;
        in.get(b, 0, len);
        boolean delivered = false;
        try {
            int n = cipher.doFinal(b, 0, len, b, 0); // in place at the same offset: allowed by Cipher
            out.put(b, 0, n);
            delivered = true;
            return n;
        } finally {
            if (!encrypt && !delivered) {
                // SunJCE leaves an in-place decryption that failed its tag check in the array: never keep it.
                Arrays.fill(b, 0, len, (byte) 0);
            }
        }
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[" + bulkCipher + ", " + (encrypt ? "seal" : "open") + "]";
    }
}
