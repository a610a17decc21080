package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.Contract.Impl;
import dev.clasp.engine.Contract.Pair;
import dev.clasp.it.ForwardingTrustManager;
import dev.clasp.it.TestPki;
import java.net.Socket;
import java.security.Principal;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionBindingEvent;
import javax.net.ssl.SSLSessionBindingListener;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SSLSession and SSLSessionContext behaviour, checked against SunJSSE too. */
class SessionContractTest {

    private static boolean containsId(SSLSessionContext sc, byte[] id) {
        for (byte[] b : Collections.list(sc.getIds())) {
            if (java.util.Arrays.equals(b, id)) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void sessionContextIsTheContextsOwn(Impl impl) throws Exception {
        SSLContext cctx = Contract.context(impl, null);
        SSLContext sctx = Contract.context(impl, Contract.SERVER_KEYS);
        Pair p = new Pair(Contract.client(cctx), Contract.server(sctx));
        p.handshake();
        assertSame(sctx.getServerSessionContext(), p.server.getSession().getSessionContext());
        assertSame(cctx.getClientSessionContext(), p.client.getSession().getSessionContext());
        byte[] id = p.client.getSession().getId();
        assertTrue(id.length > 0, "session id");
        assertTrue(containsId(cctx.getClientSessionContext(), id), "client cache has the session");
        assertSame(p.client.getSession(), cctx.getClientSessionContext().getSession(id));
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void serverCacheHoldsIdAndInvalidateRemovesIt(Impl impl) throws Exception {
        SSLContext sctx = Contract.context(impl, Contract.SERVER_KEYS);
        // A client without session tickets, so the server keeps its sessions by id (SunJSSE would go stateless).
        SSLContext cctx;
        String old = System.getProperty("jdk.tls.client.enableSessionTicketExtension");
        System.setProperty("jdk.tls.client.enableSessionTicketExtension", "false"); // read at init only
        try {
            cctx = Contract.context(Impl.CLASP, null);
        } finally {
            if (old == null) {
                System.clearProperty("jdk.tls.client.enableSessionTicketExtension");
            } else {
                System.setProperty("jdk.tls.client.enableSessionTicketExtension", old);
            }
        }
        SSLEngine client = Contract.client(cctx);
        Pair p = new Pair(client, Contract.server(sctx));
        p.handshake();
        SSLSession s = p.server.getSession();
        byte[] id = s.getId();
        assertTrue(id.length > 0);
        SSLSessionContext sc = sctx.getServerSessionContext();
        assertTrue(containsId(sc, id), "server cache has the session");
        assertTrue(s.isValid());
        s.invalidate();
        assertFalse(s.isValid());
        assertFalse(containsId(sc, id), "invalidated session left the cache");
        assertNull(sc.getSession(id));
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void cacheSizeAndTimeoutSetters(Impl impl) throws Exception {
        SSLContext ctx = Contract.context(impl, Contract.SERVER_KEYS);
        for (SSLSessionContext sc : new SSLSessionContext[] {ctx.getClientSessionContext(), ctx.getServerSessionContext()}) {
            assertTrue(sc.getSessionCacheSize() >= 0);
            assertTrue(sc.getSessionTimeout() >= 0);
            sc.setSessionCacheSize(7);
            assertEquals(7, sc.getSessionCacheSize());
            sc.setSessionTimeout(33);
            assertEquals(33, sc.getSessionTimeout());
            sc.setSessionCacheSize(0);
            assertEquals(0, sc.getSessionCacheSize());
            assertThrows(IllegalArgumentException.class, () -> sc.setSessionCacheSize(-1));
            assertThrows(IllegalArgumentException.class, () -> sc.setSessionTimeout(-1));
            assertFalse(sc.getIds().hasMoreElements());
        }
        assertEquals(20480, Contract.context(impl, null).getClientSessionContext().getSessionCacheSize());
        assertEquals(86400, Contract.context(impl, null).getClientSessionContext().getSessionTimeout());
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void cacheSizeOneKeepsOnlyTheNewest(Impl impl) throws Exception {
        SSLContext cctx = Contract.context(impl, null);
        SSLContext sctx = Contract.context(impl, Contract.SERVER_KEYS);
        cctx.getClientSessionContext().setSessionCacheSize(1);
        Pair a = new Pair(cctx.createSSLEngine("a.example", 1), Contract.server(sctx));
        a.client.setUseClientMode(true);
        a.handshake();
        Pair b = new Pair(cctx.createSSLEngine("b.example", 2), Contract.server(sctx));
        b.client.setUseClientMode(true);
        b.handshake();
        List<byte[]> ids = Collections.list(cctx.getClientSessionContext().getIds());
        assertEquals(1, ids.size());
        assertArrayEquals(b.client.getSession().getId(), ids.get(0));
    }

    static final class Listener implements SSLSessionBindingListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void valueBound(SSLSessionBindingEvent e) {
            events.add("bound " + e.getName() + " " + (e.getSession() != null));
        }

        @Override
        public void valueUnbound(SSLSessionBindingEvent e) {
            events.add("unbound " + e.getName() + " " + (e.getSession() != null));
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void bindingListener(Impl impl) throws Exception {
        Pair p = Contract.pair(impl);
        p.handshake();
        SSLSession s = p.client.getSession();
        Listener one = new Listener();
        Listener two = new Listener();
        s.putValue("k", one);
        assertSame(one, s.getValue("k"));
        s.putValue("k", two);
        s.removeValue("k");
        assertNull(s.getValue("k"));
        assertEquals(List.of("bound k true", "unbound k true"), one.events);
        assertEquals(List.of("bound k true", "unbound k true"), two.events);
        s.putValue("x", "plain");
        assertArrayEquals(new String[] {"x"}, s.getValueNames());
        assertThrows(IllegalArgumentException.class, () -> s.putValue(null, "v"));
        assertThrows(IllegalArgumentException.class, () -> s.putValue("n", null));
        assertThrows(IllegalArgumentException.class, () -> s.getValue(null));
        assertThrows(IllegalArgumentException.class, () -> s.removeValue(null));
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void sessionGetters(Impl impl) throws Exception {
        long before = System.currentTimeMillis();
        Pair p = Contract.pair(impl);
        p.handshake();
        long after = System.currentTimeMillis();
        SSLSession c = p.client.getSession();
        SSLSession s = p.server.getSession();
        assertEquals("TLSv1.2", c.getProtocol());
        assertEquals("TLSv1.2", s.getProtocol());
        assertEquals(c.getCipherSuite(), s.getCipherSuite());
        assertTrue(c.getCipherSuite().startsWith("TLS_ECDHE_ECDSA_"), c.getCipherSuite());
        assertTrue(c.getId().length > 0);
        X509Certificate leaf = (X509Certificate) c.getPeerCertificates()[0];
        assertEquals(TestPki.load(Contract.SERVER_KEYS).getCertificate("server-ec256"), leaf);
        assertEquals(leaf.getSubjectX500Principal(), c.getPeerPrincipal());
        assertEquals(leaf, s.getLocalCertificates()[0]);
        assertEquals(leaf.getSubjectX500Principal(), s.getLocalPrincipal());
        assertNull(c.getLocalCertificates());
        assertEquals("localhost", c.getPeerHost());
        assertEquals(443, c.getPeerPort());
        assertNull(s.getPeerHost());
        assertEquals(-1, s.getPeerPort());
        for (SSLSession x : new SSLSession[] {c, s}) {
            assertTrue(x.getCreationTime() >= before - 1000 && x.getCreationTime() <= after, "creation time");
            assertTrue(x.getLastAccessedTime() >= x.getCreationTime() && x.getLastAccessedTime() <= after + 1000);
            assertTrue(x.isValid());
        }
        // The session before any handshake: not valid, NONE protocol, SSL_NULL_WITH_NULL_NULL.
        SSLSession none = Contract.client(Contract.context(impl, null)).getSession();
        assertFalse(none.isValid());
        assertEquals("NONE", none.getProtocol());
        assertEquals("SSL_NULL_WITH_NULL_NULL", none.getCipherSuite());
        assertNull(none.getSessionContext());
    }

    /** Captures what the handshake session shows inside the trust manager callback. */
    static final class Capturing extends ForwardingTrustManager {
        final List<String> seen = new ArrayList<>();

        Capturing(X509ExtendedTrustManager delegate) {
            super(delegate);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            SSLSession hs = engine.getHandshakeSession();
            seen.add("handshake session " + (hs != null));
            if (hs != null) {
                seen.add("host " + hs.getPeerHost() + ":" + hs.getPeerPort());
                seen.add("protocol " + hs.getProtocol());
                ExtendedSSLSession ex = (ExtendedSSLSession) hs;
                seen.add("names " + ex.getRequestedServerNames());
                seen.add("local algs " + (ex.getLocalSupportedSignatureAlgorithms().length > 0));
                seen.add("same as getSession " + (hs == engine.getSession()));
            }
            delegate.checkServerTrusted(chain, authType, engine);
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void handshakeSessionInsideTrustManager(Impl impl) throws Exception {
        TrustManager[] tms = TestPki.trustManagers("truststore.p12");
        Capturing capturing = new Capturing((X509ExtendedTrustManager) tms[0]);
        SSLContext cctx = SSLContext.getInstance("TLSv1.2", impl.peer == TestPki.Peer.CLASP
                ? new dev.clasp.ClaspProvider() : java.security.Security.getProvider("SunJSSE"));
        cctx.init(null, new TrustManager[] {capturing}, null);
        SSLEngine client = cctx.createSSLEngine("www.example.com", 8443);
        client.setUseClientMode(true);
        assertNull(client.getHandshakeSession());
        Pair p = new Pair(client, Contract.server(Contract.context(impl, Contract.SERVER_KEYS)));
        p.handshake();
        assertEquals(List.of("handshake session true", "host www.example.com:8443", "protocol TLSv1.2",
                "names " + List.of(new SNIHostName("www.example.com")), "local algs true",
                "same as getSession false"), capturing.seen);
        assertNull(client.getHandshakeSession(), "no handshake session after the handshake");
        assertInstanceOf(ExtendedSSLSession.class, client.getSession());
        List<SNIServerName> names = ((ExtendedSSLSession) p.server.getSession()).getRequestedServerNames();
        assertEquals(List.of(new SNIHostName("www.example.com")), names);
        assertNotNull(((ExtendedSSLSession) client.getSession()).getPeerSupportedSignatureAlgorithms());
    }
}
