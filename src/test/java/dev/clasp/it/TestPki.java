package dev.clasp.it;

import dev.clasp.ClaspProvider;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/** The committed test PKI (test-certs/) and SSLContexts over it for each provider under test. */
public final class TestPki {
    public static final char[] PASSWORD = "changeit".toCharArray();

    /** The providers a test can put at either end. */
    public enum Peer {
        CLASP, SUNJSSE, BCJSSE;

        Provider provider() {
            return switch (this) {
                case CLASP -> new ClaspProvider();
                case SUNJSSE -> java.security.Security.getProvider("SunJSSE");
                case BCJSSE -> new BouncyCastleJsseProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
            };
        }
    }

    private TestPki() {
    }

    public static Path dir() {
        String p = System.getProperty("clasp.testCerts");
        return p != null ? Path.of(p) : Path.of("test-certs");
    }

    public static KeyStore load(String file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(dir().resolve(file).toFile())) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    /** Key managers over {@code keyStoreFile} (null: none), from the JDK's PKIX factory (X509ExtendedKeyManager). */
    public static KeyManager[] keyManagers(String keyStoreFile) throws Exception {
        if (keyStoreFile == null) {
            return null;
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", "SunJSSE");
        kmf.init(load(keyStoreFile), PASSWORD);
        return kmf.getKeyManagers();
    }

    /** Trust managers over {@code truststore.p12} (the test root CA), or another trust store file. */
    public static TrustManager[] trustManagers(String trustStoreFile) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        tmf.init(load(trustStoreFile));
        return tmf.getTrustManagers();
    }

    public static SSLContext context(Peer peer, String keyStoreFile) throws Exception {
        return context(peer, keyStoreFile, "truststore.p12");
    }

    public static SSLContext context(Peer peer, String keyStoreFile, String trustStoreFile) throws Exception {
        Provider provider = peer.provider();
        SSLContext ctx = SSLContext.getInstance("TLSv1.2", provider);
        if (peer == Peer.BCJSSE) {
            // BCJSSE asks its key manager for its own key type names; give it its own factories.
            KeyManager[] km = null;
            if (keyStoreFile != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", provider);
                kmf.init(load(keyStoreFile), PASSWORD);
                km = kmf.getKeyManagers();
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", provider);
            tmf.init(load(trustStoreFile));
            ctx.init(km, tmf.getTrustManagers(), null);
        } else {
            ctx.init(keyManagers(keyStoreFile), trustManagers(trustStoreFile), null);
        }
        return ctx;
    }
}
