package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.ClaspProvider;
import dev.clasp.engine.ClaspSSLSession;
import dev.clasp.it.TestPki.Peer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyStoreBuilderParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * rsa_pss_pss_* (RFC 8446 4.2.3, used in TLS 1.2): certificates whose key is id-RSASSA-PSS (server-rsapss,
 * client-rsapss) authenticate ECDHE_RSA and DHE_RSA suites and client authentication. Clasp in both roles against
 * SunJSSE (which offers and accepts rsa_pss_pss in TLS 1.2) and itself, with SunJSSE's and Clasp's key managers.
 */
class RsaPssKeyTest {

    /** A context of {@code peer} whose key manager ({@code kmProvider}: "SunJSSE" or "Clasp") holds {@code stores}. */
    private static SSLContext context(Peer peer, String kmProvider, String... stores) throws Exception {
        KeyManager[] km = null;
        if (stores.length > 0) {
            KeyManagerFactory kmf = kmProvider.equals("Clasp")
                    ? KeyManagerFactory.getInstance("PKIX", new ClaspProvider())
                    : KeyManagerFactory.getInstance("NewSunX509", "SunJSSE");
            List<KeyStore.Builder> b = new ArrayList<>();
            for (String s : stores) {
                b.add(KeyStore.Builder.newInstance(TestPki.load(s), new KeyStore.PasswordProtection(TestPki.PASSWORD)));
            }
            kmf.init(new KeyStoreBuilderParameters(b));
            km = kmf.getKeyManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLSv1.2", peer.provider());
        ctx.init(km, TestPki.trustManagers("truststore.p12"), null);
        return ctx;
    }

    private static String scheme(SSLSession s, boolean local) {
        if (!(s instanceof ClaspSSLSession c)) {
            return null;
        }
        return local ? c.getLocalSignatureScheme() : c.getPeerSignatureScheme();
    }

    @ParameterizedTest(name = "{0} -> {1} (server KM {2}) {3} clientAuth={4}")
    @CsvSource({
        "SUNJSSE, CLASP, Clasp, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, false",
        "SUNJSSE, CLASP, SunJSSE, TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, true",
        "SUNJSSE, CLASP, Clasp, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, true",
        "CLASP, SUNJSSE, SunJSSE, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, false",
        "CLASP, SUNJSSE, SunJSSE, TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, true",
        "CLASP, CLASP, Clasp, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, true"})
    void pssCertificatesBothRoles(Peer clientPeer, Peer serverPeer, String km, String suite, boolean clientAuth)
            throws Exception {
        SSLContext clientCtx = clientAuth ? context(clientPeer, km, "client-rsapss.p12") : context(clientPeer, km);
        SSLEngine client = clientCtx.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {suite});
        SSLEngine server = context(serverPeer, km, "server-rsapss.p12").createSSLEngine();
        server.setUseClientMode(false);
        server.setNeedClientAuth(clientAuth);
        EnginePair pair = new EnginePair(client, server);
        pair.handshake();
        assertEquals(suite, client.getSession().getCipherSuite());
        X509Certificate leaf = (X509Certificate) client.getSession().getPeerCertificates()[0];
        assertEquals("RSASSA-PSS", leaf.getPublicKey().getAlgorithm());
        for (String s : new String[] {scheme(client.getSession(), false), scheme(server.getSession(), true)}) {
            assertTrue(s == null || s.startsWith("rsa_pss_pss_"), s);
        }
        if (clientAuth) {
            X509Certificate c = (X509Certificate) server.getSession().getPeerCertificates()[0];
            assertEquals("RSASSA-PSS", c.getPublicKey().getAlgorithm());
            for (String s : new String[] {scheme(client.getSession(), true), scheme(server.getSession(), false)}) {
                assertTrue(s == null || s.startsWith("rsa_pss_pss_"), s);
            }
        }
        byte[] msg = "rsa_pss_pss".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(msg, pair.send(true, msg));
        assertArrayEquals(msg, pair.send(false, msg));
    }

    /**
     * A Clasp server holding both an RSA (rsae) and an RSASSA-PSS certificate (Clasp's or SunJSSE's key manager)
     * uses the PSS one only for a client that offers rsa_pss_pss_* and not the rsae/pkcs1 schemes: the RSA key type
     * comes first, as in SunJSSE. (Such a client's signature_algorithms also govern the chain, which the CAs signed
     * with rsa_pkcs1_sha256, RFC 5246 7.4.2; the JDK's trust manager would refuse it, so this client trusts through
     * a plain X509TrustManager, which sees no session constraints.)
     */
    @ParameterizedTest(name = "server KM {0}, client schemes {1}")
    @CsvSource({
        "Clasp, rsa_pss_pss_sha256, RSASSA-PSS, rsa_pss_pss_sha256",
        "SunJSSE, rsa_pss_pss_sha512, RSASSA-PSS, rsa_pss_pss_sha512",
        "Clasp, 'rsa_pss_rsae_sha384,rsa_pss_pss_sha256', RSA, rsa_pss_rsae_sha384",
        "SunJSSE, 'rsa_pkcs1_sha256', RSA, rsa_pkcs1_sha256",
        "Clasp, '', RSA, rsa_pss_rsae_sha256"})
    void pssCertificateOnlyForAClientOfferingRsaPssPss(String km, String schemes, String keyAlg, String used)
            throws Exception {
        javax.net.ssl.X509TrustManager jdk = (javax.net.ssl.X509TrustManager) TestPki.trustManagers("truststore.p12")[0];
        javax.net.ssl.X509TrustManager plain = new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType)
                    throws java.security.cert.CertificateException {
                jdk.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType)
                    throws java.security.cert.CertificateException {
                jdk.checkServerTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return jdk.getAcceptedIssuers();
            }
        };
        java.util.concurrent.Callable<SSLContext> make = () -> {
            SSLContext c = SSLContext.getInstance("TLSv1.2", new ClaspProvider());
            c.init(null, new javax.net.ssl.TrustManager[] {plain}, null);
            return c;
        };
        SSLContext clientCtx = schemes.isEmpty() ? make.call()
                : Groups.withProperty("jdk.tls.client.SignatureSchemes", schemes, make);
        SSLEngine client = clientCtx.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
        SSLEngine server = context(Peer.CLASP, km, "server-rsa.p12", "server-rsapss.p12").createSSLEngine();
        server.setUseClientMode(false);
        new EnginePair(client, server).handshake();
        X509Certificate leaf = (X509Certificate) client.getSession().getPeerCertificates()[0];
        assertEquals(keyAlg, leaf.getPublicKey().getAlgorithm());
        assertEquals(used, scheme(client.getSession(), false));
        assertEquals(used, scheme(server.getSession(), true));
    }
}
