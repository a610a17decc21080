package dev.clasp.record;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.suite.BulkCipher;
import dev.clasp.suite.MacAlgorithm;
import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Record protection of the NULL-cipher suites (TLS_*_WITH_NULL_SHA, _SHA256): RFC 5246 6.2.3.1 with the null
 * stream cipher, so the fragment is {@code content || MAC}, where MAC = HMAC(MAC_write_key, seq_num || type ||
 * version || length || content) (RFC 5246 6.2.3.1). Integrity only: the content travels in the clear.
 *
 * <p>Opening checks the MAC with {@link MessageDigest#isEqual} (time independent of where the bytes differ); any
 * failure is the same {@code bad_record_mac} as for the other protections (RFC 5246 6.2.3.1, ENGINEERING 2.9),
 * and nothing reaches dst before the MAC verified. There is no padding, so nothing else depends on secret data.
 * One {@link Mac} per object (per direction) serves every record; nothing is allocated per record.
 */
public final class NullCipherProtection implements RecordProtection {
    private final BulkCipher bulkCipher;
    private final boolean encrypt;
    private final Mac mac;
    private final int macLength;
    private final byte[] header = new byte[AeadRecords.AAD_LENGTH];
    private final byte[] computedMac;
    private final byte[] receivedMac;

    /**
     * @param cipher  a NULL bulk cipher ({@link BulkCipher#isNull()})
     * @param macKey  the write MAC key (copied)
     * @param encrypt true to seal, false to open
     */
    public NullCipherProtection(BulkCipher cipher, byte[] macKey, boolean encrypt) {
        if (!cipher.isNull()) {
            throw new IllegalArgumentException("not a NULL cipher: " + cipher);
        }
        MacAlgorithm m = cipher.mac();
        if (macKey.length != m.length()) {
            throw new IllegalArgumentException(cipher + ": MAC key has the wrong length");
        }
        this.bulkCipher = cipher;
        this.encrypt = encrypt;
        this.macLength = m.length();
        this.mac = CbcHmacProtection.newMac(m);
        try {
            mac.init(new SecretKeySpec(macKey, m.jcaName()));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("cannot key " + m.jcaName(), e);
        }
        this.computedMac = new byte[macLength];
        this.receivedMac = new byte[macLength];
    }

    /** The MAC: the fragment is the content and the MAC, nothing else. */
    @Override
    public int expansion() {
        return macLength;
    }

    /**
     * The content of a fragment is its length minus the MAC, capped at the reader's limit: open() reports
     * record_overflow for an authentic content longer than dst, which the caller sized at least to this bound.
     */
    @Override
    public int plaintextBound(int fragmentLength, int maxPlaintext) {
        return Math.max(0, Math.min(maxPlaintext, fragmentLength - macLength));
    }

    @Override
    public int seal(ContentType type, int version, long seq, ByteBuffer plaintext, ByteBuffer dst) {
        if (!encrypt) {
            throw new IllegalStateException("NullCipherProtection created for opening");
        }
        AeadRecords.checkSeal(plaintext, dst, macLength);
        int n = plaintext.remaining();
        // RFC 5246 6.2.3.1: MAC(MAC_write_key, seq_num + type + version + length + content). The MAC is computed
        // before the content is copied, since plaintext and dst may share memory.
        AeadRecords.writeAad(header, seq, type, version, n);
        mac.update(header);
        mac.update(plaintext.duplicate());
        try {
            mac.doFinal(computedMac, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException("MAC buffer too short", e);
        }
        dst.put(plaintext); // heap: System.arraycopy, direct: memmove; both handle overlapping slices
        dst.put(computedMac);
        Arrays.fill(computedMac, (byte) 0);
        return n + macLength;
    }

    @Override
    public int open(ContentType type, int version, long seq, ByteBuffer fragment, ByteBuffer dst)
            throws TlsAlertException {
        if (encrypt) {
            throw new IllegalStateException("NullCipherProtection created for sealing");
        }
        if (fragment == dst) {
            throw new IllegalArgumentException("fragment and dst must be distinct buffer objects");
        }
        int start = fragment.position();
        // The length is on the wire: a fragment shorter than the MAC is rejected without computing anything.
        int n = fragment.remaining() - macLength;
        if (n < 0) {
            throw AeadRecords.badRecordMac();
        }
        AeadRecords.writeAad(header, seq, type, version, n);
        mac.update(header);
        ByteBuffer content = fragment.duplicate();
        content.limit(start + n);
        mac.update(content);
        try {
            mac.doFinal(computedMac, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException("MAC buffer too short", e);
        }
        fragment.get(start + n, receivedMac, 0, macLength);
        boolean ok = MessageDigest.isEqual(computedMac, receivedMac);
        Arrays.fill(computedMac, (byte) 0);
        if (!ok) {
            throw AeadRecords.badRecordMac();
        }
        if (n > dst.remaining()) {
            // Only when the content exceeds the reader's limit (plaintextBound): authentic but too long.
            throw new TlsAlertException(AlertDescription.RECORD_OVERFLOW,
                    "record plaintext of " + n + " bytes exceeds the limit of " + dst.remaining());
        }
        content.position(start).limit(start + n);
        dst.put(content);
        fragment.position(start + n + macLength);
        return n;
    }

    @Override
    public String toString() {
        return "NullCipherProtection[" + bulkCipher + ", " + (encrypt ? "seal" : "open") + "]";
    }
}
