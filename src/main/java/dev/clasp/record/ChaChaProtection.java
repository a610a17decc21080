package dev.clasp.record;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.suite.BulkCipher;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ChaCha20-Poly1305 record protection for TLS 1.2 (RFC 7905 2, RFC 8439). The 12-byte nonce is the fixed IV
 * from the key block XORed with the 64-bit sequence number, big-endian and left-padded with zeros; there is no
 * explicit nonce, so a fragment is {@code ciphertext || tag(16)}. Additional data as RFC 5246 6.2.3.3.
 *
 * <p>One {@link Cipher} (SunJCE when available), one key spec and one nonce/AAD array are reused for every record;
 * the only per-record allocation is the {@link IvParameterSpec}.
 */
public final class ChaChaProtection implements RecordProtection {
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_LENGTH = 16;

    private final BulkCipher bulkCipher;
    private final boolean encrypt;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] fixedIv;
    private final byte[] nonce = new byte[NONCE_LENGTH];
    private final byte[] aad = new byte[AeadRecords.AAD_LENGTH];
    /** Staging area for buffers without an accessible array (direct, read-only); grown once, then reused. */
    private byte[] scratch;
    private ByteBuffer scratchView;

    /**
     * @param cipher  the ChaCha20-Poly1305 bulk cipher
     * @param key     the 32-byte write key (copied)
     * @param fixedIv the 12-byte client_write_IV or server_write_IV (copied)
     * @param encrypt true to seal, false to open
     */
    public ChaChaProtection(BulkCipher cipher, byte[] key, byte[] fixedIv, boolean encrypt) {
        if (cipher.kind() != BulkCipher.RecordProtectionKind.CHACHA20_POLY1305) {
            throw new IllegalArgumentException("not a ChaCha20-Poly1305 cipher: " + cipher);
        }
        if (key.length != cipher.keyLength() || fixedIv.length != NONCE_LENGTH || cipher.fixedIvLength() != NONCE_LENGTH
                || cipher.recordIvLength() != 0 || cipher.tagLength() != TAG_LENGTH) {
            throw new IllegalArgumentException(cipher + ": key or IV has the wrong length");
        }
        this.bulkCipher = cipher;
        this.encrypt = encrypt;
        this.cipher = AeadRecords.newCipher("ChaCha20-Poly1305");
        this.key = new SecretKeySpec(key, "ChaCha20");
        this.fixedIv = fixedIv.clone();
    }

    @Override
    public int expansion() {
        return TAG_LENGTH;
    }

    @Override
    public int seal(ContentType type, int version, long seq, ByteBuffer plaintext, ByteBuffer dst)
            throws GeneralSecurityException {
        if (!encrypt) {
            throw new IllegalStateException("ChaChaProtection created for opening");
        }
        AeadRecords.checkSeal(plaintext, dst, TAG_LENGTH);
        int start = dst.position();
        setNonce(seq);
        AeadRecords.writeAad(aad, seq, type, version, plaintext.remaining());
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
            cipher.updateAAD(aad);
            if (plaintext.hasArray() && dst.hasArray()) {
                return cipher.doFinal(plaintext, dst);
            }
            int n = plaintext.remaining();
            byte[] b = scratch(n + TAG_LENGTH);
            plaintext.get(b, 0, n);
            int c = cipher.doFinal(b, 0, n, b, 0); // in place at the same offset: allowed by Cipher
            dst.put(b, 0, c);
            return c;
        } catch (GeneralSecurityException | RuntimeException e) {
            dst.position(start);
            throw e;
        }
    }

    @Override
    public int open(ContentType type, int version, long seq, ByteBuffer fragment, ByteBuffer dst)
            throws TlsAlertException {
        if (encrypt) {
            throw new IllegalStateException("ChaChaProtection created for sealing");
        }
        int fragmentStart = fragment.position();
        int dstStart = dst.position();
        int plaintextLength = AeadRecords.checkOpen(fragment, dst, TAG_LENGTH);
        setNonce(seq);
        AeadRecords.writeAad(aad, seq, type, version, plaintextLength);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
            cipher.updateAAD(aad);
            // SunJCE verifies the Poly1305 tag before it writes any plaintext into dst.
            // JDK 17's SunJCE copies the whole input twice (over 32 KB per 16 KB record) when decrypting from a
            // non-zero array offset, which a fragment after its 5-byte record header always has, and allocates
            // temporary arrays for direct buffers. So the ciphertext is staged at offset 0 of one reusable array
            // (one copy, no allocation), and decrypted from there straight into the caller's heap buffer, or in
            // place when the destination has no accessible array.
            int len = fragment.remaining();
            byte[] b = scratch(len);
            fragment.get(b, 0, len);
            int n;
            if (dst.hasArray()) {
                n = cipher.doFinal(scratchView(len), dst);
            } else {
                n = cipher.doFinal(b, 0, len, b, 0);
                dst.put(b, 0, n);
            }
            if (n != plaintextLength) {
                throw new IllegalStateException("unexpected ChaCha20-Poly1305 output length");
            }
            return n;
        } catch (GeneralSecurityException | RuntimeException e) {
            AeadRecords.wipe(fragment, fragmentStart, dst, dstStart, plaintextLength);
            forgetNonce();
            throw AeadRecords.badRecordMac();
        }
    }

    /**
     * JDK 17's SunJCE refuses to initialise ChaCha20-Poly1305 with the key and nonce of its previous
     * initialisation, in either mode. After a failed open, re-initialise with a nonce that no sequence number
     * can produce (the first four bytes differ from the fixed IV's), so the same sequence number can be tried
     * again and gets a real tag check rather than an init refusal.
     */
    private void forgetNonce() {
        System.arraycopy(fixedIv, 0, nonce, 0, NONCE_LENGTH);
        nonce[0] ^= (byte) 0x80;
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
        } catch (GeneralSecurityException | RuntimeException ignored) {
            // Best effort: the next open re-initialises anyway.
        }
    }

    /**
     * JDK 17's SunJCE ChaCha20-Poly1305 has no ByteBuffer path of its own: for a direct buffer the generic
     * {@code CipherSpi} code allocates temporary arrays on every call (over 100 KB per 16 KB record, seal + open).
     * Staging through one reusable array instead costs two copies and no allocation.
     */
    private byte[] scratch(int n) {
        if (scratch == null || scratch.length < n) {
            scratch = new byte[Math.max(n, (1 << 14) + 2048)]; // RFC 5246 6.2.3: largest TLSCiphertext fragment
            scratchView = ByteBuffer.wrap(scratch);
        }
        return scratch;
    }

    /** The scratch array's first {@code n} bytes as a buffer (one wrapper, reused). */
    private ByteBuffer scratchView(int n) {
        return scratchView.limit(n).position(0);
    }

    /** RFC 7905 2: nonce = fixed IV XOR (0^32 || seq_num as 64-bit big-endian). */
    private void setNonce(long seq) {
        System.arraycopy(fixedIv, 0, nonce, 0, NONCE_LENGTH);
        for (int i = 0; i < 8; i++) {
            nonce[NONCE_LENGTH - 1 - i] ^= (byte) (seq >>> (8 * i));
        }
    }

    @Override
    public String toString() {
        return "ChaChaProtection[" + bulkCipher + ", " + (encrypt ? "seal" : "open") + "]";
    }
}
