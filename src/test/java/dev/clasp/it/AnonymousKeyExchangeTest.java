package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.ClaspSSLSession;
import dev.clasp.it.TestPki.Peer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DH_anon suites (RFC 5246 7.4.2, 7.4.3, 7.4.4): supported, refused by the JDK's default
 * {@code jdk.tls.disabledAlgorithms} ("anon"), and when the policy allows them: no Certificate, an unsigned
 * ServerKeyExchange, no CertificateRequest, unauthenticated peers on both sides. Clasp against Clasp (SunJSSE and
 * BCJSSE read the policy once per JVM; openssl covers the native side in KeyExchangeNativeTest).
 */
class AnonymousKeyExchangeTest {
    static final String ANON_128 = "TLS_DH_anon_WITH_AES_128_GCM_SHA256";

    @Test
    void supportedButRefusedByTheDefaultPolicy() throws Exception {
        SSLContext ctx = TestPki.context(Peer.CLASP, null);
        SSLEngine e = ctx.createSSLEngine("localhost", 443);
        // As SunJSSE: the supported list is filtered by jdk.tls.disabledAlgorithms, which names "anon".
        assertFalse(Arrays.asList(e.getSupportedCipherSuites()).contains(ANON_128));
        assertFalse(Arrays.asList(e.getEnabledCipherSuites()).contains(ANON_128), "not enabled by default");
        assertTrue(Arrays.asList(anonContext(null).createSSLEngine().getSupportedCipherSuites()).contains(ANON_128),
                "supported once the policy allows anon");
        e.setUseClientMode(true);
        e.setEnabledCipherSuites(new String[] {ANON_128}); // known names are accepted (JSSE contract)
        SSLEngine server = TestPki.context(Peer.CLASP, "server-rsa.p12").createSSLEngine();
        server.setUseClientMode(false);
        SSLHandshakeException x = assertThrows(SSLHandshakeException.class, () -> new EnginePair(e, server).handshake());
        assertTrue(x.getMessage().contains("disabledAlgorithms"), x.getMessage());
    }

    static SSLContext anonContext(String keyStore) throws Exception {
        return StaticRsa.withoutEntry("anon", () -> TestPki.context(Peer.CLASP, keyStore));
    }

    @ParameterizedTest
    @ValueSource(strings = {ANON_128, "TLS_DH_anon_WITH_AES_256_GCM_SHA384", "TLS_DH_anon_WITH_AES_128_CBC_SHA256",
        "TLS_DH_anon_WITH_AES_256_CBC_SHA"})
    void handshakeWithoutCertificates(String suite) throws Exception {
        SSLEngine client = anonContext(null).createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {suite});
        // The server has a certificate and wants one from the client: neither is sent with an anonymous suite.
        SSLEngine server = anonContext("server-rsa.p12").createSSLEngine();
        server.setUseClientMode(false);
        server.setEnabledCipherSuites(new String[] {suite, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
        server.setWantClientAuth(true);
        EnginePair pair = new EnginePair(client, server);
        pair.handshake();
        for (SSLEngine e : List.of(client, server)) {
            assertEquals(suite, e.getSession().getCipherSuite());
            assertThrows(SSLPeerUnverifiedException.class, () -> e.getSession().getPeerCertificates());
            assertNull(e.getSession().getLocalCertificates());
            assertEquals("ffdhe2048", ((ClaspSSLSession) e.getSession()).getNamedGroup());
        }
        byte[] data = new byte[20_000];
        new java.util.Random(1).nextBytes(data);
        assertArrayEquals(data, pair.send(true, data));
        assertArrayEquals(data, pair.send(false, data));
        pair.close(true);
    }

    /** SunJSSE's rule: an anonymous suite cannot satisfy needClientAuth, so the server picks another or fails. */
    @Test
    void needClientAuthExcludesAnonymousSuites() throws Exception {
        SSLEngine client = anonContext(null).createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {ANON_128});
        SSLEngine server = anonContext("server-rsa.p12").createSSLEngine();
        server.setUseClientMode(false);
        server.setEnabledCipherSuites(new String[] {ANON_128});
        server.setNeedClientAuth(true);
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> new EnginePair(client, server).handshake());
        assertTrue(e.getMessage().contains("handshake_failure"), e.getMessage());
    }

    /** RFC 5246 7.4.4: "It is a fatal handshake_failure alert for an anonymous server to request client auth...". */
    @Test
    void certificateRequestFromAnAnonymousServerIsFatal() throws Exception {
        SSLEngine client = anonContext("client-rsa.p12").createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {ANON_128});
        SSLEngine server = anonContext("server-rsa.p12").createSSLEngine();
        server.setUseClientMode(false);
        server.setEnabledCipherSuites(new String[] {ANON_128});
        byte[] request = new dev.clasp.message.CertificateRequest(new byte[] {1}, List.of(0x0401), List.of()).encode();
        MitmPair p = new MitmPair(client, server, NegativeHandshakeTest.handshakeMessages(false, msgs -> {
            int done = NegativeHandshakeTest.indexOfType(msgs, 14);
            if (done >= 0) {
                msgs.add(done, request);
            }
            return msgs;
        })).run();
        NegativeHandshakeTest.assertDetected(p, true, Peer.CLASP, dev.clasp.alert.AlertDescription.HANDSHAKE_FAILURE,
                SSLHandshakeException.class, "anonymous server requested a client certificate");
    }

    /** The client's trust manager is never asked: there is nothing to check (and nothing authenticated). */
    @Test
    void trustManagerNotConsulted() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        X509TrustManager counting = new X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
                calls.incrementAndGet();
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
                calls.incrementAndGet();
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        };
        SSLContext ctx = StaticRsa.withoutEntry("anon", () -> {
            SSLContext c = SSLContext.getInstance("TLSv1.2", new dev.clasp.ClaspProvider());
            c.init(null, new javax.net.ssl.TrustManager[] {counting}, null);
            return c;
        });
        SSLEngine client = ctx.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {ANON_128});
        SSLEngine server = anonContext("server-rsa.p12").createSSLEngine();
        server.setUseClientMode(false);
        server.setEnabledCipherSuites(new String[] {ANON_128});
        new EnginePair(client, server).handshake();
        assertEquals(0, calls.get());
    }
}
