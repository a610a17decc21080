package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.handshake.SessionState;
import dev.clasp.it.EnginePair;
import dev.clasp.it.MitmPair;
import dev.clasp.it.TestPki;
import dev.clasp.it.TestPki.Peer;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets (issue 6): the master secret, taken from the NSS key log, is wiped from the session when it is
 * invalidated, expires or leaves the cache, and never appears in a session's or an exception's text. Real peers:
 * SunJSSE at the other end for the session cases; a failing Clasp-Clasp handshake for the exception scan.
 */
class SecretsTest {
    @TempDir
    Path dir;

    /** Contexts made with the key log on: Clasp reads clasp.keyLogFile at SSLContext.init. */
    private SSLContext claspContext(String keyStore) throws Exception {
        synchronized (SecretsTest.class) {
            System.setProperty("clasp.keyLogFile", dir.resolve("keys.log").toString());
            try {
                return TestPki.context(Peer.CLASP, keyStore);
            } finally {
                System.clearProperty("clasp.keyLogFile");
            }
        }
    }

    /** The master secrets in the key log, as lower-case hex ("CLIENT_RANDOM <random> <master>"). */
    private List<String> loggedMasters() throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("keys.log"), StandardCharsets.US_ASCII)) {
            String[] f = line.split(" ");
            if (f.length == 3 && f[0].equals("CLIENT_RANDOM")) {
                out.add(f[2].toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** The session's own master secret array (the object that must be wiped, not a copy). */
    private static byte[] masterArray(SSLSession s) throws Exception {
        SessionState state = ((ClaspSSLSession) s).state();
        Field f = SessionState.class.getDeclaredField("masterSecret");
        f.setAccessible(true);
        return (byte[]) f.get(state);
    }

    private static SSLEngine engine(SSLContext ctx, boolean client) {
        SSLEngine e = client ? ctx.createSSLEngine("localhost", 443) : ctx.createSSLEngine();
        e.setUseClientMode(client);
        return e;
    }

    @Test
    void invalidateWipesTheMasterSecretClientAgainstSunJsse() throws Exception {
        SSLContext clasp = claspContext(null);
        SSLEngine c = engine(clasp, true);
        new EnginePair(c, engine(TestPki.context(Peer.SUNJSSE, "server-ec256.p12"), false)).handshake();
        assertInvalidateWipes(c.getSession());
    }

    @Test
    void invalidateWipesTheMasterSecretServerAgainstSunJsse() throws Exception {
        SSLContext clasp = claspContext("server-ec256.p12");
        SSLEngine s = engine(clasp, false);
        new EnginePair(engine(TestPki.context(Peer.SUNJSSE, null), true), s).handshake();
        assertInvalidateWipes(s.getSession());
    }

    private void assertInvalidateWipes(SSLSession session) throws Exception {
        String logged = loggedMasters().get(0);
        byte[] master = masterArray(session);
        assertNotNull(master, "established session keeps its master secret for resumption");
        assertEquals(logged, HexFormat.of().formatHex(master), "the array under test is the logged secret");
        assertNoSecretIn(logged, describe(session));
        assertTrue(((ClaspSSLSession) session).state().hasMasterSecret());
        session.invalidate();
        assertArrayEquals(new byte[48], master, "zero-filled on invalidate");
        assertFalse(((ClaspSSLSession) session).state().hasMasterSecret());
        assertFalse(session.isValid());
    }

    @Test
    void expiryWipesTheMasterSecret() throws Exception {
        SSLContext clasp = claspContext("server-ec256.p12");
        SSLEngine s = engine(clasp, false);
        new EnginePair(engine(TestPki.context(Peer.SUNJSSE, null), true), s).handshake();
        byte[] id = s.getSession().getId();
        byte[] master = masterArray(s.getSession());
        assertNotNull(clasp.getServerSessionContext().getSession(id), "cached");
        clasp.getServerSessionContext().setSessionTimeout(1);
        Thread.sleep(1_100);
        assertNull(clasp.getServerSessionContext().getSession(id), "expired");
        assertArrayEquals(new byte[48], master, "zero-filled on expiry");
    }

    @Test
    void evictionWipesTheMasterSecret() throws Exception {
        SSLContext clasp = claspContext("server-ec256.p12");
        SSLContext sun = TestPki.context(Peer.SUNJSSE, null);
        SSLEngine first = engine(clasp, false);
        new EnginePair(engine(sun, true), first).handshake();
        SSLEngine second = engine(clasp, false);
        SSLEngine c2 = sun.createSSLEngine("other.example", 1); // another peer: no resumption
        c2.setUseClientMode(true);
        new EnginePair(c2, second).handshake();
        byte[] oldest = masterArray(first.getSession());
        byte[] newest = masterArray(second.getSession());
        clasp.getServerSessionContext().setSessionCacheSize(1);
        assertArrayEquals(new byte[48], oldest, "the evicted session's secret is zero-filled");
        assertFalse(java.util.Arrays.equals(new byte[48], newest), "the cached one is kept");
    }

    /**
     * The application invalidates the cached session (wiping its secret) after the client offered it and before
     * the ServerHello resumes it: the resumption still completes, from the copy the client took when offering.
     */
    @Test
    void invalidatingAnOfferedSessionDoesNotBreakItsResumption() throws Exception {
        SSLContext client = claspContext(null);
        SSLContext server = claspContext("server-ec256.p12");
        SSLEngine c1 = engine(client, true);
        new EnginePair(c1, engine(server, false)).handshake();
        SSLEngine c2 = engine(client, true);
        SSLEngine s2 = engine(server, false);
        java.nio.ByteBuffer hello = java.nio.ByteBuffer.allocate(c2.getSession().getPacketBufferSize());
        c2.beginHandshake();
        c2.wrap(java.nio.ByteBuffer.allocate(0), hello);
        c1.getSession().invalidate();
        assertFalse(((ClaspSSLSession) c1.getSession()).state().hasMasterSecret(), "wiped");
        hello.flip();
        s2.beginHandshake();
        s2.unwrap(hello, java.nio.ByteBuffer.allocate(s2.getSession().getApplicationBufferSize()));
        new EnginePair(c2, s2).handshake();
        assertTrue(((ClaspSSLSession) c2.getSession()).isResumed(), "resumed from the offered copy");
    }

    /**
     * A handshake that fails after both sides derived the master secret (the MITM flips a bit in the server's
     * encrypted Finished; the server has logged the secret by then) and a connection failing on a forged
     * application record: no exception text on either side, and no session text, carries the secret.
     */
    @Test
    void noSecretInExceptionsOrSessions() throws Exception {
        SSLContext client = claspContext(null);
        SSLContext server = claspContext("server-ec256.p12");
        boolean[] ccs = {false};
        MitmPair failed = new MitmPair(engine(client, true), engine(server, false), (fromClient, i, rec) -> {
            if (!fromClient && MitmPair.type(rec) == 20) {
                ccs[0] = true;
            } else if (!fromClient && ccs[0] && MitmPair.type(rec) == 22) {
                rec[rec.length - 3] ^= 0x10;
            }
            return List.of(rec);
        }).run();
        assertNotNull(failed.clientError(), "client detects the forged Finished");
        MitmPair traffic = new MitmPair(engine(client, true), engine(server, false), (fromClient, i, rec) -> {
            if (fromClient && MitmPair.type(rec) == 23) {
                rec[rec.length - 1] ^= 0x01;
            }
            return List.of(rec);
        }).run();
        assertTrue(traffic.handshakeDone());
        traffic.offer(true, "request".getBytes(StandardCharsets.US_ASCII));
        traffic.drive();
        assertNotNull(traffic.serverError(), "server detects the forged record");
        List<String> masters = loggedMasters();
        assertTrue(masters.size() >= 3, "secrets logged: " + masters.size());
        StringBuilder text = new StringBuilder();
        for (SSLException e : new SSLException[] {failed.clientError(), failed.serverError(), traffic.clientError(),
            traffic.serverError()}) {
            describe(e, text, 0);
        }
        for (SSLEngine e : List.of(failed.client, failed.server, traffic.client, traffic.server)) {
            text.append(describe(e.getSession())).append(describe(e.getHandshakeSession()));
        }
        for (String m : masters) {
            assertNoSecretIn(m, text.toString());
        }
    }

    private static void describe(Throwable t, StringBuilder out, int depth) {
        if (t == null || depth > 8) {
            return;
        }
        out.append(t).append('\n');
        for (StackTraceElement el : t.getStackTrace()) {
            out.append(el).append('\n');
        }
        for (Throwable s : t.getSuppressed()) {
            describe(s, out, depth + 1);
        }
        describe(t.getCause(), out, depth + 1);
    }

    private static String describe(SSLSession s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.toString());
        b.append(HexFormat.of().formatHex(s.getId())).append(s.getCipherSuite()).append(s.getProtocol());
        for (String n : s.getValueNames()) {
            b.append(n).append(s.getValue(n));
        }
        if (s instanceof ClaspSSLSession c) {
            b.append(c.state());
        }
        return b.toString();
    }

    /** Neither the whole secret nor any 8-byte piece of it, in hex of either case. */
    private static void assertNoSecretIn(String masterHex, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i + 16 <= masterHex.length(); i += 2) {
            String piece = masterHex.substring(i, i + 16);
            assertFalse(lower.contains(piece), "secret bytes at offset " + i / 2 + " leak into: " + text);
        }
    }
}
