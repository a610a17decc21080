package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki.Peer;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Steady-state heap allocation of the bulk path (issue #5): one 16 KiB application write wrapped by the client
 * and unwrapped by the server, on an established Clasp engine pair, measured with the thread's allocation counter.
 * SunJCE allocates its own GCM/ChaCha20-Poly1305 state on every {@code Cipher.init} (about 1 KB per direction on
 * JDK 17 and 25: that is the floor any provider over SunJCE pays); the same counter measures that floor in the
 * same JVM with bare ciphers, and what Clasp adds on top of it per record (engine results, buffer views, record
 * header values, parameter specs) must stay a small constant: {@link #OVERHEAD} bytes per wrap + unwrap.
 */
class BulkAllocationTest {
    private static final int WRITE = 16384;
    private static final int ROUNDS = 400;
    /**
     * Clasp's own bytes per 16 KiB wrap + unwrap above the bare-cipher floor. Clasp adds 16-50 B now (the parameter
     * specs); it was 264-304 B on heap buffers and 4.5 KB on direct ones (SunJCE's GCM copying direct buffers). The
     * JIT moves the JDK's own share by up to about 270 B between runs (escape analysis inside SunJCE), so the bound
     * is generous; that Clasp makes no result or view objects per record is checked exactly (by identity).
     */
    private static final long OVERHEAD = 512;

    private static volatile java.security.spec.AlgorithmParameterSpec spec;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest(name = "{0} heap={1}")
    @CsvSource({"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, true", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, false",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, true", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, true",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, false"})
    void wrapUnwrapAllocatesLittleAboveTheCipherFloor(String suite, boolean heap) throws Exception {
        SSLContext sctx = TestPki.context(Peer.CLASP, "server-ec256.p12");
        SSLContext cctx = TestPki.context(Peer.CLASP, null);
        SSLEngine client = cctx.createSSLEngine();
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {suite});
        SSLEngine server = sctx.createSSLEngine();
        server.setUseClientMode(false);
        new EnginePair(client, server).handshake();
        assertEquals(suite, client.getSession().getCipherSuite());

        byte[] data = new byte[WRITE];
        Arrays.fill(data, (byte) 0x5A);
        ByteBuffer src = alloc(heap, WRITE);
        ByteBuffer net = alloc(heap, client.getSession().getPacketBufferSize());
        ByteBuffer app = alloc(heap, server.getSession().getApplicationBufferSize());
        src.put(data);
        long before = 0;
        SSLEngineResult lastWrap = null;
        SSLEngineResult lastUnwrap = null;
        for (int i = 0; i < 2 * ROUNDS; i++) {
            if (i == ROUNDS) {
                before = THREADS.getCurrentThreadAllocatedBytes();
            }
            src.clear();
            net.clear();
            SSLEngineResult w = client.wrap(src, net);
            net.flip();
            app.clear();
            SSLEngineResult u = server.unwrap(net, app);
            if (w.bytesConsumed() != WRITE || u.bytesProduced() != WRITE) {
                throw new AssertionError(w + " / " + u);
            }
            if (i > 0 && (w != lastWrap || u != lastUnwrap)) {
                // Equal results are one immutable value: no SSLEngineResult per record.
                throw new AssertionError("a new SSLEngineResult for an equal result in round " + i);
            }
            lastWrap = w;
            lastUnwrap = u;
        }
        long clasp = (THREADS.getCurrentThreadAllocatedBytes() - before) / ROUNDS;
        app.flip();
        byte[] back = new byte[app.remaining()];
        app.get(back);
        assertTrue(Arrays.equals(data, back), "data arrived intact");

        long floor = cipherFloor(suite.contains("CHACHA"), suite.contains("256") ? 32 : 16);
        System.out.println("BulkAllocationTest " + suite + (heap ? " heap" : " direct") + ": " + clasp
                + " B per 16 KiB wrap+unwrap, bare SunJCE seal+open " + floor + " B");
        assertTrue(clasp - floor <= OVERHEAD, suite + ": Clasp allocates " + clasp + " B per 16 KiB wrap+unwrap, "
                + "bare SunJCE seal+open " + floor + " B; more than " + OVERHEAD + " B above the floor");
    }

    /** Bytes a bare SunJCE seal + open of one 16 KiB record allocates: fresh nonce, reused ciphers and arrays. */
    private static long cipherFloor(boolean chacha, int keyLength) throws Exception {
        String transformation = chacha ? "ChaCha20-Poly1305" : "AES/GCM/NoPadding";
        SecretKeySpec key = new SecretKeySpec(new byte[keyLength], chacha ? "ChaCha20" : "AES");
        Cipher seal = Cipher.getInstance(transformation, "SunJCE");
        Cipher open = Cipher.getInstance(transformation, "SunJCE");
        byte[] nonce = new byte[12];
        byte[] aad = new byte[13];
        byte[] pt = new byte[WRITE];
        byte[] ct = new byte[WRITE + 16];
        byte[] out = new byte[WRITE];
        long before = 0;
        for (int i = 0; i < 4 * ROUNDS; i++) {
            if (i == 3 * ROUNDS) {
                before = THREADS.getCurrentThreadAllocatedBytes();
            }
            nonce[11] = (byte) i;
            nonce[10] = (byte) (i >>> 8);
            // Through a field, so the JIT cannot elide the specs here as it may in a tight loop (Clasp's escape).
            spec = chacha ? new IvParameterSpec(nonce) : new GCMParameterSpec(128, nonce);
            seal.init(Cipher.ENCRYPT_MODE, key, spec);
            seal.updateAAD(aad);
            seal.doFinal(pt, 0, WRITE, ct, 0);
            spec = chacha ? new IvParameterSpec(nonce) : new GCMParameterSpec(128, nonce);
            open.init(Cipher.DECRYPT_MODE, key, spec);
            open.updateAAD(aad);
            open.doFinal(ct, 0, WRITE + 16, out, 0);
        }
        return (THREADS.getCurrentThreadAllocatedBytes() - before) / ROUNDS;
    }

    private static ByteBuffer alloc(boolean heap, int n) {
        return heap ? ByteBuffer.allocate(n) : ByteBuffer.allocateDirect(n);
    }
}
