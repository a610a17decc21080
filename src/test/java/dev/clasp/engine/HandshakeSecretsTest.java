package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.handshake.SessionState;
import dev.clasp.it.MitmPair;
import dev.clasp.it.TestPki;
import dev.clasp.it.TestPki.Peer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.security.auth.Destroyable;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, secrets: the transient copies a handshake makes (the master secret in the closing states, the snapshot
 * of a session offered or resumed, a decoded ticket's session, the server's ephemeral (EC)DH key share) are wiped
 * once the handshake is over, whether it completed, resumed (from the cache or a ticket) or failed; the only
 * master secret left is the established session's own (wiped on invalidate/expiry: {@link SecretsTest}).
 *
 * <p>How: a {@link Probe} walks, by reflection, everything a Clasp engine's connection holds (handshake state,
 * handshake context, session; not the session cache, where established sessions legitimately keep theirs) each
 * time a record passes the MITM, and collects every {@code masterSecret} array and every key share it meets. At
 * the end each collected array must be all zeros unless it is the established session's, and each share
 * destroyed. Each test also checks that the probe did see such objects, so it cannot pass by seeing nothing.
 * Real peers: SunJSSE for the full handshakes; Clasp-Clasp where both Clasp roles are observed at once.
 */
class HandshakeSecretsTest {

    private static SSLEngine engine(SSLContext ctx, boolean client) {
        SSLEngine e = client ? ctx.createSSLEngine("localhost", 443) : ctx.createSSLEngine();
        e.setUseClientMode(client);
        return e;
    }

    /** A Clasp server context; {@code tickets=false} makes resumption use the session cache (session ids). */
    private static SSLContext claspServer(boolean tickets) throws Exception {
        synchronized (HandshakeSecretsTest.class) {
            String key = "jdk.tls.server.enableSessionTicketExtension";
            String old = System.setProperty(key, Boolean.toString(tickets));
            try {
                return TestPki.context(Peer.CLASP, "server-ec256.p12");
            } finally {
                if (old == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, old);
                }
            }
        }
    }

    private static MitmPair run(SSLEngine client, SSLEngine server, Probe probe, MitmPair.Tamper tamper) {
        MitmPair pair = new MitmPair(client, server, (fromClient, i, rec) -> {
            probe.snapshot();
            return tamper.onRecord(fromClient, i, rec);
        }).run();
        probe.snapshot();
        return pair;
    }

    @Test
    void fullHandshakeClientAgainstSunJsse() throws Exception {
        SSLEngine c = engine(TestPki.context(Peer.CLASP, null), true);
        Probe probe = new Probe(c);
        MitmPair pair = run(c, engine(TestPki.context(Peer.SUNJSSE, "server-ec256.p12"), false), probe, MitmPair.NONE);
        assertTrue(pair.handshakeDone());
        probe.assertOnlySessionSecretsLeft(c);
        assertTrue(probe.masters.size() >= 1, "the probe saw the closing states' master secret");
    }

    @Test
    void fullHandshakeServerAgainstSunJsse() throws Exception {
        SSLEngine s = engine(claspServer(true), false);
        Probe probe = new Probe(s);
        MitmPair pair = run(engine(TestPki.context(Peer.SUNJSSE, null), true), s, probe, MitmPair.NONE);
        assertTrue(pair.handshakeDone());
        probe.assertOnlySessionSecretsLeft(s);
        assertTrue(probe.shares.size() >= 1, "the probe saw the server's ephemeral key share");
        assertTrue(probe.masters.size() >= 1, "the probe saw the closing states' master secret");
    }

    @Test
    void fullHandshakeDheServerAgainstSunJsse() throws Exception {
        SSLEngine s = engine(TestPki.context(Peer.CLASP, "server-rsa.p12"), false);
        SSLEngine c = engine(TestPki.context(Peer.SUNJSSE, null), true);
        c.setEnabledCipherSuites(new String[] {"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"});
        Probe probe = new Probe(s);
        MitmPair pair = run(c, s, probe, MitmPair.NONE);
        assertTrue(pair.handshakeDone());
        assertEquals("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", s.getSession().getCipherSuite());
        probe.assertOnlySessionSecretsLeft(s);
        assertTrue(probe.shares.size() >= 1, "the probe saw the server's DHE key share");
    }

    /** Session-id resumption, both Clasp roles: the offered and the cached snapshot leave no copy behind. */
    @Test
    void resumedFromTheSessionCache() throws Exception {
        assertResumed(claspServer(false), false);
    }

    /** Ticket resumption, both Clasp roles: the decoded ticket's session and its copy leave nothing behind. */
    @Test
    void resumedFromATicket() throws Exception {
        assertResumed(claspServer(true), true);
    }

    private static void assertResumed(SSLContext server, boolean ticket) throws Exception {
        SSLContext client = TestPki.context(Peer.CLASP, null);
        assertTrue(run(engine(client, true), engine(server, false), new Probe(), MitmPair.NONE).handshakeDone());
        SSLEngine c = engine(client, true);
        SSLEngine s = engine(server, false);
        Probe probe = new Probe(c, s);
        MitmPair pair = run(c, s, probe, MitmPair.NONE);
        assertTrue(pair.handshakeDone());
        assertTrue(((ClaspSSLSession) c.getSession()).isResumed(), "client resumed");
        assertTrue(((ClaspSSLSession) s.getSession()).isResumed(), "server resumed");
        SessionState handshake = (SessionState) Probe.field(Probe.field(s, "connection"), "session");
        assertEquals(ticket, handshake.resumedFromTicket, "ticket or cache");
        probe.assertOnlySessionSecretsLeft(c, s);
        assertTrue(probe.masters.size() >= 2, "the probe saw the resumption snapshots: " + probe.masters.size());
    }

    /**
     * The MITM flips a bit in the client's encrypted Finished: the server fails in ExpectFinished (local fault),
     * the client gets the server's fatal alert while waiting for the server's ChangeCipherSpec/ticket.
     */
    @Test
    void failedFullHandshakeBothRoles() throws Exception {
        SSLEngine c = engine(TestPki.context(Peer.CLASP, null), true);
        SSLEngine s = engine(claspServer(true), false);
        Probe probe = new Probe(c, s);
        MitmPair pair = run(c, s, probe, flipFinished(true));
        assertNotNull(pair.serverError(), "server detects the forged Finished");
        assertNotNull(pair.clientError(), "client receives the alert");
        probe.assertNothingLeft();
        assertTrue(probe.masters.size() >= 2 && probe.shares.size() >= 1, "probe saw them");
        assertNoMasterIn(c);
        assertNoMasterIn(s);
    }

    /** The server's Finished in an abbreviated handshake is forged: the resumed master secret goes on both sides. */
    @Test
    void failedResumedHandshakeBothRoles() throws Exception {
        SSLContext client = TestPki.context(Peer.CLASP, null);
        SSLContext server = claspServer(false);
        assertTrue(run(engine(client, true), engine(server, false), new Probe(), MitmPair.NONE).handshakeDone());
        SSLEngine c = engine(client, true);
        SSLEngine s = engine(server, false);
        Probe probe = new Probe(c, s);
        MitmPair pair = run(c, s, probe, flipFinished(false));
        assertNotNull(pair.clientError(), "client detects the forged Finished");
        assertNotNull(pair.serverError(), "server receives the alert");
        probe.assertNothingLeft();
        assertTrue(probe.masters.size() >= 2, "probe saw the resumed secrets: " + probe.masters.size());
        assertNoMasterIn(c);
        assertNoMasterIn(s);
    }

    /** The handshake ends before the ClientKeyExchange (a fatal alert instead): the server's key share goes. */
    @Test
    void failedBeforeTheKeyExchangeServer() throws Exception {
        SSLEngine s = engine(claspServer(true), false);
        Probe probe = new Probe(s);
        MitmPair pair = run(engine(TestPki.context(Peer.SUNJSSE, null), true), s, probe, (fromClient, i, rec) -> {
            if (fromClient && i > 0 && MitmPair.type(rec) == 22) {
                return List.of(MitmPair.record(21, new byte[] {2, 40})); // fatal handshake_failure
            }
            return List.of(rec);
        });
        assertNotNull(pair.serverError(), "server gets the alert");
        probe.assertNothingLeft();
        assertEquals(1, probe.shares.size(), "probe saw the key share");
    }

    /**
     * RFC 5246 7.2.2: a connection ended by a fatal alert must not be resumed. The MITM forges the client's first
     * application record; the server fails (bad_record_mac), the client receives the alert. Whichever side is
     * Clasp invalidates its established session, which wipes its master secret, and does not resume it; SunJSSE
     * at the other end invalidates its session too (the same behaviour).
     */
    @Test
    void fatalAlertAfterTheHandshakeInvalidatesAndWipesTheSessionBothRoles() throws Exception {
        for (boolean claspClient : new boolean[] {true, false}) {
            SSLContext clientCtx = TestPki.context(claspClient ? Peer.CLASP : Peer.SUNJSSE, null);
            SSLContext serverCtx = claspClient ? TestPki.context(Peer.SUNJSSE, "server-ec256.p12") : claspServer(true);
            SSLEngine c = engine(clientCtx, true);
            SSLEngine s = engine(serverCtx, false);
            MitmPair pair = run(c, s, new Probe(), (fromClient, i, rec) -> {
                if (fromClient && MitmPair.type(rec) == 23) {
                    rec[rec.length - 1] ^= 0x01;
                }
                return List.of(rec);
            });
            assertTrue(pair.handshakeDone());
            SSLEngine clasp = claspClient ? c : s;
            byte[] master = (byte[]) Probe.field(((ClaspSSLSession) clasp.getSession()).state(), "masterSecret");
            pair.offer(true, "request".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            pair.drive();
            assertNotNull(pair.serverError(), "server detects the forged record");
            assertNotNull(pair.clientError(), "client receives the fatal alert");
            assertFalse(clasp.getSession().isValid(), "Clasp invalidated its session");
            assertTrue(Probe.isZero(master), "and wiped its master secret");
            assertFalse((claspClient ? s : c).getSession().isValid(), "SunJSSE invalidated its session too");
            SSLEngine c2 = engine(clientCtx, true);
            SSLEngine s2 = engine(serverCtx, false);
            assertTrue(run(c2, s2, new Probe(), MitmPair.NONE).handshakeDone());
            assertFalse(java.util.Arrays.equals(c.getSession().getId(), c2.getSession().getId()),
                    "a new session, not the one ended by the fatal alert");
        }
    }

    /** Flips a bit in the first encrypted handshake record (Finished) one side sends. */
    private static MitmPair.Tamper flipFinished(boolean ofClient) {
        boolean[] ccs = {false};
        return (fromClient, i, rec) -> {
            if (fromClient == ofClient) {
                if (MitmPair.type(rec) == 20) {
                    ccs[0] = true;
                } else if (ccs[0] && MitmPair.type(rec) == 22) {
                    rec[rec.length - 3] ^= 0x10;
                    ccs[0] = false;
                }
            }
            return List.of(rec);
        };
    }

    private static void assertNoMasterIn(SSLEngine e) throws Exception {
        SessionState session = (SessionState) Probe.field(Probe.field(e, "connection"), "session");
        assertFalse(session.hasMasterSecret(), "failed handshake's session keeps no master secret");
    }

    /** Collects the secrets reachable from Clasp engines' connections. */
    static final class Probe {
        final List<SSLEngine> engines;
        final Set<byte[]> masters = Collections.newSetFromMap(new IdentityHashMap<>());
        final Set<Destroyable> shares = Collections.newSetFromMap(new IdentityHashMap<>());

        Probe(SSLEngine... engines) {
            this.engines = List.of(engines);
        }

        void snapshot() {
            try {
                for (SSLEngine e : engines) {
                    Object conn = field(e, "connection");
                    if (conn != null) {
                        walk(conn);
                    }
                }
            } catch (ReflectiveOperationException ex) {
                throw new AssertionError(ex);
            }
        }

        /** Only the established sessions' own master secrets are left; every share is destroyed. */
        void assertOnlySessionSecretsLeft(SSLEngine... established) throws Exception {
            Set<byte[]> allowed = Collections.newSetFromMap(new IdentityHashMap<>());
            for (SSLEngine e : established) {
                byte[] m = (byte[]) field(((ClaspSSLSession) e.getSession()).state(), "masterSecret");
                assertNotNull(m, "established session keeps its secret");
                allowed.add(m);
            }
            check(allowed);
        }

        void assertNothingLeft() {
            check(Set.of());
        }

        private void check(Set<byte[]> allowed) {
            for (byte[] m : masters) {
                if (!allowed.contains(m)) {
                    assertTrue(isZero(m), "a transient master secret copy was not zero-filled (" + m.length + " bytes)");
                }
            }
            for (Destroyable d : shares) {
                assertTrue(d.isDestroyed(), d + " not destroyed");
            }
        }

        private void walk(Object root) throws ReflectiveOperationException {
            Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            Deque<Object> todo = new ArrayDeque<>();
            todo.add(root);
            while (!todo.isEmpty()) {
                Object o = todo.poll();
                if (!seen.add(o) || excluded(o)) {
                    continue;
                }
                if (o instanceof Destroyable d && o.getClass().getName().startsWith("dev.clasp.crypto.")) {
                    shares.add(d);
                }
                if (o instanceof Object[] arr) {
                    for (Object x : arr) {
                        if (x != null) {
                            todo.add(x);
                        }
                    }
                    continue;
                }
                if (o.getClass().isArray() || o instanceof Enum || !o.getClass().getName().startsWith("dev.clasp.")) {
                    continue;
                }
                for (Class<?> k = o.getClass(); k != null && k.getName().startsWith("dev.clasp."); k = k.getSuperclass()) {
                    for (Field f : k.getDeclaredFields()) {
                        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                            continue;
                        }
                        f.setAccessible(true);
                        Object v = f.get(o);
                        if (v == null) {
                            continue;
                        }
                        if (f.getName().equals("masterSecret") && v instanceof byte[] b) {
                            masters.add(b);
                        } else if (!(v instanceof byte[])) {
                            todo.add(v);
                        }
                    }
                }
            }
        }

        /** Not part of a handshake's own state: the session cache (established sessions keep their secret). */
        private static boolean excluded(Object o) {
            String n = o.getClass().getName();
            return o instanceof dev.clasp.handshake.SessionCache || n.startsWith("dev.clasp.engine.")
                    || n.startsWith("dev.clasp.config.") || n.startsWith("dev.clasp.provider.");
        }

        static Object field(Object o, String name) throws ReflectiveOperationException {
            for (Class<?> k = o.getClass(); k != null; k = k.getSuperclass()) {
                try {
                    Field f = k.getDeclaredField(name);
                    f.setAccessible(true);
                    return f.get(o);
                } catch (NoSuchFieldException next) {
                    // superclass
                }
            }
            throw new NoSuchFieldException(name);
        }

        static boolean isZero(byte[] b) {
            int acc = 0;
            for (byte x : b) {
                acc |= x;
            }
            return acc == 0;
        }
    }
}
