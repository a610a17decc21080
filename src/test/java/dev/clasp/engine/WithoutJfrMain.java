package dev.clasp.engine;

import dev.clasp.ClaspProvider;
import java.io.FileInputStream;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManagerFactory;

/**
 * Run by {@link WithoutJfrTest} in a JVM started with {@code --limit-modules java.base,java.logging} (no
 * {@code jdk.jfr}): a Clasp client and server handshake in memory with the trace on; prints "OK" on success.
 * Self-contained (no JUnit, no BouncyCastle JSSE) so that nothing else needs a missing module.
 */
public final class WithoutJfrMain {
    private WithoutJfrMain() {
    }

    public static void main(String[] args) throws Exception {
        String dir = args[0];
        char[] pw = "changeit".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(dir + "/server-ec256.p12")) {
            keys.load(in, pw);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(dir + "/truststore.p12")) {
            trust.load(in, pw);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, pw);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        System.setProperty("clasp.debug", "handshake");
        SSLContext sctx = SSLContext.getInstance("TLS", new ClaspProvider());
        sctx.init(kmf.getKeyManagers(), null, null);
        SSLContext cctx = SSLContext.getInstance("TLS", new ClaspProvider());
        cctx.init(null, tmf.getTrustManagers(), null);
        SSLEngine c = cctx.createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        SSLEngine s = sctx.createSSLEngine();
        s.setUseClientMode(false);
        ByteBuffer c2s = ByteBuffer.allocate(1 << 16);
        ByteBuffer s2c = ByteBuffer.allocate(1 << 16);
        ByteBuffer app = ByteBuffer.allocate(1 << 16);
        c.beginHandshake();
        s.beginHandshake();
        for (int i = 0; i < 200 && !(done(c) && done(s)); i++) {
            step(c, c2s, s2c, app);
            step(s, s2c, c2s, app);
        }
        if (!done(c) || !done(s) || !"TLSv1.2".equals(c.getSession().getProtocol())) {
            throw new IllegalStateException("handshake did not complete");
        }
        System.out.println("OK jdk.jfr present: " + ModuleLayer.boot().findModule("jdk.jfr").isPresent()
                + ", Jfr.AVAILABLE=" + Jfr.AVAILABLE);
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus h = e.getHandshakeStatus();
        return h == HandshakeStatus.NOT_HANDSHAKING || h == HandshakeStatus.FINISHED;
    }

    private static void step(SSLEngine e, ByteBuffer out, ByteBuffer in, ByteBuffer app) throws Exception {
        Runnable t;
        while ((t = e.getDelegatedTask()) != null) {
            t.run();
        }
        e.wrap(ByteBuffer.allocate(0), out);
        in.flip();
        if (in.hasRemaining()) {
            app.clear();
            e.unwrap(in, app);
        }
        in.compact();
    }
}
