package dev.clasp.it.ocsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.ClaspProvider;
import dev.clasp.it.EnginePair;
import java.security.Provider;
import java.security.Security;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OCSP stapling (RFC 6066 8) in memory against SunJSSE and Clasp: a Clasp server that staples what the loopback
 * responder of {@link OcspPki} answers, a SunJSSE server that does the same, and clients whose trust manager reads
 * the stapled response from the handshake session (getStatusResponses) and, with revocation checking on, uses it
 * instead of asking the responder itself.
 */
class OcspStaplingTest {
    private static final Map<String, String> STAPLING = Map.of("jdk.tls.server.enableStatusRequestExtension", "true");
    private OcspPki pki;

    @BeforeEach
    void pki() throws Exception {
        pki = new OcspPki();
    }

    @AfterEach
    void close() {
        pki.close();
    }

    static <T> T with(Map<String, String> props, Callable<T> body) throws Exception {
        Map<String, String> old = new HashMap<>();
        props.forEach((k, v) -> {
            old.put(k, System.getProperty(k));
            System.setProperty(k, v);
        });
        try {
            return body.call();
        } finally {
            old.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    static Provider provider(String name) {
        return switch (name) {
            case "Clasp" -> new ClaspProvider();
            case "BCJSSE" -> new org.bouncycastle.jsse.provider.BouncyCastleJsseProvider(
                    new org.bouncycastle.jce.provider.BouncyCastleProvider());
            default -> Security.getProvider("SunJSSE");
        };
    }

    SSLContext server(String provider, Map<String, String> props) throws Exception {
        return with(props, () -> {
            SSLContext ctx = SSLContext.getInstance("TLSv1.2", provider(provider));
            ctx.init(pki.keyManagers().getKeyManagers(), new TrustManager[] {pki.plainTrust()}, null);
            return ctx;
        });
    }

    static SSLContext client(String provider, X509ExtendedTrustManager tm, Map<String, String> props)
            throws Exception {
        return with(props, () -> {
            SSLContext ctx = SSLContext.getInstance("TLSv1.2", provider(provider));
            ctx.init(null, new TrustManager[] {tm}, null);
            return ctx;
        });
    }

    static EnginePair pair(SSLContext client, SSLContext server) {
        SSLEngine c = client.createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        return new EnginePair(c, s);
    }

    static OCSPResp parse(byte[] der) throws Exception {
        OCSPResp r = new OCSPResp(der);
        assertEquals(OCSPResp.SUCCESSFUL, r.getStatus());
        return r;
    }

    /** Clasp or SunJSSE client, Clasp server: one fetch by the server, the client revocation-checks the staple. */
    @ParameterizedTest(name = "{0} client")
    @ValueSource(strings = {"Clasp", "SunJSSE"})
    void claspServerStaples(String clientProvider) throws Exception {
        OcspPki.Recording tm = new OcspPki.Recording(pki.revocationTrust());
        EnginePair p = pair(client(clientProvider, tm, Map.of()), server("Clasp", STAPLING));
        p.handshake();
        assertNotNull(tm.seen, "trust manager ran");
        // SunJSSE's TLS 1.2 form, which Clasp's client gives too: one response, for the leaf
        assertEquals(1, tm.seen.size(), clientProvider + " status responses");
        assertArrayEquals(pki.lastResponse(), tm.seen.get(0));
        BasicOCSPResp basic = (BasicOCSPResp) parse(tm.seen.get(0)).getResponseObject();
        assertEquals(pki.server.getSerialNumber(), basic.getResponses()[0].getCertID().getSerialNumber());
        // the server asked once; the client's revocation check used the staple rather than the responder
        assertEquals(1, pki.requests());
        assertEquals(1, ((ExtendedSSLSession) p.client.getSession()).getStatusResponses().size());
        byte[] back = ((ExtendedSSLSession) p.client.getSession()).getStatusResponses().get(0);
        back[0] ^= 1; // a copy: the session's own bytes are not reachable
        assertArrayEquals(pki.lastResponse(), ((ExtendedSSLSession) p.client.getSession()).getStatusResponses().get(0));
    }

    /** BCJSSE's client asks for status too and finds Clasp's staple in its handshake session. */
    @Test
    void bcJsseClientGetsTheStaple() throws Exception {
        OcspPki.Recording tm = new OcspPki.Recording(pki.plainTrust());
        pair(client("BCJSSE", tm, Map.of()), server("Clasp", STAPLING)).handshake();
        assertNotNull(tm.seen);
        assertTrue(!tm.seen.isEmpty(), "BCJSSE status responses");
        assertArrayEquals(pki.lastResponse(), tm.seen.get(0));
    }

    /** Over SSLSocket (loopback) the same: the Clasp client socket's handshake session holds the staple. */
    @Test
    void socketsCarryTheStaple() throws Exception {
        SSLContext server = server("Clasp", STAPLING);
        X509ExtendedTrustManager revocation = pki.revocationTrust();
        java.util.concurrent.atomic.AtomicReference<List<byte[]>> seen = new java.util.concurrent.atomic.AtomicReference<>();
        X509ExtendedTrustManager tm = new dev.clasp.it.ForwardingTrustManager(revocation) {
            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType,
                    java.net.Socket socket) throws java.security.cert.CertificateException {
                seen.set(((ExtendedSSLSession) ((javax.net.ssl.SSLSocket) socket).getHandshakeSession())
                        .getStatusResponses());
                super.checkServerTrusted(chain, authType, socket);
            }
        };
        SSLContext client = client("Clasp", tm, Map.of());
        try (javax.net.ssl.SSLServerSocket ss = (javax.net.ssl.SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ss.setSoTimeout(20_000);
            Thread t = new Thread(() -> {
                try (java.net.Socket s = ss.accept()) {
                    s.setSoTimeout(20_000);
                    s.getOutputStream().write(s.getInputStream().read());
                    s.getOutputStream().flush();
                } catch (java.io.IOException e) {
                    // the client's assertion reports it
                }
            });
            t.start();
            try (javax.net.ssl.SSLSocket c = (javax.net.ssl.SSLSocket) client.getSocketFactory()
                    .createSocket("localhost", ss.getLocalPort())) {
                c.setSoTimeout(20_000);
                c.getOutputStream().write(7);
                c.getOutputStream().flush();
                assertEquals(7, c.getInputStream().read());
                assertEquals(1, seen.get().size());
                assertArrayEquals(pki.lastResponse(), seen.get().get(0));
            }
            t.join(20_000);
        }
        assertEquals(1, pki.requests());
    }

    /** The response is cached: a second handshake on the same server context does not ask the responder again. */
    @Test
    void claspServerCachesTheResponse() throws Exception {
        SSLContext server = server("Clasp", STAPLING);
        for (int i = 0; i < 2; i++) {
            OcspPki.Recording tm = new OcspPki.Recording(pki.plainTrust());
            pair(client("Clasp", tm, Map.of()), server).handshake();
            assertEquals(1, tm.seen.size());
        }
        assertEquals(1, pki.requests());
    }

    /** SunJSSE server with stapling on, Clasp client: the staple reaches Clasp's handshake session. */
    @Test
    void sunJsseServerStaplesToClaspClient() throws Exception {
        OcspPki.Recording tm = new OcspPki.Recording(pki.revocationTrust());
        EnginePair p = pair(client("Clasp", tm, Map.of()), server("SunJSSE", STAPLING));
        p.handshake();
        assertEquals(1, tm.seen.size());
        assertArrayEquals(pki.lastResponse(), tm.seen.get(0));
        parse(tm.seen.get(0));
        assertEquals(1, pki.requests(), "Clasp's revocation check used the staple");
    }

    /** Off by default on a server (as SunJSSE): no fetch, no staple, an empty list (not null) in the session. */
    @ParameterizedTest(name = "{0} client")
    @ValueSource(strings = {"Clasp", "SunJSSE"})
    void serverStaplingIsOffByDefault(String clientProvider) throws Exception {
        OcspPki.Recording tm = new OcspPki.Recording(pki.plainTrust());
        pair(client(clientProvider, tm, Map.of()), server("Clasp", Map.of())).handshake();
        assertEquals(List.of(), tm.seen);
        assertEquals(0, pki.requests());
    }

    /** jdk.tls.client.enableStatusRequestExtension=false: the client does not ask, so SunJSSE does not staple. */
    @Test
    void clientPropertyTurnsTheRequestOff() throws Exception {
        OcspPki.Recording tm = new OcspPki.Recording(pki.plainTrust());
        pair(client("Clasp", tm, Map.of("jdk.tls.client.enableStatusRequestExtension", "false")),
                server("SunJSSE", STAPLING)).handshake();
        assertEquals(List.of(), tm.seen);
        assertEquals(0, pki.requests(), "SunJSSE fetched nothing for a client that did not ask");
    }

    /**
     * A revoked staple: the client's revocation-checking trust manager refuses the chain. SunJSSE's client sends
     * bad_certificate_status_response then, and so does Clasp's.
     */
    @ParameterizedTest(name = "{0} client")
    @ValueSource(strings = {"Clasp", "SunJSSE"})
    void revokedStapleIsRefused(String clientProvider) throws Exception {
        pki.revoke();
        OcspPki.Recording tm = new OcspPki.Recording(pki.revocationTrust());
        EnginePair p = pair(client(clientProvider, tm, Map.of()), server("Clasp", STAPLING));
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, p::handshake);
        assertTrue(parse(tm.seen.get(0)).getResponseObject() instanceof BasicOCSPResp b
                && b.getResponses()[0].getCertStatus() instanceof RevokedStatus, "the staple says revoked");
        // the alert record the client sends (in the clear: the client's keys are not in use yet)
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(p.client.getSession().getPacketBufferSize());
        p.client.wrap(java.nio.ByteBuffer.allocate(0), out);
        out.flip();
        assertTrue(out.remaining() >= 7 && out.get(0) == 21, "alert record, " + out + " / " + e);
        assertEquals(113, out.get(6) & 0xFF, "bad_certificate_status_response; " + e);
    }

    /**
     * A responder slower than jdk.tls.stapling.responseTimeout: the handshake goes on without a staple, well
     * before the responder would have answered.
     */
    @Test
    void slowResponderMeansNoStaple() throws Exception {
        pki.delay(4000);
        Map<String, String> props = Map.of("jdk.tls.server.enableStatusRequestExtension", "true",
                "jdk.tls.stapling.responseTimeout", "300");
        OcspPki.Recording tm = new OcspPki.Recording(pki.plainTrust());
        long start = System.nanoTime();
        pair(client("Clasp", tm, Map.of()), server("Clasp", props)).handshake();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(List.of(), tm.seen);
        assertTrue(ms < 3500, "handshake took " + ms + " ms");
    }

    /** jdk.tls.stapling.responderURI with responderOverride: the configured responder wins over the AIA. */
    @Test
    void responderOverride() throws Exception {
        try (OcspPki other = new OcspPki()) {
            // the other PKI's responder signs with another CA: the staple is stapled, and then only checked as bytes
            Map<String, String> props = Map.of("jdk.tls.server.enableStatusRequestExtension", "true",
                    "jdk.tls.stapling.responderURI", other.responderUri(),
                    "jdk.tls.stapling.responderOverride", "true");
            OcspPki.Recording tm = new OcspPki.Recording(pki.plainTrust());
            pair(client("Clasp", tm, Map.of()), server("Clasp", props)).handshake();
            assertEquals(0, pki.requests());
            assertEquals(1, other.requests());
        }
    }

    /** The responder is asked from the ClientHello's delegated task (NEED_TASK), not inside unwrap. */
    @Test
    void fetchRunsAsADelegatedTask() throws Exception {
        EnginePair p = pair(client("Clasp", pki.plainTrust(), Map.of()), server("Clasp", STAPLING));
        java.nio.ByteBuffer net = java.nio.ByteBuffer.allocate(p.client.getSession().getPacketBufferSize());
        java.nio.ByteBuffer app = java.nio.ByteBuffer.allocate(p.server.getSession().getApplicationBufferSize());
        p.client.wrap(java.nio.ByteBuffer.allocate(0), net);
        net.flip();
        p.server.unwrap(net, app);
        assertEquals(HandshakeStatus.NEED_TASK, p.server.getHandshakeStatus());
        assertEquals(0, pki.requests());
        for (Runnable t; (t = p.server.getDelegatedTask()) != null; ) {
            t.run();
        }
        assertEquals(1, pki.requests());
    }
}
