package dev.clasp.record;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import javax.crypto.Cipher;

/** Helpers shared by the AEAD record protections (RFC 5246 6.2.3.3). */
final class AeadRecords {
    /** Length of the additional data: seq_num(8) + type(1) + version(2) + length(2). */
    static final int AAD_LENGTH = 13;

    /** The single message for every record decryption failure, so nothing tells which check failed. */
    static final String BAD_RECORD = "record failed authentication";

    private AeadRecords() {
    }

    /**
     * A Cipher from SunJCE when present: its AES-GCM uses the AES-NI/CLMUL intrinsics and its ChaCha20-Poly1305 is
     * vectorised, several times faster than a pure-Java provider (e.g. BouncyCastle) that may sit earlier in the
     * provider list. Falls back to the highest-priority provider when SunJCE is absent.
     */
    static Cipher newCipher(String transformation) {
        try {
            try {
                return Cipher.getInstance(transformation, "SunJCE");
            } catch (NoSuchProviderException | NoSuchAlgorithmException e) {
                return Cipher.getInstance(transformation);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + transformation + " cipher", e);
        }
    }

    /** RFC 5246 6.2.3.3: additional_data = seq_num + TLSCompressed.type + TLSCompressed.version + length. */
    static void writeAad(byte[] aad, long seq, ContentType type, int version, int length) {
        writeAad(aad, 0, seq, type, version, length);
    }

    /** {@link #writeAad(byte[], long, ContentType, int, int)} at {@code aad[off, off + AAD_LENGTH)}. */
    static void writeAad(byte[] aad, int off, long seq, ContentType type, int version, int length) {
        putLong(aad, off, seq);
        aad[off + 8] = (byte) type.code();
        aad[off + 9] = (byte) (version >>> 8);
        aad[off + 10] = (byte) version;
        aad[off + 11] = (byte) (length >>> 8);
        aad[off + 12] = (byte) length;
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** seal() preconditions: distinct buffers, a plaintext that fits a record, room in dst (caller's bugs). */
    static void checkSeal(ByteBuffer plaintext, ByteBuffer dst, int expansion) {
        if (plaintext == dst) {
            throw new IllegalArgumentException("plaintext and dst must be distinct buffer objects");
        }
        if (plaintext.remaining() > 0xFFFF - expansion) {
            throw new IllegalArgumentException("plaintext too long: " + plaintext.remaining());
        }
        if (dst.remaining() < plaintext.remaining() + expansion) {
            throw new IllegalArgumentException("dst has " + dst.remaining() + " bytes, needs "
                    + (plaintext.remaining() + expansion));
        }
    }

    /**
     * open() preconditions; returns the plaintext length. A fragment too short for the expansion is the peer's
     * fault (bad_record_mac, nothing touched); distinct buffers and room in dst are the caller's contract.
     */
    static int checkOpen(ByteBuffer fragment, ByteBuffer dst, int expansion) throws TlsAlertException {
        if (fragment == dst) {
            throw new IllegalArgumentException("fragment and dst must be distinct buffer objects");
        }
        int plaintextLength = fragment.remaining() - expansion;
        if (plaintextLength < 0) {
            throw badRecordMac();
        }
        if (dst.remaining() < plaintextLength) {
            throw new IllegalArgumentException("dst has " + dst.remaining() + " bytes, needs " + plaintextLength);
        }
        return plaintextLength;
    }

    static TlsAlertException badRecordMac() {
        return new TlsAlertException(AlertDescription.BAD_RECORD_MAC, BAD_RECORD);
    }

    /**
     * Undoes a failed open: zero-fills dst[start, start + n) (clamped to the limit) where the cipher may have
     * written, and restores both positions.
     */
    static void wipe(ByteBuffer fragment, int fragmentStart, ByteBuffer dst, int dstStart, int n) {
        int end = Math.min(dst.limit(), dstStart + Math.max(n, 0));
        for (int i = dstStart; i < end; i++) {
            dst.put(i, (byte) 0);
        }
        dst.position(dstStart);
        fragment.position(fragmentStart);
    }
}
