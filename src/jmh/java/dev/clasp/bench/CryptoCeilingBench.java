package dev.clasp.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The ceiling for any pure-Java provider: the JDK's own {@code javax.crypto} (SunJCE) sealing and opening one
 * TLS record of 16 KiB or 1 KiB (13-byte additional data, fresh nonce per record, one reused {@link Cipher} per
 * direction), heap arrays, nothing else. One operation = seal + open of one record, the same work one
 * {@link BulkBench} operation asks of the two engines.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoCeilingBench {
    @Param({"AES128GCM", "AES256GCM", "CHACHA20"})
    public String cipher;

    @Param({"16384", "1024"})
    public int size;

    private Cipher seal;
    private Cipher open;
    private SecretKeySpec key;
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[13];
    private byte[] plain;
    private byte[] sealed;
    private byte[] opened;
    private long seq;
    private boolean gcm;

    @Setup
    public void setup() throws Exception {
        gcm = !cipher.equals("CHACHA20");
        Random r = new Random(1);
        byte[] k = new byte[cipher.equals("AES128GCM") ? 16 : 32];
        r.nextBytes(k);
        r.nextBytes(nonce);
        key = new SecretKeySpec(k, gcm ? "AES" : "ChaCha20");
        String transformation = gcm ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305";
        seal = Cipher.getInstance(transformation, "SunJCE");
        open = Cipher.getInstance(transformation, "SunJCE");
        plain = new byte[size];
        r.nextBytes(plain);
        sealed = new byte[size + 16];
        opened = new byte[size];
        sealOpen();
        if (!java.util.Arrays.equals(plain, opened)) {
            throw new IllegalStateException("round trip failed");
        }
    }

    @Benchmark
    public int sealOpen() throws Exception {
        seq++;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (seq >>> (56 - 8 * i));
            aad[i] = nonce[4 + i];
        }
        aad[8] = 23;
        aad[9] = 3;
        aad[10] = 3;
        aad[11] = (byte) (size >>> 8);
        aad[12] = (byte) size;
        java.security.spec.AlgorithmParameterSpec spec =
                gcm ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce);
        seal.init(Cipher.ENCRYPT_MODE, key, spec);
        seal.updateAAD(aad);
        int n = seal.doFinal(plain, 0, size, sealed, 0);
        open.init(Cipher.DECRYPT_MODE, key, spec);
        open.updateAAD(aad);
        return open.doFinal(sealed, 0, n, opened, 0);
    }
}
