package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki.Peer;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 "Limits": the handshake message size cap and the inbound certificate chain length cap, read from
 * SunJSSE's system properties when a Clasp context is initialised, each refusing with a fatal alert.
 */
class LimitsTest {
    private static SSLContext withProperty(String name, String value, Callable<SSLContext> make) throws Exception {
        synchronized (Groups.class) {
            String old = System.getProperty(name);
            System.setProperty(name, value);
            try {
                return make.call();
            } finally {
                if (old == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, old);
                }
            }
        }
    }

    private static EnginePair pair(SSLContext client, SSLContext server) {
        SSLEngine c = client.createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        return new EnginePair(c, s);
    }

    @Test
    void handshakeMessageSizeCap() throws Exception {
        SSLContext server = TestPki.context(Peer.SUNJSSE, "server-rsa.p12");
        // the RSA server's Certificate message is about 3 KB
        SSLContext small = withProperty("jdk.tls.maxHandshakeMessageSize", "1000",
                () -> TestPki.context(Peer.CLASP, null));
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> pair(small, server).handshake());
        assertTrue(e.getMessage().contains("jdk.tls.maxHandshakeMessageSize")
                && e.getMessage().contains("decode_error"), e.getMessage());

        SSLContext ample = withProperty("jdk.tls.maxHandshakeMessageSize", "5000",
                () -> TestPki.context(Peer.CLASP, null));
        EnginePair ok = pair(ample, server);
        ok.handshake();
        assertEquals("TLSv1.2", ok.client.getSession().getProtocol());
    }

    @Test
    void certificateChainLengthCap() throws Exception {
        SSLContext server = TestPki.context(Peer.SUNJSSE, "server-ec256.p12");   // sends leaf + intermediate + root
        SSLContext strict = withProperty("jdk.tls.client.maxInboundCertificateChainLength", "2",
                () -> TestPki.context(Peer.CLASP, null));
        EnginePair p = pair(strict, server);
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, p::handshake);
        assertTrue(e.getMessage().contains("exceeds the limit of 2") && e.getMessage().contains("bad_certificate"),
                e.getMessage());

        SSLContext general = withProperty("jdk.tls.maxCertificateChainLength", "2",
                () -> TestPki.context(Peer.CLASP, null));
        assertThrows(SSLHandshakeException.class, () -> pair(general, server).handshake(),
                "the general property applies when the role's own is unset");

        pair(TestPki.context(Peer.CLASP, null), server).handshake();   // the default (10) admits it
    }

    @Test
    void serverCapsClientChains() throws Exception {
        SSLContext server = withProperty("jdk.tls.server.maxInboundCertificateChainLength", "1",
                () -> TestPki.context(Peer.CLASP, "server-ec256.p12"));
        SSLContext client = TestPki.context(Peer.SUNJSSE, "client-ec.p12");
        SSLEngine c = client.createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        s.setNeedClientAuth(true);
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> new EnginePair(c, s).handshake());
        assertTrue(e.getMessage().contains("bad_certificate"), e.getMessage());
    }
}
