package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki.Peer;
import java.net.InetAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ALPN (RFC 7301) through the JSSE API, on engines and sockets, against SunJSSE and Clasp. */
class AlpnTest {
    private static SSLEngine engine(Peer peer, boolean client, String... protocols) throws Exception {
        SSLContext ctx = TestPki.context(peer, client ? null : "server-ec256.p12");
        SSLEngine e = client ? ctx.createSSLEngine("localhost", 443) : ctx.createSSLEngine();
        e.setUseClientMode(client);
        if (protocols.length > 0) {
            SSLParameters p = e.getSSLParameters();
            p.setApplicationProtocols(protocols);
            e.setSSLParameters(p);
        }
        return e;
    }

    @ParameterizedTest(name = "{0} client -> {1} server")
    @CsvSource({"CLASP, CLASP", "CLASP, SUNJSSE", "SUNJSSE, CLASP"})
    void serverPreferenceWins(Peer clientPeer, Peer serverPeer) throws Exception {
        SSLEngine c = engine(clientPeer, true, "http/1.1", "h2");
        SSLEngine s = engine(serverPeer, false, "h2", "http/1.1");
        assertNull(c.getApplicationProtocol(), "not yet known before the handshake");
        new EnginePair(c, s).handshake();
        assertEquals("h2", c.getApplicationProtocol());
        assertEquals("h2", s.getApplicationProtocol());
    }

    @ParameterizedTest(name = "{0} client -> {1} server")
    @CsvSource({"CLASP, CLASP", "CLASP, SUNJSSE", "SUNJSSE, CLASP"})
    void noCommonProtocolIsNoApplicationProtocol(Peer clientPeer, Peer serverPeer) throws Exception {
        SSLEngine c = engine(clientPeer, true, "spdy/3");
        SSLEngine s = engine(serverPeer, false, "h2");
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> new EnginePair(c, s).handshake());
        // Clasp names the alert; a SunJSSE server says "No matching application layer protocol values".
        assertTrue(e.getMessage().contains("no_application_protocol") || serverPeer == Peer.SUNJSSE
                && e.getMessage().contains("application layer protocol"), e.getMessage());
    }

    @Test
    void withoutAlpnTheProtocolIsEmpty() throws Exception {
        SSLEngine c = engine(Peer.CLASP, true);
        SSLEngine s = engine(Peer.CLASP, false, "h2");
        new EnginePair(c, s).handshake();
        assertEquals("", c.getApplicationProtocol());
        assertEquals("", s.getApplicationProtocol());
    }

    @Test
    void engineSelectorChoosesAndHandshakeProtocolIsVisibleToTheClientDuringTheHandshake() throws Exception {
        AtomicReference<List<String>> offered = new AtomicReference<>();
        AtomicReference<String> seenByClient = new AtomicReference<>();
        SSLEngine s = engine(Peer.CLASP, false);
        s.setHandshakeApplicationProtocolSelector((engine, list) -> {
            offered.set(list);
            return "proto-b";
        });
        X509ExtendedTrustManager pkix = (X509ExtendedTrustManager) TestPki.trustManagers("truststore.p12")[0];
        SSLContext cctx = SSLContext.getInstance("TLS", Peer.CLASP.provider());
        cctx.init(null, new TrustManager[] {new Recording(pkix, seenByClient)}, null);
        SSLEngine c = cctx.createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        SSLParameters p = c.getSSLParameters();
        p.setApplicationProtocols(new String[] {"proto-a", "proto-b"});
        c.setSSLParameters(p);
        new EnginePair(c, s).handshake();
        assertEquals(List.of("proto-a", "proto-b"), offered.get());
        assertEquals("proto-b", seenByClient.get(), "getHandshakeApplicationProtocol during the handshake");
        assertEquals("proto-b", c.getApplicationProtocol());
        assertNull(c.getHandshakeApplicationProtocol(), "no handshake in progress any more");
    }

    @Test
    void selectorReturningEmptyMeansNoAlpnAndNullMeansFailure() throws Exception {
        SSLEngine s = engine(Peer.CLASP, false);
        s.setHandshakeApplicationProtocolSelector((engine, list) -> "");
        SSLEngine c = engine(Peer.SUNJSSE, true, "h2");
        new EnginePair(c, s).handshake();
        assertEquals("", s.getApplicationProtocol());

        SSLEngine s2 = engine(Peer.CLASP, false);
        s2.setHandshakeApplicationProtocolSelector((engine, list) -> null);
        SSLEngine c2 = engine(Peer.SUNJSSE, true, "h2");
        assertThrows(SSLHandshakeException.class, () -> new EnginePair(c2, s2).handshake());
    }

    @Test
    void socketSelector() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (SSLServerSocket ss = (SSLServerSocket) TestPki.context(Peer.CLASP, "server-rsa.p12")
                .getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ss.setSoTimeout(20_000);
            Future<String> server = pool.submit(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setHandshakeApplicationProtocolSelector((sock, list) -> sock == s ? list.get(list.size() - 1) : null);
                    s.startHandshake();
                    return s.getApplicationProtocol();
                }
            });
            try (SSLSocket s = (SSLSocket) TestPki.context(Peer.SUNJSSE, null).getSocketFactory()
                    .createSocket("localhost", ss.getLocalPort())) {
                SSLParameters p = s.getSSLParameters();
                p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
                s.setSSLParameters(p);
                s.startHandshake();
                assertEquals("http/1.1", s.getApplicationProtocol());
            }
            assertEquals("http/1.1", server.get(20, TimeUnit.SECONDS), "the selector got its own socket");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Records the client engine's handshake application protocol while the server chain is checked. */
    private static final class Recording extends ForwardingTrustManager {
        private final AtomicReference<String> seen;

        Recording(X509ExtendedTrustManager tm, AtomicReference<String> seen) {
            super(tm);
            this.seen = seen;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException {
            seen.set(e.getHandshakeApplicationProtocol());
            delegate.checkServerTrusted(c, a, e);
        }
    }
}
