package dev.clasp.record;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.suite.BulkCipher;
import dev.clasp.suite.MacAlgorithm;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * TLS 1.2 block-cipher record protection: AES-CBC with HMAC (RFC 5246 6.2.3.2), MAC-then-encrypt by default or
 * encrypt-then-MAC when RFC 7366 was negotiated.
 *
 * <p>MAC-then-encrypt fragment: {@code IV(16) || E(content || MAC(seq || type || version || length || content) ||
 * padding)}; encrypt-then-MAC fragment: {@code IV || E(content || padding) || MAC(seq || type || version ||
 * length(IV + ciphertext) || IV || ciphertext)} (RFC 7366 3). Each record's IV comes from the connection's
 * {@link SecureRandom} (RFC 5246 6.2.3.2: "SHOULD be chosen at random"); padding is minimal.
 *
 * <p>Opening a MAC-then-encrypt record is constant-time in the padding (Lucky Thirteen, AlFardan and Paterson
 * 2013): the padding is checked over a fixed window without an early exit; a bad padding is treated as none; the
 * MAC hashes the same number of compression-function blocks whatever the padding length, by feeding the HMAC
 * dummy blocks after the real MAC; MACs are compared with {@link MessageDigest#isEqual}; and every failure is the
 * same {@code bad_record_mac} with one message (RFC 5246 6.2.3.2, ENGINEERING 2.9).
 *
 * <p>One {@link Cipher}, one {@link Mac} and one work buffer per object (that is, per direction) serve every
 * record; the only per-record allocation is the {@link IvParameterSpec}.
 */
public final class CbcHmacProtection implements RecordProtection {
    private static final int BLOCK = BulkCipher.AES_BLOCK_LENGTH;
    private static final int IV_LENGTH = BLOCK;
    /** RFC 5246 6.2.3.2: padding_length is one byte, so at most 255 padding bytes plus the length byte. */
    private static final int MAX_PADDING = 256;

    private final BulkCipher bulkCipher;
    private final boolean encrypt;
    private final boolean encryptThenMac;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final Mac mac;
    private final MacAlgorithm macAlgorithm;
    private final int macLength;
    private final SecureRandom random;
    private final byte[] iv = new byte[IV_LENGTH];
    private final byte[] header = new byte[AeadRecords.AAD_LENGTH];
    private final byte[] computedMac;
    private final byte[] receivedMac;
    /** Dummy input for the constant-time MAC: enough whole hash blocks to cover the largest padding. */
    private final byte[] dummy;
    /** Plaintext + MAC + padding while sealing, decrypted bytes while opening; zero-filled after each record. */
    private byte[] work = new byte[RecordReader.MAX_CIPHERTEXT];

    /**
     * @param cipher         an AES-CBC bulk cipher
     * @param macKey         the write MAC key (copied)
     * @param key            the write key (copied)
     * @param encrypt        true to seal, false to open
     * @param encryptThenMac whether RFC 7366 encrypt-then-MAC was negotiated
     * @param random         the connection's randomness, for the explicit IVs (sealing only; may be null to open)
     */
    public CbcHmacProtection(BulkCipher cipher, byte[] macKey, byte[] key, boolean encrypt, boolean encryptThenMac,
            SecureRandom random) {
        this(cipher, macKey, key, encrypt, encryptThenMac, random, newMac(requireCbc(cipher).mac()));
    }

    private static BulkCipher requireCbc(BulkCipher cipher) {
        if (!cipher.isCbc()) {
            throw new IllegalArgumentException("not a CBC cipher: " + cipher);
        }
        return cipher;
    }

    /** With a given (uninitialised) Mac: tests count what it is fed. */
    CbcHmacProtection(BulkCipher cipher, byte[] macKey, byte[] key, boolean encrypt, boolean encryptThenMac,
            SecureRandom random, Mac mac) {
        requireCbc(cipher);
        if (key.length != cipher.keyLength() || macKey.length != cipher.mac().length()
                || cipher.recordIvLength() != IV_LENGTH) {
            throw new IllegalArgumentException(cipher + ": key or MAC key has the wrong length");
        }
        if (encrypt) {
            Objects.requireNonNull(random, "random");
        }
        this.bulkCipher = cipher;
        this.encrypt = encrypt;
        this.encryptThenMac = encryptThenMac;
        this.random = random;
        this.macAlgorithm = cipher.mac();
        this.macLength = macAlgorithm.length();
        // SunJCE's AES-CBC uses the AES-NI intrinsics, several times faster than a pure-Java provider.
        this.cipher = AeadRecords.newCipher("AES/CBC/NoPadding");
        this.key = new SecretKeySpec(key, "AES");
        this.mac = mac;
        try {
            mac.init(new SecretKeySpec(macKey, macAlgorithm.jcaName()));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("cannot key " + macAlgorithm.jcaName(), e);
        }
        this.computedMac = new byte[macLength];
        this.receivedMac = new byte[macLength];
        int hb = macAlgorithm.hashBlockLength();
        this.dummy = new byte[(MAX_PADDING / hb + 2) * hb];
    }

    /** HMAC from SunJCE when present (intrinsified SHA), else the highest-priority provider. */
    static Mac newMac(MacAlgorithm m) {
        try {
            try {
                return Mac.getInstance(m.jcaName(), "SunJCE");
            } catch (NoSuchProviderException | NoSuchAlgorithmException e) {
                return Mac.getInstance(m.jcaName());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + m.jcaName(), e);
        }
    }

    /** IV + MAC + at most one block of padding (Clasp pads minimally). */
    @Override
    public int expansion() {
        return IV_LENGTH + macLength + BLOCK;
    }

    /** IV + MAC + 255 padding bytes + the padding_length byte: the most a peer's record may add. */
    @Override
    public int maxExpansion() {
        return IV_LENGTH + macLength + 256;
    }

    /**
     * A fragment carries at least IV + MAC + the padding_length byte, so its plaintext is at most
     * {@code fragmentLength} minus that; capped at the reader's limit: open() reports record_overflow for a
     * plaintext longer than dst, which the caller sized at least to this bound.
     */
    @Override
    public int plaintextBound(int fragmentLength, int maxPlaintext) {
        return Math.max(0, Math.min(maxPlaintext, fragmentLength - IV_LENGTH - macLength - 1));
    }

    @Override
    public int seal(ContentType type, int version, long seq, ByteBuffer plaintext, ByteBuffer dst)
            throws GeneralSecurityException {
        if (!encrypt) {
            throw new IllegalStateException("CbcHmacProtection created for opening");
        }
        AeadRecords.checkSeal(plaintext, dst, expansion());
        int start = dst.position();
        int n = plaintext.remaining();
        int macInPlaintext = encryptThenMac ? 0 : macLength;
        // RFC 5246 6.2.3.2: content + [MAC] + padding + padding_length fills whole blocks; minimal padding.
        int padLength = BLOCK - 1 - (n + macInPlaintext) % BLOCK;
        int encLength = n + macInPlaintext + padLength + 1;
        ensureWork(encLength);
        try {
            // Copy first: plaintext and dst may share memory, and the IV goes where the plaintext starts.
            plaintext.get(work, 0, n);
            if (!encryptThenMac) {
                AeadRecords.writeAad(header, seq, type, version, n);
                mac.update(header);
                mac.update(work, 0, n);
                mac.doFinal(work, n);
            }
            Arrays.fill(work, n + macInPlaintext, encLength, (byte) padLength);
            random.nextBytes(iv);
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            dst.put(iv);
            int c = cipher.doFinal(ByteBuffer.wrap(work, 0, encLength), dst);
            if (c != encLength) {
                throw new IllegalStateException("unexpected CBC output length");
            }
            int fragmentLength = IV_LENGTH + encLength;
            if (encryptThenMac) {
                // RFC 7366 3: MAC(MAC_write_key, seq_num + type + version + length + IV + ENC(content + padding)),
                // where length counts IV and ciphertext.
                AeadRecords.writeAad(header, seq, type, version, fragmentLength);
                mac.update(header);
                ByteBuffer sent = dst.duplicate();
                sent.position(start).limit(start + fragmentLength);
                mac.update(sent);
                mac.doFinal(computedMac, 0);
                dst.put(computedMac);
                fragmentLength += macLength;
            }
            return fragmentLength;
        } catch (GeneralSecurityException | RuntimeException e) {
            dst.position(start);
            throw e;
        } finally {
            Arrays.fill(work, 0, encLength, (byte) 0);
        }
    }

    @Override
    public int open(ContentType type, int version, long seq, ByteBuffer fragment, ByteBuffer dst)
            throws TlsAlertException {
        if (encrypt) {
            throw new IllegalStateException("CbcHmacProtection created for sealing");
        }
        if (fragment == dst) {
            throw new IllegalArgumentException("fragment and dst must be distinct buffer objects");
        }
        int fragmentStart = fragment.position();
        int dstStart = dst.position();
        int length = fragment.remaining();
        int encLength = length - IV_LENGTH - (encryptThenMac ? macLength : 0);
        // The lengths are public (they are on the wire): rejecting them early leaks nothing. RFC 5246 6.2.3.2:
        // whole blocks, at least one, and room for the MAC and the padding_length byte.
        int minimum = encryptThenMac ? BLOCK : Math.max(BLOCK, macLength + 1);
        if (encLength < minimum || encLength % BLOCK != 0) {
            throw AeadRecords.badRecordMac();
        }
        ensureWork(encLength);
        try {
            int contentLength = encryptThenMac
                    ? openEncryptThenMac(type, version, seq, fragment, length, encLength)
                    : openMacThenEncrypt(type, version, seq, fragment, encLength);
            if (contentLength < 0) {
                throw AeadRecords.badRecordMac();
            }
            if (contentLength > dst.remaining()) {
                // Only when the plaintext exceeds the reader's limit (plaintextBound): authentic but too long.
                throw new TlsAlertException(AlertDescription.RECORD_OVERFLOW,
                        "record plaintext of " + contentLength + " bytes exceeds the limit of " + dst.remaining());
            }
            dst.put(work, 0, contentLength);
            fragment.position(fragmentStart + length);
            return contentLength;
        } catch (GeneralSecurityException | RuntimeException e) {
            AeadRecords.wipe(fragment, fragmentStart, dst, dstStart, 0);
            throw AeadRecords.badRecordMac();
        } catch (TlsAlertException e) {
            AeadRecords.wipe(fragment, fragmentStart, dst, dstStart, 0);
            throw e;
        } finally {
            Arrays.fill(work, 0, encLength, (byte) 0);
        }
    }

    /** RFC 7366 3: check the MAC over IV and ciphertext first, then decrypt; returns the content length or -1. */
    private int openEncryptThenMac(ContentType type, int version, long seq, ByteBuffer fragment, int length,
            int encLength) throws GeneralSecurityException {
        int start = fragment.position();
        int macced = IV_LENGTH + encLength;
        AeadRecords.writeAad(header, seq, type, version, macced);
        mac.update(header);
        ByteBuffer covered = fragment.duplicate();
        covered.limit(start + macced);
        mac.update(covered);
        mac.doFinal(computedMac, 0);
        fragment.get(start + macced, receivedMac, 0, macLength);
        if (!MessageDigest.isEqual(computedMac, receivedMac)) {
            return -1;
        }
        decrypt(fragment, start, encLength);
        // Authentic ciphertext: the padding check may branch, it reveals nothing an attacker did not send.
        int padLength = work[encLength - 1] & 0xFF;
        if (padLength + 1 > encLength) {
            return -1;
        }
        int bad = 0;
        for (int i = encLength - 1 - padLength; i < encLength; i++) {
            bad |= (work[i] & 0xFF) ^ padLength;
        }
        return bad == 0 ? encLength - padLength - 1 : -1;
    }

    /**
     * RFC 5246 6.2.3.2 with the Lucky Thirteen countermeasure: decrypt, check the padding over a window that
     * depends only on the record length, take a bad padding as zero-length, MAC the content plus dummy blocks so
     * the hash always runs as many compressions as for the longest possible content, and compare in constant
     * time. Returns the content length or -1; decides once, at the end.
     */
    private int openMacThenEncrypt(ContentType type, int version, long seq, ByteBuffer fragment, int encLength)
            throws GeneralSecurityException {
        decrypt(fragment, fragment.position(), encLength);
        int padLength = work[encLength - 1] & 0xFF;
        // good = all ones when the padding and the MAC fit: padLength + 1 + macLength <= encLength.
        int good = ~((encLength - macLength - 1 - padLength) >> 31);
        int window = Math.min(MAX_PADDING, encLength);
        int diff = 0;
        for (int i = 0; i < window; i++) {
            int inPadding = ~((padLength - i) >> 31); // all ones when i <= padLength
            diff |= inPadding & ((work[encLength - 1 - i] & 0xFF) ^ padLength);
        }
        // diff == 0 -> all ones, else zero, without a branch.
        good &= ((diff - 1) >> 31);
        int effectivePad = padLength & good;
        int maxContent = encLength - macLength - 1;
        int contentLength = maxContent - effectivePad;

        AeadRecords.writeAad(header, seq, type, version, contentLength);
        mac.update(header);
        mac.update(work, 0, contentLength);
        mac.doFinal(computedMac, 0);
        // Dummy compressions: as many more as the longest content would have taken. After doFinal the HMAC is
        // reset; its next update hashes the inner key block (one compression, as for every record) and then
        // exactly `extra` whole blocks; reset() drops them without finishing.
        int extra = innerBlocks(AeadRecords.AAD_LENGTH + maxContent)
                - innerBlocks(AeadRecords.AAD_LENGTH + contentLength);
        mac.update(dummy, 0, extra * macAlgorithm.hashBlockLength());
        mac.reset();

        System.arraycopy(work, contentLength, receivedMac, 0, macLength);
        boolean macOk = MessageDigest.isEqual(computedMac, receivedMac);
        return (macOk & good != 0) ? contentLength : -1;
    }

    /** Compression-function calls of the inner hash for an HMAC message of {@code m} bytes (key block included). */
    private int innerBlocks(int m) {
        int hb = macAlgorithm.hashBlockLength();
        // key block + message + 0x80 byte + length field, rounded up to whole blocks
        return (hb + m + 1 + macAlgorithm.lengthFieldLength() + hb - 1) / hb;
    }

    /** Decrypts fragment[start + IV, + encLength) with the IV at start into work[0, encLength). */
    private void decrypt(ByteBuffer fragment, int start, int encLength) throws GeneralSecurityException {
        fragment.get(start, iv, 0, IV_LENGTH);
        cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
        ByteBuffer in = fragment.duplicate();
        in.position(start + IV_LENGTH).limit(start + IV_LENGTH + encLength);
        int n = cipher.doFinal(in, ByteBuffer.wrap(work, 0, encLength));
        if (n != encLength) {
            throw new ShortBufferException("unexpected CBC output length");
        }
    }

    private void ensureWork(int n) {
        if (work.length < n) {
            work = new byte[n];
        }
    }

    @Override
    public String toString() {
        return "CbcHmacProtection[" + bulkCipher + (encryptThenMac ? ", encrypt-then-MAC" : ", MAC-then-encrypt")
                + ", " + (encrypt ? "seal" : "open") + "]";
    }
}
