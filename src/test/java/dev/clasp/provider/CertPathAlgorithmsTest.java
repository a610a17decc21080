package dev.clasp.provider;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.EnginePair;
import dev.clasp.it.TestPki;
import dev.clasp.it.TestPki.Peer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.security.AlgorithmConstraints;
import java.security.AlgorithmParameters;
import java.security.CryptoPrimitive;
import java.security.Key;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * A plain X509TrustManager that accepts anything is still held to jdk.certpath.disabledAlgorithms and to the
 * SSLParameters' AlgorithmConstraints, as SunJSSE's wrapper holds it (the test PKI: SHA256withRSA signatures,
 * RSA-2048 and EC P-256 keys). The property string is passed in: changing the real security property in a
 * running JVM would leave the JDK's own cached copy out of step.
 */
class CertPathAlgorithmsTest {
    static final X509TrustManager ACCEPT_ALL = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    static X509Certificate[] chain(String stem) throws Exception {
        try (InputStream in = new FileInputStream(TestPki.dir().resolve(stem + "-chain.pem").toFile())) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(new X509Certificate[0]);
        }
    }

    static void check(String property, String stem) throws Exception {
        new TrustManagers.Adapter(ACCEPT_ALL, new CertPathAlgorithms(property))
                .checkServerTrusted(chain(stem), "ECDHE_RSA", (SSLEngine) null);
    }

    @Test
    void jdkDefaultsPassTheTestPki() throws Exception {
        String jdk = "MD2, MD5, SHA1 jdkCA & usage TLSServer, RSA keySize < 1024, DSA keySize < 1024, "
                + "EC keySize < 224, SHA1 usage SignedJAR & denyAfter 2019-01-01";
        assertDoesNotThrow(() -> check(jdk, "server-rsa"));
        assertDoesNotThrow(() -> check(jdk, "server-ec256"));
    }

    @Test
    void disabledSignatureDigestOrKeySizeRefuses() throws Exception {
        for (String p : new String[] {"SHA256withRSA", "SHA-256", "sha256", "RSA keySize < 4096"}) {
            CertificateException e = assertThrows(CertificateException.class, () -> check(p, "server-rsa"), p);
            assertTrue(e.getMessage().contains("jdk.certpath.disabledAlgorithms"), e.getMessage());
        }
        assertThrows(CertificateException.class, () -> check("EC keySize < 384", "server-ec256"));
        assertDoesNotThrow(() -> check("EC keySize < 256", "server-ec256"));
    }

    @Test
    void parsing() {
        CertPathAlgorithms c = new CertPathAlgorithms("MD5, SHA1 jdkCA & usage TLSServer, RSASSA-PSS");
        assertFalse(c.permitsSignature("MD5withRSA"));
        assertTrue(c.permitsSignature("SHA1withRSA"), "a constrained entry is the JDK validator's business");
        assertFalse(c.permitsSignature("RSASSA-PSS"));
        assertTrue(c.permitsSignature("SHA256withECDSA"));
    }

    /** jtreg passes {@code "SHA-1,SHA-224"} with its quotes (OpenJDK TLSv12/SignatureAlgorithms); the JDK strips them. */
    @Test
    void quotedValue() {
        CertPathAlgorithms c = new CertPathAlgorithms("\"SHA-1,SHA-224\"");
        assertFalse(c.permitsSignature("SHA1withDSA"));
        assertFalse(c.permitsSignature("SHA224withDSA"));
        assertTrue(c.permitsSignature("SHA256withDSA"));
    }

    /** In a handshake: a Clasp client with an accept-all trust manager and constraints refusing the chain. */
    @Test
    void engineConstraintsApplyToAPlainTrustManager() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS", new dev.clasp.ClaspProvider());
        ctx.init(null, new TrustManager[] {ACCEPT_ALL}, null);
        SSLContext server = TestPki.context(Peer.CLASP, "server-ec256.p12");
        SSLEngine ok = ctx.createSSLEngine("localhost", 1);
        ok.setUseClientMode(true);
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        new EnginePair(ok, s).handshake();

        SSLEngine c = ctx.createSSLEngine("localhost", 2); // another peer: no session to resume
        c.setUseClientMode(true);
        SSLParameters p = c.getSSLParameters();
        p.setAlgorithmConstraints(new AlgorithmConstraints() {
            @Override
            public boolean permits(Set<CryptoPrimitive> prim, String algorithm, AlgorithmParameters params) {
                return !algorithm.equals("SHA256withRSA");
            }

            @Override
            public boolean permits(Set<CryptoPrimitive> prim, Key key) {
                return true;
            }

            @Override
            public boolean permits(Set<CryptoPrimitive> prim, String algorithm, Key key, AlgorithmParameters params) {
                return permits(prim, algorithm, params);
            }
        });
        c.setSSLParameters(p);
        SSLEngine s2 = server.createSSLEngine();
        s2.setUseClientMode(false);
        SSLException e = assertThrows(SSLException.class, () -> new EnginePair(c, s2).handshake());
        assertTrue(String.valueOf(e.getMessage()).contains("algorithm constraints")
                || String.valueOf(e.getCause()).contains("algorithm constraints"), String.valueOf(e));
    }
}
