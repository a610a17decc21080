package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.ClaspProvider;
import dev.clasp.it.TestPki.Peer;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Clasp's own KeyManagerFactory (PKIX) and TrustManagerFactory (PKIX) in real handshakes: a Clasp server picks
 * its certificate by the SNI host name of SunJSSE, BCJSSE and Clasp clients (RFC 6066 3), a valid one over an
 * expired one for the same name, and the key type the suite needs; Clasp's trust manager agrees with the JDK's.
 */
class ClaspKeyManagerFactoryTest {

    private static SSLContext claspServer(String keyStore) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", new ClaspProvider());
        kmf.init(TestPki.load(keyStore), TestPki.PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLSv1.2", new ClaspProvider());
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static TrustManager[] claspTrust() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", new ClaspProvider());
        tmf.init(TestPki.load("truststore.p12"));
        return tmf.getTrustManagers();
    }

    private static SSLContext client(Peer peer) throws Exception {
        if (peer != Peer.CLASP) {
            return TestPki.context(peer, null);
        }
        SSLContext ctx = SSLContext.getInstance("TLSv1.2", new ClaspProvider());
        ctx.init(null, claspTrust(), null);      // the Clasp client validates with the Clasp TMF too
        return ctx;
    }

    /** Handshakes a client for {@code host} (SNI and HTTPS endpoint identification) and returns the server's leaf. */
    private static X509Certificate handshake(Peer clientPeer, String host, SSLContext server, String suite)
            throws Exception {
        SSLEngine c = client(clientPeer).createSSLEngine(host, 443);
        c.setUseClientMode(true);
        SSLParameters p = c.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (suite != null) {
            p.setCipherSuites(new String[] {suite});
        }
        c.setSSLParameters(p);
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        EnginePair pair = new EnginePair(c, s);
        pair.handshake();
        return (X509Certificate) c.getSession().getPeerCertificates()[0];
    }

    private static String cn(X509Certificate cert) {
        String dn = cert.getSubjectX500Principal().getName();
        int i = dn.indexOf("CN=");
        return dn.substring(i + 3, dn.indexOf(',', i) < 0 ? dn.length() : dn.indexOf(',', i));
    }

    @ParameterizedTest(name = "{0} client asks for {1}")
    @CsvSource({"SUNJSSE,a.clasp.test,clasp-server-a", "SUNJSSE,b.clasp.test,clasp-server-b",
        "CLASP,a.clasp.test,clasp-server-a", "CLASP,b.clasp.test,clasp-server-b",
        "BCJSSE,a.clasp.test,clasp-server-a", "BCJSSE,b.clasp.test,clasp-server-b"})
    void serverPicksTheCertificateForTheRequestedName(Peer client, String host, String expectedCn) throws Exception {
        // server-sni.p12 also holds server-a-expired for a.clasp.test: the valid one must win (and verify).
        X509Certificate leaf = handshake(client, host, claspServer("server-sni.p12"), null);
        assertEquals(expectedCn, cn(leaf));
    }

    @Test
    void unknownNameStillGetsAValidCertificateNotTheExpiredOne() throws Exception {
        SSLEngine c = TestPki.context(Peer.SUNJSSE, null).createSSLEngine("c.clasp.test", 443);
        c.setUseClientMode(true);
        SSLEngine s = claspServer("server-sni.p12").createSSLEngine();
        s.setUseClientMode(false);
        EnginePair pair = new EnginePair(c, s);
        pair.handshake();    // no endpoint identification: any chain of the test PKI that is valid now passes
        String got = cn((X509Certificate) c.getSession().getPeerCertificates()[0]);
        assertTrue(got.equals("clasp-server-a") || got.equals("clasp-server-b"), got);
    }

    @Test
    void expiredOnlyStoreIsStillUsedAndTheClientRejectsIt() throws Exception {
        // Validity is a preference, not a filter (as SunJSSE): with only the expired leaf, it is sent.
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> handshake(Peer.SUNJSSE, "a.clasp.test", claspServer("server-a-expired.p12"), null));
        assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("valid")
                || String.valueOf(e.getCause()).contains("Expired"), String.valueOf(e));
    }

    /**
     * SunJSSE's X509KeyManagerImpl checks validity before the name (CheckResult OK > INSENSITIVE > EXPIRED): a valid
     * certificate for another name beats an expired one for the requested name. Clasp ranks the same way.
     */
    @ParameterizedTest(name = "{0} client asks for a.clasp.test")
    @CsvSource({"SUNJSSE", "CLASP", "BCJSSE"})
    void validCertificateForAnotherNameBeatsAnExpiredOneForTheName(Peer client) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", new ClaspProvider());
        kmf.init(new javax.net.ssl.KeyStoreBuilderParameters(java.util.List.of(
                KeyStore.Builder.newInstance(TestPki.load("server-a-expired.p12"),
                        new KeyStore.PasswordProtection(TestPki.PASSWORD)),
                KeyStore.Builder.newInstance(TestPki.load("server-b.p12"),
                        new KeyStore.PasswordProtection(TestPki.PASSWORD)))));
        SSLContext server = SSLContext.getInstance("TLSv1.2", new ClaspProvider());
        server.init(kmf.getKeyManagers(), null, null);
        SSLEngine c = client(client).createSSLEngine("a.clasp.test", 443);   // SNI a.clasp.test, no host check
        c.setUseClientMode(true);
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        new EnginePair(c, s).handshake();
        assertEquals("clasp-server-b", cn((X509Certificate) c.getSession().getPeerCertificates()[0]));
    }

    @ParameterizedTest(name = "{0} client, {1}")
    @CsvSource({"SUNJSSE,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,RSA",
        "SUNJSSE,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,EC",
        "CLASP,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,RSA",
        "CLASP,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,EC"})
    void serverPicksTheKeyTypeTheSuiteNeeds(Peer client, String suite, String keyAlg) throws Exception {
        X509Certificate leaf = handshake(client, "localhost", claspServer("server-all.p12"), suite);
        assertEquals(keyAlg, leaf.getPublicKey().getAlgorithm());
    }

    @Test
    void trustManagerAgreesWithTheJdks() throws Exception {
        X509ExtendedTrustManager clasp = (X509ExtendedTrustManager) claspTrust()[0];
        TrustManagerFactory jdkTmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        jdkTmf.init(TestPki.load("truststore.p12"));
        X509ExtendedTrustManager jdk = (X509ExtendedTrustManager) jdkTmf.getTrustManagers()[0];
        String[][] cases = {{"server-ec256", "ECDHE_ECDSA", "ok"}, {"server-rsa", "ECDHE_RSA", "ok"},
            {"server-a", "ECDHE_ECDSA", "ok"}, {"server-untrusted", "ECDHE_ECDSA", "bad"},
            {"server-expired", "ECDHE_ECDSA", "bad"}, {"server-a-expired", "ECDHE_ECDSA", "bad"}};
        for (String[] k : cases) {
            X509Certificate[] chain = chain(k[0]);
            if (k[2].equals("ok")) {
                clasp.checkServerTrusted(chain, k[1]);
                jdk.checkServerTrusted(chain, k[1]);
            } else {
                assertThrows(CertificateException.class, () -> clasp.checkServerTrusted(chain, k[1]), k[0]);
                assertThrows(CertificateException.class, () -> jdk.checkServerTrusted(chain, k[1]), k[0]);
            }
        }
        assertEquals(jdk.getAcceptedIssuers().length, clasp.getAcceptedIssuers().length);
    }

    @Test
    void untrustedServerFailsTheHandshakeWithClaspTrust() throws Exception {
        SSLContext server = claspServer("server-untrusted.p12");
        assertThrows(SSLHandshakeException.class, () -> handshake(Peer.CLASP, "localhost", server, null));
    }

    @Test
    void trustManagerFactoryDoesNotRecurseWhenClaspIsTheFirstProvider() throws Exception {
        ClaspProvider p = new ClaspProvider();
        java.security.Security.insertProviderAt(p, 1);
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            assertEquals(ClaspProvider.NAME, tmf.getProvider().getName());
            tmf.init((KeyStore) null);     // the JDK's cacerts through the JDK's PKIX
            assertTrue(tmf.getTrustManagers()[0] instanceof X509ExtendedTrustManager);
            assertEquals(ClaspProvider.NAME, KeyManagerFactory.getInstance("NewSunX509").getProvider().getName());
        } finally {
            java.security.Security.removeProvider(ClaspProvider.NAME);
        }
    }

    @ParameterizedTest(name = "socket, {0} client asks for {1}")
    @CsvSource({"SUNJSSE,b.clasp.test,clasp-server-b", "CLASP,a.clasp.test,clasp-server-a"})
    void serverSocketPicksByNameToo(Peer client, String host, String expectedCn) throws Exception {
        // The socket path: chooseServerAlias(keyType, issuers, socket) reads the socket's handshake session.
        try (javax.net.ssl.SSLServerSocket ss = (javax.net.ssl.SSLServerSocket) claspServer("server-sni.p12")
                .getServerSocketFactory().createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ss.setSoTimeout(20_000);
            java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.Future<?> accepted = ex.submit(() -> {
                    try (javax.net.ssl.SSLSocket a = (javax.net.ssl.SSLSocket) ss.accept()) {
                        a.setSoTimeout(20_000);
                        a.startHandshake();
                        a.getOutputStream().write(1);
                        a.getOutputStream().flush();
                        a.getInputStream().read();
                    }
                    return null;
                });
                try (java.net.Socket raw = new java.net.Socket(ss.getInetAddress(), ss.getLocalPort());
                        javax.net.ssl.SSLSocket c = (javax.net.ssl.SSLSocket) client(client).getSocketFactory()
                                .createSocket(raw, host, 443, true)) {
                    c.setSoTimeout(20_000);
                    SSLParameters p = c.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    c.setSSLParameters(p);
                    c.startHandshake();
                    assertEquals(1, c.getInputStream().read());
                    assertEquals(expectedCn, cn((X509Certificate) c.getSession().getPeerCertificates()[0]));
                    c.getOutputStream().write(2);
                    c.getOutputStream().flush();
                }
                accepted.get(30, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                ex.shutdownNow();
            }
        }
    }

    private static X509Certificate[] chain(String name) throws Exception {
        KeyStore ks = TestPki.load(name + ".p12");
        java.security.cert.Certificate[] c = ks.getCertificateChain(name);
        X509Certificate[] x = new X509Certificate[c.length];
        for (int i = 0; i < c.length; i++) {
            x[i] = (X509Certificate) c[i];
        }
        return x;
    }
}
