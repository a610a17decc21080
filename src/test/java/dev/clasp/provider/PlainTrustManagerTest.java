package dev.clasp.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.ClaspProvider;
import dev.clasp.it.EnginePair;
import dev.clasp.it.TestPki;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A plain X509TrustManager (not the extended interface) still gets endpoint identification when the
 * application asks for it, as SunJSSE wraps it (JSSE-CONTRACT "Key managers and trust managers").
 */
class PlainTrustManagerTest {
    /** Trusts the test root by delegating to the PKIX manager's plain two-argument methods only. */
    private static TrustManager[] plain(AtomicInteger calls) throws Exception {
        X509TrustManager pkix = (X509TrustManager) TestPki.trustManagers("truststore.p12")[0];
        return new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                pkix.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                calls.incrementAndGet();
                pkix.checkServerTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return pkix.getAcceptedIssuers();
            }
        }};
    }

    @ParameterizedTest(name = "{0} via {1}, endpoint id {2}: ok={3}")
    @CsvSource({
        "server-ec256.p12, localhost, HTTPS, true",
        "server-ec256.p12, 127.0.0.1, HTTPS, true",
        "server-wronghost.p12, localhost, HTTPS, false",
        "server-wronghost.p12, localhost, LDAPS, false",
        "server-wronghost.p12, localhost, '', true"})
    void endpointIdentificationApplies(String serverKeys, String host, String endpointId, boolean ok)
            throws Exception {
        AtomicInteger calls = new AtomicInteger();
        SSLContext cctx = SSLContext.getInstance("TLS", new ClaspProvider());
        cctx.init(null, plain(calls), null);
        SSLEngine client = cctx.createSSLEngine(host, 443);
        client.setUseClientMode(true);
        SSLParameters p = client.getSSLParameters();
        p.setEndpointIdentificationAlgorithm(endpointId.isEmpty() ? null : endpointId);
        client.setSSLParameters(p);
        SSLEngine server = TestPki.context(TestPki.Peer.CLASP, serverKeys).createSSLEngine();
        server.setUseClientMode(false);
        EnginePair pair = new EnginePair(client, server);
        if (ok) {
            pair.handshake();
            assertEquals("TLSv1.2", client.getSession().getProtocol());
        } else {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class, pair::handshake);
            assertTrue(e.getMessage().contains("wrong.example.com") && e.getMessage().contains("certificate_unknown"),
                    "names what the certificate holds and the alert: " + e.getMessage());
        }
        assertEquals(1, calls.get(), "the application's own trust manager was consulted");
    }
}
