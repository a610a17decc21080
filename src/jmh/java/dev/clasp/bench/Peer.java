package dev.clasp.bench;

import dev.clasp.ClaspProvider;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * The JSSE providers under test, each with an {@link SSLContext} over the committed test PKI (test-certs/): the
 * server's key store ({@code server-ec256.p12} or {@code server-rsa.p12}, leaf + intermediate) and a PKIX trust
 * manager over {@code truststore.p12} (the root only), so every handshake really builds and verifies the chain.
 * Both ends of a pair always come from the same provider. TLS 1.2 only, one cipher suite per run.
 */
public enum Peer {
    Clasp, SunJSSE, BCJSSE, Conscrypt;

    static final char[] PASSWORD = "changeit".toCharArray();
    /** BCJSSE logs every connection at INFO through java.util.logging: keep that out of the measurement. */
    private static final java.util.logging.Logger BC_LOG = java.util.logging.Logger.getLogger("org.bouncycastle.jsse");

    static {
        BC_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    Provider provider() {
        return switch (this) {
            case Clasp -> new ClaspProvider();
            case SunJSSE -> Security.getProvider("SunJSSE");
            // As the interop tests: BCJSSE over BouncyCastle's own crypto (its usual pure-Java configuration).
            case BCJSSE -> new BouncyCastleJsseProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
            case Conscrypt -> org.conscrypt.Conscrypt.newProvider();
        };
    }

    /** An initialised context holding the server key {@code keyStoreFile} and trusting the test root. */
    SSLContext context(String keyStoreFile) throws Exception {
        Provider p = provider();
        SSLContext ctx = SSLContext.getInstance(this == Conscrypt ? "TLS" : "TLSv1.2", p);
        // BCJSSE asks its key manager for its own key type names: give it its own factories. The others get the
        // JDK's, the same objects for all, so certificate path validation costs the same. The key manager is the
        // default algorithm (SunX509; BCJSSE: its X.509, keys read once): the "PKIX" one hands out a new alias per choice, misses its
        // own entry cache and decrypts the PKCS#12 key again on every handshake, whoever the provider.
        Provider factories = this == BCJSSE ? p : Security.getProvider("SunJSSE");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(this == BCJSSE ? "X.509" : "SunX509", factories);
        kmf.init(load(keyStoreFile), PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", factories);
        tmf.init(load("truststore.p12"));
        KeyManager[] km = kmf.getKeyManagers();
        ctx.init(km, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A client or server engine limited to TLS 1.2 and {@code suite}. */
    SSLEngine engine(SSLContext ctx, boolean client, String suite, String host, int port) {
        SSLEngine e = host == null ? ctx.createSSLEngine() : ctx.createSSLEngine(host, port);
        e.setUseClientMode(client);
        e.setEnabledProtocols(new String[] {"TLSv1.2"});
        e.setEnabledCipherSuites(new String[] {suite});
        return e;
    }

    /** Conscrypt's engines (client and server) only use session tickets when asked; the others decide alone. */
    void useTickets(SSLEngine engine) {
        if (this == Conscrypt) {
            org.conscrypt.Conscrypt.setUseSessionTickets(engine, true);
        }
    }

    static KeyStore load(String file) throws Exception {
        String dir = System.getProperty("clasp.testCerts", "test-certs");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(Path.of(dir).resolve(file).toFile())) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    /** Key store and cipher suite for a certificate kind. */
    static String keyStore(String cert) {
        return switch (cert) {
            case "EC" -> "server-ec256.p12";
            case "RSA" -> "server-rsa.p12";
            default -> throw new IllegalArgumentException(cert);
        };
    }

    static String handshakeSuite(String cert) {
        return cert.equals("EC") ? "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" : "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    }

    /** The bulk cipher rows, all with the ECDSA certificate. */
    static String bulkSuite(String cipher) {
        return switch (cipher) {
            case "AES128GCM" -> "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
            case "AES256GCM" -> "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
            case "CHACHA20" -> "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
            default -> throw new IllegalArgumentException(cipher);
        };
    }
}
