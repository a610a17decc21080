package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki.Peer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 5746 secure renegotiation over SSLEngine pairs: server-initiated (HelloRequest) and client-initiated, data
 * both ways in the old and the new keys around it, a client certificate added by renegotiating with
 * setNeedClientAuth(true), and a Clasp server refusing client-initiated renegotiation by default
 * ({@code jdk.tls.rejectClientInitiatedRenegotiation}) with a no_renegotiation warning.
 */
class RenegotiationTest {
    private static final String ALLOW = "jdk.tls.rejectClientInitiatedRenegotiation";

    private static SSLContext server(Peer peer, boolean allowClientInitiated) throws Exception {
        return SessionTicketTest.withProperty(ALLOW, allowClientInitiated ? "false" : "true",
                () -> TestPki.context(peer, "server-ec256.p12"));
    }

    private static EnginePair connect(SSLContext client, SSLContext server) throws Exception {
        SSLEngine c = client.createSSLEngine("localhost", 8443);
        c.setUseClientMode(true);
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        EnginePair pair = new EnginePair(c, s);
        pair.handshake();
        return pair;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void dataBothWays(EnginePair p, String tag) throws Exception {
        assertArrayEquals(bytes("c->s " + tag), p.send(true, bytes("c->s " + tag)));
        assertArrayEquals(bytes("s->c " + tag), p.send(false, bytes("s->c " + tag)));
    }

    @ParameterizedTest(name = "{0} client, {1} server, client starts: {2}")
    @CsvSource({"CLASP, CLASP, false", "CLASP, CLASP, true", "SUNJSSE, CLASP, false", "SUNJSSE, CLASP, true",
            "CLASP, SUNJSSE, false", "CLASP, SUNJSSE, true"})
    void renegotiatesWithDataAroundIt(Peer clientPeer, Peer serverPeer, boolean clientStarts) throws Exception {
        EnginePair p = connect(TestPki.context(clientPeer, "client-ec.p12"), server(serverPeer, true));
        dataBothWays(p, "before");
        SSLSession clientBefore = p.client.getSession();
        SSLSession serverBefore = p.server.getSession();
        byte[][] got = p.renegotiate(clientStarts, bytes("client data during renegotiation"),
                bytes("server data during renegotiation"));
        assertArrayEquals(bytes("client data during renegotiation"), got[1]);
        assertArrayEquals(bytes("server data during renegotiation"), got[0]);
        dataBothWays(p, "after");
        if (clientPeer == Peer.SUNJSSE) {
            // SunJSSE offers its session again when it renegotiates: an abbreviated renegotiation (RFC 5246 7.3)
            assertTrue(((dev.clasp.engine.ClaspSSLSession) p.server.getSession()).isResumed(), "resumed");
        } else {
            assertNotSame(clientBefore, p.client.getSession(), "a new session");
            assertNotSame(serverBefore, p.server.getSession());
            assertFalse(Arrays.equals(clientBefore.getId(), p.client.getSession().getId()));
        }
        assertArrayEquals(p.client.getSession().getId(), p.server.getSession().getId());
        // and once more, the other way round
        p.renegotiate(!clientStarts, new byte[0], new byte[0]);
        dataBothWays(p, "again");
    }

    @ParameterizedTest(name = "{0} client, {1} server")
    @CsvSource({"CLASP, CLASP", "SUNJSSE, CLASP", "CLASP, SUNJSSE"})
    void renegotiationAddsAClientCertificate(Peer clientPeer, Peer serverPeer) throws Exception {
        EnginePair p = connect(TestPki.context(clientPeer, "client-ec.p12"), server(serverPeer, false));
        assertThrows(SSLPeerUnverifiedException.class, () -> p.server.getSession().getPeerCertificates());
        p.server.setNeedClientAuth(true);
        p.renegotiate(false, bytes("x"), bytes("y"));
        X509Certificate leaf = (X509Certificate) p.server.getSession().getPeerCertificates()[0];
        assertTrue(leaf.getSubjectX500Principal().getName().contains("CN=clasp-client-ec"), leaf.toString());
        assertEquals(leaf, p.client.getSession().getLocalCertificates()[0]);
        dataBothWays(p, "authenticated");
    }

    /** BCJSSE 1.84 does not renegotiate: it answers with no_renegotiation, and both Clasp roles carry on. */
    @ParameterizedTest(name = "Clasp as client: {0}")
    @CsvSource({"false", "true"})
    void bcjsseRefusesAndTheConnectionGoesOn(boolean claspIsClient) throws Exception {
        EnginePair p = claspIsClient
                ? connect(TestPki.context(Peer.CLASP, null), TestPki.context(Peer.BCJSSE, "server-ec256.p12"))
                : connect(TestPki.context(Peer.BCJSSE, null), server(Peer.CLASP, true));
        SSLSession before = (claspIsClient ? p.client : p.server).getSession();
        byte[][] got = p.renegotiate(claspIsClient, bytes("from client"), bytes("from server"));
        assertArrayEquals(bytes("from server"), got[0]);
        assertArrayEquals(bytes("from client"), got[1]);
        assertSame(before, (claspIsClient ? p.client : p.server).getSession(), "the refused renegotiation left it");
        dataBothWays(p, "after refusal");
    }

    @ParameterizedTest(name = "{0} client refused")
    @CsvSource({"CLASP", "SUNJSSE"})
    void claspServerRefusesClientInitiatedByDefault(Peer clientPeer) throws Exception {
        EnginePair p = connect(TestPki.context(clientPeer, null), server(Peer.CLASP, false));
        SSLSession serverBefore = p.server.getSession();
        SSLSession clientBefore = p.client.getSession();
        if (clientPeer == Peer.CLASP) {
            p.renegotiate(true, bytes("a"), bytes("b"));
            assertSame(clientBefore, p.client.getSession(), "the client went back to its session");
        } else {
            // SunJSSE treats a no_renegotiation answer to its renegotiation as fatal (handshake_failure).
            javax.net.ssl.SSLException e = assertThrows(javax.net.ssl.SSLException.class,
                    () -> p.renegotiate(true, new byte[0], new byte[0]));
            assertTrue(String.valueOf(e.getMessage()).contains("no_renegotiation"), e.toString());
            return;
        }
        assertSame(serverBefore, p.server.getSession(), "no new session on the server");
        assertTrue(p.serverResults.size() > 0);
        dataBothWays(p, "still open");
        assertNotEquals(null, p.client.getSession().getCipherSuite());
    }
}
