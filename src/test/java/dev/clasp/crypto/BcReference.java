package dev.clasp.crypto;

import dev.clasp.suite.PrfHash;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Independent reference computations with BouncyCastle's lightweight API and its TLS implementation (bctls),
 * used to cross-check Clasp's JCA-based code. Nothing here touches JCA.
 */
public final class BcReference {
    private BcReference() {
    }

    /** P_hash built from BC's HMac (RFC 5246 5), independent of both JCA and bctls. */
    public static byte[] hmacPrf(PrfHash h, byte[] secret, String label, byte[] seed, int length) {
        Digest d = h == PrfHash.SHA256 ? new SHA256Digest() : new SHA384Digest();
        HMac mac = new HMac(d);
        mac.init(new KeyParameter(secret));
        byte[] ls = concat(label.getBytes(StandardCharsets.US_ASCII), seed);
        byte[] out = new byte[length];
        byte[] a = ls;
        int off = 0;
        while (off < length) {
            byte[] na = new byte[mac.getMacSize()];
            mac.update(a, 0, a.length);
            mac.doFinal(na, 0);
            a = na;
            byte[] block = new byte[mac.getMacSize()];
            mac.update(a, 0, a.length);
            mac.update(ls, 0, ls.length);
            mac.doFinal(block, 0);
            int n = Math.min(block.length, length - off);
            System.arraycopy(block, 0, out, off, n);
            off += n;
        }
        return out;
    }

    /** The PRF as bctls computes it for its own handshakes ({@code TlsSecret.deriveUsingPRF}). */
    public static byte[] bctlsPrf(PrfHash h, byte[] secret, String label, byte[] seed, int length) {
        int alg = h == PrfHash.SHA256 ? PRFAlgorithm.tls_prf_sha256 : PRFAlgorithm.tls_prf_sha384;
        BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
        return crypto.createSecret(secret.clone()).deriveUsingPRF(alg, label, seed, length).extract();
    }

    /** RFC 5246 6.2.3.3 additional data, built independently of Clasp. */
    public static byte[] aad(long seq, int type, int version, int length) {
        byte[] a = new byte[13];
        for (int i = 0; i < 8; i++) {
            a[i] = (byte) (seq >>> (56 - 8 * i));
        }
        a[8] = (byte) type;
        a[9] = (byte) (version >> 8);
        a[10] = (byte) version;
        a[11] = (byte) (length >> 8);
        a[12] = (byte) length;
        return a;
    }

    /** RFC 5288 record: seq(8) || AES-GCM(salt || seq, aad) with BC's GCMBlockCipher. */
    public static byte[] gcmSeal(byte[] key, byte[] salt, long seq, int type, int version, byte[] plaintext) {
        byte[] explicit = aad(seq, 0, 0, 0);
        byte[] nonce = concat(salt, java.util.Arrays.copyOf(explicit, 8));
        AEADCipher c = GCMBlockCipher.newInstance(AESEngine.newInstance());
        c.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad(seq, type, version, plaintext.length)));
        return concat(java.util.Arrays.copyOf(explicit, 8), run(c, plaintext));
    }

    /** RFC 6655 3 record: seq(8) || AES-CCM(salt || seq, aad) with a tag of tagBytes, by BC's CCMBlockCipher. */
    public static byte[] ccmSeal(byte[] key, byte[] salt, long seq, int type, int version, byte[] plaintext,
            int tagBytes) {
        byte[] explicit = java.util.Arrays.copyOf(aad(seq, 0, 0, 0), 8);
        byte[] nonce = concat(salt, explicit);
        AEADCipher c = org.bouncycastle.crypto.modes.CCMBlockCipher.newInstance(AESEngine.newInstance());
        c.init(true, new AEADParameters(new KeyParameter(key), tagBytes * 8, nonce,
                aad(seq, type, version, plaintext.length)));
        return concat(explicit, run(c, plaintext));
    }

    /** RFC 7905 record: ChaCha20-Poly1305(fixedIv XOR seq, aad) with BC's ChaCha20Poly1305. */
    public static byte[] chachaSeal(byte[] key, byte[] fixedIv, long seq, int type, int version, byte[] plaintext) {
        byte[] nonce = fixedIv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] ^= (byte) (seq >>> (56 - 8 * i));
        }
        AEADCipher c = new ChaCha20Poly1305();
        c.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad(seq, type, version, plaintext.length)));
        return run(c, plaintext);
    }

    private static byte[] run(AEADCipher c, byte[] in) {
        byte[] out = new byte[c.getOutputSize(in.length)];
        int n = c.processBytes(in, 0, in.length, out, 0);
        try {
            c.doFinal(out, n);
        } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
