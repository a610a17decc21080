package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.config.TlsConfig;
import dev.clasp.crypto.TranscriptHash;
import dev.clasp.handshake.HandshakeContext;
import dev.clasp.handshake.SessionState;
import dev.clasp.handshake.Traffic;
import dev.clasp.it.EnginePair;
import dev.clasp.it.TestPki;
import dev.clasp.it.TestPki.Peer;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, retained heap per idle connected engine pair: what an idle connection and its cached session keep. An
 * idle engine holds no leftover of its handshake (transcript, input queue), engines of one context with equal
 * policies share one TlsConfig (and its lists), and sessions share their signature scheme lists, certificate
 * chains and (with the cache key) their id, and make no values map until putValue. A bound on the retained bytes
 * of many idle pairs, measured as the RetainedHeap benchmark does, pins the total with a generous margin (about
 * 7,300 B per pair before, 5,800 B after on JDK 17 and 25).
 */
class IdleFootprintTest {

    private static SSLEngine engine(SSLContext ctx, boolean client) {
        SSLEngine e = ctx.createSSLEngine();
        e.setUseClientMode(client);
        e.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"});
        return e;
    }

    private static SSLEngine[] pair(SSLContext ctx) throws Exception {
        SSLEngine c = engine(ctx, true);
        SSLEngine s = engine(ctx, false);
        new EnginePair(c, s).handshake();
        return new SSLEngine[] {c, s};
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Object o, String name) throws Exception {
        for (Class<?> k = o.getClass(); k != null; k = k.getSuperclass()) {
            try {
                Field f = k.getDeclaredField(name);
                f.setAccessible(true);
                return (T) f.get(o);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }

    private static Object connection(SSLEngine e) throws Exception {
        return field(e, "connection");
    }

    private static SessionState state(SSLEngine e) {
        return ((ClaspSSLSession) e.getSession()).state();
    }

    @Test
    void idleEnginesKeepNoHandshakeLeftoversAndShareEqualValues() throws Exception {
        SSLContext ctx = TestPki.context(Peer.CLASP, "server-ec256.p12");
        SSLEngine[] a = pair(ctx);
        SSLEngine[] b = pair(ctx);
        for (SSLEngine e : List.of(a[0], a[1], b[0], b[1])) {
            Object c = connection(e);
            assertNull(field(c, "inputs"), "no input queue while idle");
            HandshakeContext hc = field(c, "ctx");
            assertSame(TranscriptHash.CLOSED, hc.transcript(), "the context keeps no transcript of its own");
            Traffic t = field(c, "state");
            assertSame(hc, t.context(), "one settled context, held by the connection and its Traffic state");
            assertNull(field(e.getSession(), "values"), "no values map before putValue");
        }
        for (int side = 0; side < 2; side++) {
            TlsConfig ca = field(connection(a[side]), "config");
            TlsConfig cb = field(connection(b[side]), "config");
            assertSame(ca, cb, "engines with equal policies share their TlsConfig");
            assertSame(ca.signatureSchemes(), state(a[side]).localSupportedSignatureSchemes);
            assertSame(state(a[side]).peerSupportedSignatureSchemes, state(b[side]).peerSupportedSignatureSchemes,
                    "equal peer scheme lists are one list");
        }
        assertNotNull(state(a[0]).peerCertificates);
        assertSame(state(a[0]).peerCertificates, state(b[0]).peerCertificates, "the same server chain, one array");
        assertSame(state(a[1]).localCertificates, state(b[1]).localCertificates, "the same local chain, one array");

        // The cache key holds the session's own id array, and values still work once the map is made.
        ClaspSessionContext server = (ClaspSessionContext) ctx.getServerSessionContext();
        SessionState s = state(a[1]);
        boolean found = false;
        for (Map.Entry<?, ?> en : server.snapshotForTest().entrySet()) {
            if (((ClaspSSLSession) en.getValue()).state() == s) {
                assertSame(s.sessionId, field(en.getKey(), "id"), "the cache key shares the session's id array");
                found = true;
            }
        }
        assertTrue(found, "the server session is cached");
        a[1].getSession().putValue("k", "v");
        assertEquals("v", a[1].getSession().getValue("k"));
        assertEquals(List.of("k"), List.of(a[1].getSession().getValueNames()));
        assertEquals(0, b[1].getSession().getValueNames().length);
    }

    @Test
    void idlePairsRetainBoundedHeap() throws Exception {
        SSLContext ctx = TestPki.context(Peer.CLASP, "server-ec256.p12");
        List<SSLEngine[]> keep = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            pair(ctx); // warm-up: classes, caches, the context's shared values
        }
        int pairs = 1000; // many, so that what other threads of the test JVM allocate meanwhile weighs little per pair
        long before = liveHeap();
        for (int i = 0; i < pairs; i++) {
            keep.add(pair(ctx));
        }
        long perPair = (liveHeap() - before) / pairs;
        assertEquals(pairs, keep.size());
        // About 5,800 B now (JDK 17 and 25; 7,300 before); 3,200 B of it are the four SunJCE GCM ciphers.
        assertTrue(perPair < 6_600, "retained heap per idle pair: " + perPair + " B");
    }

    private static long liveHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
