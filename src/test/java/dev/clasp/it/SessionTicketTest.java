package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.ClaspSSLSession;
import dev.clasp.it.TestPki.Peer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 5077 session tickets: a Clasp server issues them and resumes from them without its id cache, a Clasp
 * client stores and presents them, against Clasp, SunJSSE and BCJSSE; and the properties that turn them off.
 */
public class SessionTicketTest {

    static SSLEngine[] connect(SSLContext client, SSLContext server) throws Exception {
        SSLEngine c = client.createSSLEngine("localhost", 8443);
        c.setUseClientMode(true);
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        EnginePair pair = new EnginePair(c, s);
        pair.handshake();
        byte[] msg = "after handshake".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(msg, pair.send(true, msg));
        assertArrayEquals(msg, pair.send(false, msg));
        return new SSLEngine[] {c, s};
    }

    public static SSLContext withProperty(String name, String value, Callable<SSLContext> make) throws Exception {
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

    private static int cached(SSLContext ctx, boolean server) {
        return Collections.list((server ? ctx.getServerSessionContext() : ctx.getClientSessionContext()).getIds())
                .size();
    }

    @Test
    void claspServerResumesFromTheTicketAloneWhenItsCacheForgotTheSession() throws Exception {
        SSLContext server = TestPki.context(Peer.CLASP, "server-ec256.p12");
        server.getServerSessionContext().setSessionCacheSize(1);
        SSLContext clientA = TestPki.context(Peer.CLASP, null);
        SSLContext clientB = TestPki.context(Peer.CLASP, null);

        SSLEngine[] first = connect(clientA, server);
        ClaspSSLSession c1 = (ClaspSSLSession) first[0].getSession();
        assertTrue(c1.hasTicket(), "the server issued a ticket");
        assertFalse(c1.isResumed());
        connect(clientB, server); // pushes A's session out of the server's one-entry id cache
        assertEquals(null, server.getServerSessionContext().getSession(c1.getId()), "A's session left the cache");

        SSLEngine[] second = connect(clientA, server);
        ClaspSSLSession c2 = (ClaspSSLSession) second[0].getSession();
        ClaspSSLSession s2 = (ClaspSSLSession) second[1].getSession();
        assertTrue(s2.isResumed() && s2.isResumedFromTicket(), "the server resumed from the ticket");
        assertSame(c1, c2, "the client continued its session");
        assertTrue(c2.isResumed());
        assertArrayEquals(c1.getId(), s2.getId(), "the server echoed the client's session id (RFC 5077 3.4)");
        assertEquals(first[0].getSession().getCipherSuite(), s2.getCipherSuite());
        assertEquals(first[1].getSession().getCreationTime(), s2.getCreationTime(), "the ticket kept the session's time");
        assertArrayEquals(first[1].getSession().getLocalCertificates(), s2.getLocalCertificates());
        assertFalse(containsId(server, s2.getId()), "a ticket-only session stays out of the id cache");
    }

    /**
     * A ticket under the previous key still resumes, and the server renews it in the abbreviated handshake
     * (NewSessionTicket between ServerHello and CCS, RFC 5077 3.1): the client's next resumption, once the first
     * key is gone, works only with the renewed ticket. Keys rotate every second here.
     */
    @Test
    void ticketUnderThePreviousKeyIsRenewed() throws Exception {
        SSLContext server = withProperty("jdk.tls.server.statelessKeyTimeout", "1",
                () -> TestPki.context(Peer.CLASP, "server-ec256.p12"));
        SSLContext client = TestPki.context(Peer.CLASP, null);
        connect(client, server);
        Thread.sleep(1300);                                  // key 1 becomes the previous key
        SSLEngine[] second = connect(client, server);
        ClaspSSLSession s2 = (ClaspSSLSession) second[1].getSession();
        assertTrue(s2.isResumedFromTicket(), "the previous key still opens");
        Thread.sleep(1300);                                  // key 1 is gone; key 2 (the renewal's) is previous
        SSLEngine[] third = connect(client, server);
        ClaspSSLSession s3 = (ClaspSSLSession) third[1].getSession();
        assertTrue(s3.isResumedFromTicket(), "resumed with the renewed ticket");
        assertSame(second[0].getSession(), third[0].getSession());
    }

    @Test
    void serverSideInvalidateStopsTicketResumption() throws Exception {
        SSLContext server = TestPki.context(Peer.CLASP, "server-ec256.p12");
        SSLContext client = TestPki.context(Peer.CLASP, null);
        SSLEngine[] first = connect(client, server);
        assertTrue(((ClaspSSLSession) first[0].getSession()).hasTicket());
        first[1].getSession().invalidate();
        SSLEngine[] second = connect(client, server);
        assertFalse(((ClaspSSLSession) second[1].getSession()).isResumed(), "full handshake");
        assertFalse(Arrays.equals(first[0].getSession().getId(), second[0].getSession().getId()));
    }

    @ParameterizedTest(name = "{0} client -> Clasp server")
    @EnumSource(value = Peer.class, names = {"CLASP", "SUNJSSE"})
    void claspServerResumesPeerClientsFromTickets(Peer clientPeer) throws Exception {
        SSLContext server = TestPki.context(Peer.CLASP, "server-ec256.p12");
        SSLContext client = withProperty("jdk.tls.client.enableSessionTicketExtension", "true",
                () -> TestPki.context(clientPeer, null));
        SSLEngine[] first = connect(client, server);
        assertFalse(((ClaspSSLSession) first[1].getSession()).isResumed());
        SSLEngine[] second = connect(client, server);
        ClaspSSLSession s2 = (ClaspSSLSession) second[1].getSession();
        assertTrue(s2.isResumed(), "resumed");
        assertTrue(s2.isResumedFromTicket(), "from the ticket the client presented");
        assertArrayEquals(first[0].getSession().getId(), second[0].getSession().getId(), "client: same session");
        assertArrayEquals(second[0].getSession().getId(), s2.getId());
    }

    @ParameterizedTest(name = "Clasp client -> {0} server")
    @EnumSource(value = Peer.class, names = {"CLASP", "SUNJSSE"})
    void claspClientResumesWithPeerServersTickets(Peer serverPeer) throws Exception {
        SSLContext server = withProperty("jdk.tls.server.enableSessionTicketExtension", "true",
                () -> TestPki.context(serverPeer, "server-ec256.p12"));
        SSLContext client = TestPki.context(Peer.CLASP, null);
        SSLEngine[] first = connect(client, server);
        ClaspSSLSession c1 = (ClaspSSLSession) first[0].getSession();
        assertTrue(c1.hasTicket(), "the server issued a ticket");
        if (serverPeer == Peer.SUNJSSE) {
            assertEquals(0, cached(server, true), "SunJSSE went stateless: only the ticket can resume");
        }
        SSLEngine[] second = connect(client, server);
        ClaspSSLSession c2 = (ClaspSSLSession) second[0].getSession();
        assertSame(c1, c2);
        assertTrue(c2.isResumed(), "resumed with the ticket");
        assertEquals(c1.getCipherSuite(), second[1].getSession().getCipherSuite());
        assertEquals(c1.getPeerCertificates()[0], c2.getPeerCertificates()[0]);
    }

    @Test
    void bcjsseInterop() throws Exception {
        // BCJSSE 1.84 neither sends nor issues tickets in TLS 1.2: it must still resume (by id) against ours.
        SSLContext claspServer = TestPki.context(Peer.CLASP, "server-ec256.p12");
        SSLContext bcClient = TestPki.context(Peer.BCJSSE, null);
        SSLEngine[] a = connect(bcClient, claspServer);
        SSLEngine[] b = connect(bcClient, claspServer);
        assertArrayEquals(a[1].getSession().getId(), b[1].getSession().getId());
        assertTrue(((ClaspSSLSession) b[1].getSession()).isResumed());
        assertFalse(((ClaspSSLSession) b[1].getSession()).isResumedFromTicket(), "BCJSSE sent no ticket");

        SSLContext bcServer = TestPki.context(Peer.BCJSSE, "server-ec256.p12");
        SSLContext claspClient = TestPki.context(Peer.CLASP, null);
        SSLEngine[] c = connect(claspClient, bcServer);
        assertFalse(((ClaspSSLSession) c[0].getSession()).hasTicket(), "BCJSSE issued no ticket");
        SSLEngine[] d = connect(claspClient, bcServer);
        assertTrue(((ClaspSSLSession) d[0].getSession()).isResumed());
        assertSame(c[0].getSession(), d[0].getSession());
    }

    @Test
    void serverPropertyOffMeansNoTicket() throws Exception {
        SSLContext server = withProperty("jdk.tls.server.enableSessionTicketExtension", "false",
                () -> TestPki.context(Peer.CLASP, "server-ec256.p12"));
        SSLContext client = TestPki.context(Peer.CLASP, null);
        SSLEngine[] first = connect(client, server);
        assertFalse(((ClaspSSLSession) first[0].getSession()).hasTicket());
        SSLEngine[] second = connect(client, server);
        ClaspSSLSession s2 = (ClaspSSLSession) second[1].getSession();
        assertTrue(s2.isResumed() && !s2.isResumedFromTicket(), "session-id resumption still works");
    }

    @Test
    void clientPropertyOffMeansNoTicket() throws Exception {
        SSLContext server = TestPki.context(Peer.CLASP, "server-ec256.p12");
        SSLContext client = withProperty("jdk.tls.client.enableSessionTicketExtension", "false",
                () -> TestPki.context(Peer.CLASP, null));
        SSLEngine[] first = connect(client, server);
        assertFalse(((ClaspSSLSession) first[0].getSession()).hasTicket());
        SSLEngine[] second = connect(client, server);
        ClaspSSLSession s2 = (ClaspSSLSession) second[1].getSession();
        assertTrue(s2.isResumed() && !s2.isResumedFromTicket());
    }

    @Test
    void aSuiteNoLongerEnabledGetsAFullHandshakeDespiteTheTicket() throws Exception {
        SSLContext server = TestPki.context(Peer.CLASP, "server-ec256.p12");
        server.getServerSessionContext().setSessionCacheSize(1);
        SSLContext client = TestPki.context(Peer.CLASP, null);
        SSLEngine[] first = connect(client, server);
        connect(TestPki.context(Peer.CLASP, null), server); // evict: only the ticket could resume
        SSLEngine c = client.createSSLEngine("localhost", 8443);
        c.setUseClientMode(true);
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        s.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"});
        new EnginePair(c, s).handshake();
        assertFalse(((ClaspSSLSession) s.getSession()).isResumed());
        assertNotEquals(first[0].getSession().getCipherSuite(), c.getSession().getCipherSuite());
    }

    private static boolean containsId(SSLContext ctx, byte[] id) {
        for (byte[] i : Collections.list(ctx.getServerSessionContext().getIds())) {
            if (Arrays.equals(i, id)) {
                return true;
            }
        }
        return false;
    }
}
