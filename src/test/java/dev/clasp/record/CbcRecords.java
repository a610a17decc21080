package dev.clasp.record;

import dev.clasp.suite.BulkCipher;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * CBC records built by hand from RFC 5246 6.2.3.2 and RFC 7366 3 with plain javax.crypto, independently of
 * {@link CbcHmacProtection}: the golden bytes its tests compare against, and malformed records to feed it.
 */
final class CbcRecords {
    static final int VERSION = 0x0303;

    private CbcRecords() {
    }

    /** seq_num(8) + type(1) + version(2) + length(2). */
    static byte[] macHeader(long seq, int type, int length) {
        return ByteBuffer.allocate(13).putLong(seq).put((byte) type).putShort((short) VERSION)
                .putShort((short) length).array();
    }

    static byte[] hmac(BulkCipher c, byte[] macKey, byte[]... parts) throws Exception {
        Mac mac = Mac.getInstance(c.mac().jcaName());
        mac.init(new SecretKeySpec(macKey, c.mac().jcaName()));
        for (byte[] p : parts) {
            mac.update(p);
        }
        return mac.doFinal();
    }

    static byte[] aesCbc(byte[] key, byte[] iv, byte[] plain) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return cipher.doFinal(plain);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    /** padLength + 1 bytes of value padLength (RFC 5246 6.2.3.2). */
    static byte[] padding(int padLength) {
        byte[] p = new byte[padLength + 1];
        Arrays.fill(p, (byte) padLength);
        return p;
    }

    /** MAC-then-encrypt: IV || E(content || mac || padding); {@code mac} may be replaced (wrong MAC). */
    static byte[] mte(byte[] key, byte[] iv, byte[] content, byte[] mac, byte[] padding) throws Exception {
        return concat(iv, aesCbc(key, iv, concat(content, mac, padding)));
    }

    static byte[] mte(BulkCipher c, byte[] macKey, byte[] key, byte[] iv, long seq, int type, byte[] content,
            int padLength) throws Exception {
        byte[] mac = hmac(c, macKey, macHeader(seq, type, content.length), content);
        return mte(key, iv, content, mac, padding(padLength));
    }

    /** Encrypt-then-MAC: IV || E(content || padding) || MAC(header(len(IV + ciphertext)) || IV || ciphertext). */
    static byte[] etm(BulkCipher c, byte[] macKey, byte[] key, byte[] iv, long seq, int type, byte[] content,
            byte[] padding) throws Exception {
        byte[] body = concat(iv, aesCbc(key, iv, concat(content, padding)));
        return concat(body, hmac(c, macKey, macHeader(seq, type, body.length), body));
    }

    /** A SecureRandom that always yields {@code iv} (so a sealed record has a known IV). */
    static SecureRandom fixedIv(byte[] iv) {
        return new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(iv, 0, bytes, 0, bytes.length);
            }
        };
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i * 7);
        }
        return b;
    }
}
