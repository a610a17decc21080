package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.ClaspSSLSession;
import dev.clasp.it.TestPki.Peer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Session-ID resumption (RFC 5246 7.3 abbreviated handshake, RFC 7627 5.3): the second connection to the same
 * peer resumes (same session id, no certificate check), in both roles against each real peer; and the cases
 * where a full handshake must happen instead.
 */
class ResumptionTest {

    /** Counts server-certificate checks: a resumed handshake makes none. */
    static final class Counting extends ForwardingTrustManager {
        final AtomicInteger serverChecks = new AtomicInteger();

        Counting(X509ExtendedTrustManager tm) {
            super(tm);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException {
            serverChecks.incrementAndGet();
            delegate.checkServerTrusted(c, a, s);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException {
            serverChecks.incrementAndGet();
            delegate.checkServerTrusted(c, a, e);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a) throws CertificateException {
            serverChecks.incrementAndGet();
            delegate.checkServerTrusted(c, a);
        }
    }

    private static SSLContext clientContext(Peer peer, Counting counting) throws Exception {
        if (peer == Peer.BCJSSE) {
            return TestPki.context(peer, null);
        }
        SSLContext c = SSLContext.getInstance("TLSv1.2", peer.provider());
        c.init(null, new TrustManager[] {counting}, null);
        return c;
    }

    private static Counting counting() throws Exception {
        return new Counting((X509ExtendedTrustManager) TestPki.trustManagers("truststore.p12")[0]);
    }

    private static SSLEngine[] connect(SSLContext client, SSLContext server, String host, String... suites)
            throws Exception {
        SSLEngine c = client.createSSLEngine(host, 8443);
        c.setUseClientMode(true);
        if (suites.length > 0) {
            c.setEnabledCipherSuites(suites);
        }
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        EnginePair pair = new EnginePair(c, s);
        pair.handshake();
        byte[] msg = "after handshake".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(msg, pair.send(true, msg));
        assertArrayEquals(msg, pair.send(false, msg));
        return new SSLEngine[] {c, s};
    }

    @ParameterizedTest(name = "{0} client -> {1} server")
    @CsvSource({"CLASP, CLASP", "CLASP, SUNJSSE", "SUNJSSE, CLASP", "CLASP, BCJSSE", "BCJSSE, CLASP"})
    void secondConnectionResumes(Peer clientPeer, Peer serverPeer) throws Exception {
        Counting counting = counting();
        SSLContext client = clientContext(clientPeer, counting);
        SSLContext server = TestPki.context(serverPeer, "server-ec256.p12");

        SSLEngine[] first = connect(client, server, "localhost");
        if (clientPeer == Peer.CLASP) {
            assertFalse(((ClaspSSLSession) first[0].getSession()).isResumed(), "the first handshake is full");
        }
        SSLEngine[] second = connect(client, server, "localhost");

        SSLSession c1 = first[0].getSession();
        SSLSession c2 = second[0].getSession();
        assertArrayEquals(c1.getId(), c2.getId(), "the client resumed the same session");
        assertArrayEquals(first[1].getSession().getId(), second[1].getSession().getId(), "server side agrees");
        assertEquals(c1.getCipherSuite(), c2.getCipherSuite());
        assertEquals(c1.getPeerCertificates()[0], c2.getPeerCertificates()[0], "the resumed session keeps the chain");
        if (clientPeer != Peer.BCJSSE) {
            assertEquals(1, counting.serverChecks.get(), "no certificate check in the abbreviated handshake");
        }
        if (serverPeer == Peer.CLASP) {
            assertSame(first[1].getSession(), second[1].getSession(), "the same SSLSession object, as SunJSSE");
            assertTrue(((ClaspSSLSession) second[1].getSession()).isResumed());
        }
        if (clientPeer == Peer.CLASP) {
            assertSame(c1, c2);
            assertTrue(((ClaspSSLSession) c2).isResumed());
        }
    }

    @Test
    void differentServerNameGetsAFullHandshake() throws Exception {
        Counting counting = counting();
        SSLContext client = clientContext(Peer.CLASP, counting);
        SSLContext server = TestPki.context(Peer.CLASP, "server-ec256.p12");
        SSLEngine[] first = connect(client, server, "localhost");

        SSLEngine c = client.createSSLEngine("localhost", 8443);
        c.setUseClientMode(true);
        SSLParameters p = c.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName("other.example.com")));
        c.setSSLParameters(p);
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        new EnginePair(c, s).handshake();
        assertFalse(Arrays.equals(first[0].getSession().getId(), c.getSession().getId()));
        assertEquals(2, counting.serverChecks.get(), "full handshake: the chain was checked again");
    }

    @Test
    void suiteNoLongerEnabledGetsAFullHandshake() throws Exception {
        Counting counting = counting();
        SSLContext client = clientContext(Peer.CLASP, counting);
        SSLContext server = TestPki.context(Peer.CLASP, "server-ec256.p12");
        SSLEngine[] first = connect(client, server, "localhost", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        SSLEngine[] second = connect(client, server, "localhost", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        assertNotEquals(first[0].getSession().getCipherSuite(), second[0].getSession().getCipherSuite());
        assertFalse(Arrays.equals(first[0].getSession().getId(), second[0].getSession().getId()));
        assertEquals(2, counting.serverChecks.get());
    }

    @Test
    void invalidatedSessionIsNotResumed() throws Exception {
        Counting counting = counting();
        SSLContext client = clientContext(Peer.CLASP, counting);
        SSLContext server = TestPki.context(Peer.CLASP, "server-ec256.p12");
        SSLEngine[] first = connect(client, server, "localhost");
        first[0].getSession().invalidate();
        SSLEngine[] second = connect(client, server, "localhost");
        assertFalse(Arrays.equals(first[0].getSession().getId(), second[0].getSession().getId()));
        assertEquals(2, counting.serverChecks.get());

        // and a server-side invalidate refuses what the client offers
        second[1].getSession().invalidate();
        SSLEngine[] third = connect(client, server, "localhost");
        assertFalse(Arrays.equals(second[0].getSession().getId(), third[0].getSession().getId()));
        assertEquals(3, counting.serverChecks.get());
    }
}
