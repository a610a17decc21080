package dev.clasp.record;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.suite.BulkCipher;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Protection of record fragments in one direction (RFC 5246 6.2.3) with keys fixed at construction. The caller
 * owns the 64-bit sequence number and the 5-byte record header; a ChangeCipherSpec installs a new object and
 * resets the number to 0 (RFC 5246 6.1). Implementations are not thread-safe: one per direction per connection.
 */
public interface RecordProtection {
    /**
     * Most bytes a protected fragment adds to its plaintext (explicit nonce + tag; IV + MAC + padding for CBC; the
     * MAC for the NULL cipher); 0 for {@link NullProtection}.
     */
    int expansion();

    /**
     * Most bytes a peer's protected fragment may add to its plaintext: {@link #expansion()} for AEAD; for CBC the
     * IV, the MAC and up to 256 bytes of padding (RFC 5246 6.2.3.2), since a peer need not pad minimally.
     */
    default int maxExpansion() {
        return expansion();
    }

    /**
     * Room open() needs in dst for a fragment of {@code fragmentLength} bytes: an upper bound of its plaintext.
     * AEAD: exactly the fragment minus {@link #expansion()}. CBC overrides it (its padding varies) with a bound
     * capped at {@code maxPlaintext}, reporting record_overflow for a longer plaintext.
     */
    default int plaintextBound(int fragmentLength, int maxPlaintext) {
        return Math.max(0, fragmentLength - expansion());
    }

    /**
     * Protects plaintext[position, limit) into dst at dst.position() as a TLSCiphertext fragment (no 5-byte header).
     * Advances plaintext.position to limit and dst.position by the fragment length, which it returns.
     * Caller guarantees dst.remaining() >= plaintext.remaining() + expansion(). The two buffers may share memory
     * (in-place encryption).
     *
     * @param type    the record's content type (part of the AEAD additional data, RFC 5246 6.2.3.3)
     * @param version the record's wire version, e.g. 0x0303
     * @param seq     the record's sequence number; must never repeat for one object
     */
    int seal(ContentType type, int version, long seq, ByteBuffer plaintext, ByteBuffer dst)
            throws GeneralSecurityException;

    /**
     * Opens fragment[position, limit) into dst at dst.position(); returns the plaintext length and advances both.
     * Caller guarantees dst.remaining() >= fragment.remaining() - expansion() (when that is >= 0). The two buffers
     * may share memory (in-place decryption).
     * Any failure (too short, bad tag, ...) throws TlsAlertException(BAD_RECORD_MAC) with the same message whatever
     * the cause (RFC 5246 6.2.3.3, 2.9 of ENGINEERING), and leaves dst's position unchanged with any bytes that may
     * have been written zero-filled; fragment's position is restored too. Unverified plaintext is never handed out.
     */
    int open(ContentType type, int version, long seq, ByteBuffer fragment, ByteBuffer dst) throws TlsAlertException;

    /**
     * The AEAD protection for {@code cipher}: {@link GcmProtection} (RFC 5288) or {@link ChaChaProtection}
     * (RFC 7905) by {@link BulkCipher#kind()}. {@code encrypt} selects sealing or opening; the arrays are copied.
     */
    static RecordProtection forCipher(BulkCipher cipher, byte[] key, byte[] fixedIv, boolean encrypt) {
        return switch (cipher.kind()) {
            case AES_GCM -> new GcmProtection(cipher, key, fixedIv, encrypt);
            case CHACHA20_POLY1305 -> new ChaChaProtection(cipher, key, fixedIv, encrypt);
            case AES_CCM -> new CcmProtection(cipher, key, fixedIv, encrypt);
            case AES_CBC, NULL_HMAC -> throw new IllegalArgumentException(cipher + " needs MAC keys: use the MAC overload");
        };
    }

    /**
     * The protection for any {@code cipher}: the AEAD ones as above, {@link CbcHmacProtection} for CBC with
     * {@code macKey}, RFC 7366 encrypt-then-MAC when {@code encryptThenMac}, and explicit IVs from {@code random};
     * {@link NullCipherProtection} for the NULL ciphers (RFC 7366 covers block ciphers only, so
     * {@code encryptThenMac} must be false for them).
     */
    static RecordProtection forCipher(BulkCipher cipher, byte[] macKey, byte[] key, byte[] fixedIv, boolean encrypt,
            boolean encryptThenMac, SecureRandom random) {
        if (cipher.isCbc()) {
            return new CbcHmacProtection(cipher, macKey, key, encrypt, encryptThenMac, random);
        }
        if (cipher.isNull()) {
            if (encryptThenMac) {
                throw new IllegalArgumentException("encrypt-then-MAC applies to CBC only (RFC 7366 2): " + cipher);
            }
            return new NullCipherProtection(cipher, macKey, encrypt);
        }
        return forCipher(cipher, key, fixedIv, encrypt);
    }
}
