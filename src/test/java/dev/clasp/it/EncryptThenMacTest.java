package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.engine.ClaspSSLSession;
import dev.clasp.it.TestPki.Peer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLProtocolException;
import org.junit.jupiter.api.Test;

/**
 * RFC 7366 negotiation: the client offers encrypt_then_mac exactly when it offers a CBC suite; the server answers
 * it only for a CBC suite; a client refuses an answer for an AEAD suite; resumption keeps the mode (3.1): a server
 * does not resume an encrypt-then-MAC session for a ClientHello without the extension, and a client refuses a
 * resumption whose ServerHello dropped it. Clasp against Clasp, with a man in the middle where a peer must lie.
 */
class EncryptThenMacTest {
    static final int ENCRYPT_THEN_MAC = 22;
    static final String GCM = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    static final String CBC = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";

    static SSLEngine client(SSLContext ctx, String... suites) {
        SSLEngine e = ctx.createSSLEngine("localhost", 443);
        e.setUseClientMode(true);
        e.setEnabledCipherSuites(suites);
        return e;
    }

    static SSLEngine server(SSLContext ctx) {
        SSLEngine e = ctx.createSSLEngine();
        e.setUseClientMode(false);
        return e;
    }

    /** Extension types of a ClientHello (client) or ServerHello message (type || length || body). */
    static List<Integer> extensionTypes(byte[] hello, boolean clientHello) {
        int pos = extensionsStart(hello, clientHello);
        List<Integer> types = new ArrayList<>();
        int end = hello.length;
        pos += 2;
        while (pos + 4 <= end) {
            types.add(((hello[pos] & 0xFF) << 8) | (hello[pos + 1] & 0xFF));
            pos += 4 + (((hello[pos + 2] & 0xFF) << 8) | (hello[pos + 3] & 0xFF));
        }
        return types;
    }

    /** Offset of the extensions' 2-byte length in a hello message. */
    static int extensionsStart(byte[] m, boolean clientHello) {
        int pos = 4 + 2 + 32;
        pos += 1 + (m[pos] & 0xFF); // session_id
        if (clientHello) {
            pos += 2 + (((m[pos] & 0xFF) << 8) | (m[pos + 1] & 0xFF)); // cipher_suites
            pos += 1 + (m[pos] & 0xFF); // compression_methods
        } else {
            pos += 2 + 1; // cipher_suite, compression_method
        }
        return pos;
    }

    static byte[] sessionId(byte[] hello) {
        int pos = 4 + 2 + 32;
        return Arrays.copyOfRange(hello, pos + 1, pos + 1 + (hello[pos] & 0xFF));
    }

    /** A ServerHello message without extension {@code type}: lengths rewritten. */
    static byte[] withoutExtension(byte[] hello, int type) {
        int start = extensionsStart(hello, false);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        int pos = start + 2;
        while (pos + 4 <= hello.length) {
            int t = ((hello[pos] & 0xFF) << 8) | (hello[pos + 1] & 0xFF);
            int len = ((hello[pos + 2] & 0xFF) << 8) | (hello[pos + 3] & 0xFF);
            if (t != type) {
                ext.write(hello, pos, 4 + len);
            }
            pos += 4 + len;
        }
        byte[] e = ext.toByteArray();
        byte[] out = Arrays.copyOf(hello, start + 2 + e.length);
        out[start] = (byte) (e.length >>> 8);
        out[start + 1] = (byte) e.length;
        System.arraycopy(e, 0, out, start + 2, e.length);
        int body = out.length - 4;
        out[1] = (byte) (body >>> 16);
        out[2] = (byte) (body >>> 8);
        out[3] = (byte) body;
        return out;
    }

    /** Renames the first extension {@code from} of a hello to {@code to}. */
    static byte[] rename(byte[] hello, boolean clientHello, int from, int to) {
        byte[] m = hello.clone();
        int pos = extensionsStart(m, clientHello) + 2;
        while (pos + 4 <= m.length) {
            int t = ((m[pos] & 0xFF) << 8) | (m[pos + 1] & 0xFF);
            if (t == from) {
                m[pos] = (byte) (to >>> 8);
                m[pos + 1] = (byte) to;
                return m;
            }
            pos += 4 + (((m[pos + 2] & 0xFF) << 8) | (m[pos + 3] & 0xFF));
        }
        throw new IllegalStateException("no extension " + from);
    }

    /** Records the plaintext hello messages passing the MITM (and lets {@code edit} rewrite them). */
    static final class Hellos {
        byte[] clientHello;
        byte[] serverHello;

        /** Plaintext handshake records of both directions, up to each side's ChangeCipherSpec. */
        MitmPair.Tamper tamper(java.util.function.BiFunction<Boolean, byte[], byte[]> edit) {
            boolean[] encrypted = {false, false};
            return (fromClient, index, rec) -> {
                int d = fromClient ? 0 : 1;
                if (encrypted[d] || MitmPair.type(rec) != NegativeHandshakeTest.HANDSHAKE) {
                    encrypted[d] |= MitmPair.type(rec) == NegativeHandshakeTest.CCS;
                    return List.of(rec);
                }
                List<byte[]> out = new ArrayList<>();
                for (byte[] msg : MitmPair.messages(MitmPair.fragment(rec))) {
                    byte[] m = edit.apply(fromClient, msg);
                    if ((m[0] & 0xFF) == 1) {
                        clientHello = m;
                    } else if ((m[0] & 0xFF) == 2) {
                        serverHello = m;
                    }
                    out.add(m);
                }
                return List.of(MitmPair.handshakeRecord(out));
            };
        }
    }

    @Test
    void offeredOnlyWithCbcAndNeverAnsweredForAead() throws Exception {
        SSLContext c = TestPki.context(Peer.CLASP, null);
        SSLContext s = TestPki.context(Peer.CLASP, "server-ec256.p12");
        // GCM preferred, CBC also offered: EtM offered, GCM chosen, no EtM answer (RFC 7366 3).
        Hellos h = new Hellos();
        MitmPair p = new MitmPair(client(c, GCM, CBC), server(s), h.tamper((f, m) -> m)).run();
        assertTrue(p.handshakeDone());
        assertTrue(extensionTypes(h.clientHello, true).contains(ENCRYPT_THEN_MAC), "offered with a CBC suite");
        assertFalse(extensionTypes(h.serverHello, false).contains(ENCRYPT_THEN_MAC), "no answer for AEAD");
        assertFalse(((ClaspSSLSession) p.client.getSession()).isEncryptThenMac());
        assertFalse(((ClaspSSLSession) p.server.getSession()).isEncryptThenMac());
        // AEAD only: not offered.
        Hellos h2 = new Hellos();
        assertTrue(new MitmPair(client(c, GCM), server(s), h2.tamper((f, m) -> m)).run().handshakeDone());
        assertFalse(extensionTypes(h2.clientHello, true).contains(ENCRYPT_THEN_MAC), "not offered without CBC");
        // CBC chosen: answered, and both sides use it (a fresh client: no cached GCM session to resume).
        Hellos h3 = new Hellos();
        MitmPair p3 = new MitmPair(client(TestPki.context(Peer.CLASP, null), CBC), server(s),
                h3.tamper((f, m) -> m)).run();
        assertTrue(p3.handshakeDone());
        assertEquals(CBC, p3.client.getSession().getCipherSuite());
        assertTrue(extensionTypes(h3.serverHello, false).contains(ENCRYPT_THEN_MAC));
        assertTrue(((ClaspSSLSession) p3.client.getSession()).isEncryptThenMac());
        assertTrue(((ClaspSSLSession) p3.server.getSession()).isEncryptThenMac());
    }

    @Test
    void clientRefusesEncryptThenMacForAnAeadSuite() throws Exception {
        SSLContext c = TestPki.context(Peer.CLASP, null);
        SSLContext s = TestPki.context(Peer.CLASP, "server-ec256.p12");
        // The MITM turns the ServerHello's extended_master_secret into encrypt_then_mac while GCM is selected.
        Hellos h = new Hellos();
        MitmPair p = new MitmPair(client(c, GCM, CBC), server(s),
                h.tamper((fromClient, m) -> !fromClient && (m[0] & 0xFF) == 2 ? rename(m, false, 0x0017,
                        ENCRYPT_THEN_MAC) : m)).run();
        NegativeHandshakeTest.assertDetected(p, true, Peer.CLASP, AlertDescription.ILLEGAL_PARAMETER,
                SSLHandshakeException.class, "encrypt_then_mac", "RFC 7366 3");
    }

    @Test
    void resumptionKeepsEncryptThenMac() throws Exception {
        SSLContext c = TestPki.context(Peer.CLASP, null);
        SSLContext s = TestPki.context(Peer.CLASP, "server-ec256.p12");
        EnginePair first = new EnginePair(client(c, CBC), server(s));
        first.handshake();
        assertTrue(((ClaspSSLSession) first.client.getSession()).isEncryptThenMac());
        EnginePair second = new EnginePair(client(c, CBC), server(s));
        second.handshake();
        ClaspSSLSession resumed = (ClaspSSLSession) second.client.getSession();
        assertTrue(resumed.isResumed(), "abbreviated handshake");
        assertTrue(resumed.isEncryptThenMac());
        assertTrue(((ClaspSSLSession) second.server.getSession()).isEncryptThenMac());
        byte[] data = new byte[40_000];
        new java.util.Random(3).nextBytes(data);
        assertArrayEquals(data, second.send(true, data));
        assertArrayEquals(data, second.send(false, data));
    }

    /**
     * RFC 7366 3.1 with real peers, both roles: BCJSSE resumes with encrypt-then-MAC, SunJSSE (which has none)
     * with MAC-then-encrypt.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} claspClient={1}")
    @org.junit.jupiter.params.provider.CsvSource({"BCJSSE, true", "BCJSSE, false", "SUNJSSE, true", "SUNJSSE, false"})
    void resumptionWithRealPeersKeepsTheMode(Peer other, boolean claspClient) throws Exception {
        boolean etm = other == Peer.BCJSSE;
        SSLContext c = TestPki.context(claspClient ? Peer.CLASP : other, null);
        SSLContext s = TestPki.context(claspClient ? other : Peer.CLASP, "server-ec256.p12");
        for (int i = 0; i < 2; i++) {
            SSLEngine server = server(s);
            server.setEnabledCipherSuites(new String[] {CBC});
            EnginePair pair = new EnginePair(client(c, CBC), server);
            pair.handshake();
            ClaspSSLSession clasp = (ClaspSSLSession) (claspClient ? pair.client : pair.server).getSession();
            assertEquals(i == 1, clasp.isResumed(), "handshake " + i);
            assertEquals(etm, clasp.isEncryptThenMac(), "handshake " + i);
            byte[] data = new byte[20_000];
            new java.util.Random(i).nextBytes(data);
            assertArrayEquals(data, pair.send(true, data));
            assertArrayEquals(data, pair.send(false, data));
        }
    }

    /** RFC 7366 3.1: a renegotiation of a CBC connection keeps its mode; data flows before, during and after. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} client, {1} server, client starts: {2}")
    @org.junit.jupiter.params.provider.CsvSource({"CLASP, CLASP, true", "CLASP, CLASP, false",
        "SUNJSSE, CLASP, false", "CLASP, SUNJSSE, true"})
    void renegotiationKeepsTheMode(Peer clientPeer, Peer serverPeer, boolean clientStarts) throws Exception {
        boolean etm = clientPeer == Peer.CLASP && serverPeer == Peer.CLASP;
        SSLContext c = TestPki.context(clientPeer, null);
        SSLContext s = SessionTicketTest.withProperty("jdk.tls.rejectClientInitiatedRenegotiation", "false",
                () -> TestPki.context(serverPeer, "server-ec256.p12"));
        SSLEngine server = server(s);
        server.setEnabledCipherSuites(new String[] {CBC});
        EnginePair pair = new EnginePair(client(c, CBC), server);
        pair.handshake();
        ClaspSSLSession before = (ClaspSSLSession) (clientPeer == Peer.CLASP ? pair.client : pair.server).getSession();
        assertEquals(etm, before.isEncryptThenMac());
        byte[][] got = pair.renegotiate(clientStarts, "c during".getBytes(), "s during".getBytes());
        assertArrayEquals("c during".getBytes(), got[1]);
        assertArrayEquals("s during".getBytes(), got[0]);
        ClaspSSLSession after = (ClaspSSLSession) (clientPeer == Peer.CLASP ? pair.client : pair.server).getSession();
        assertEquals(etm, after.isEncryptThenMac(), "after renegotiation");
        byte[] data = new byte[30_000];
        new java.util.Random(5).nextBytes(data);
        assertArrayEquals(data, pair.send(true, data));
        assertArrayEquals(data, pair.send(false, data));
    }

    @Test
    void clientRefusesAResumptionThatDropsEncryptThenMac() throws Exception {
        SSLContext c = TestPki.context(Peer.CLASP, null);
        SSLContext s = TestPki.context(Peer.CLASP, "server-ec256.p12");
        new EnginePair(client(c, CBC), server(s)).handshake();
        Hellos h = new Hellos();
        MitmPair p = new MitmPair(client(c, CBC), server(s), h.tamper((fromClient, m) ->
                !fromClient && (m[0] & 0xFF) == 2 ? withoutExtension(m, ENCRYPT_THEN_MAC) : m)).run();
        assertArrayEquals(sessionId(h.clientHello), sessionId(h.serverHello), "the server resumed");
        NegativeHandshakeTest.assertDetected(p, true, Peer.CLASP, AlertDescription.HANDSHAKE_FAILURE,
                SSLHandshakeException.class, "RFC 7366 3.1");
    }

    @Test
    void serverDoesNotResumeAnEncryptThenMacSessionWithoutTheOffer() throws Exception {
        SSLContext c = TestPki.context(Peer.CLASP, null);
        SSLContext s = TestPki.context(Peer.CLASP, "server-ec256.p12");
        new EnginePair(client(c, CBC), server(s)).handshake();
        // The MITM hides the client's encrypt_then_mac (renamed to an unknown type, which servers ignore).
        Hellos h = new Hellos();
        MitmPair p = new MitmPair(client(c, CBC), server(s), h.tamper((fromClient, m) ->
                fromClient && (m[0] & 0xFF) == 1 ? rename(m, true, ENCRYPT_THEN_MAC, 0xFAFA) : m)).run();
        assertNotNull(h.serverHello);
        assertEquals(32, sessionId(h.clientHello).length, "the client offered its session");
        assertFalse(Arrays.equals(sessionId(h.clientHello), sessionId(h.serverHello)),
                "RFC 7366 3.1: full handshake instead of a downgraded resumption");
        assertFalse(extensionTypes(h.serverHello, false).contains(ENCRYPT_THEN_MAC), "not offered, not answered");
        // The tampered ClientHello is in the server's transcript only: the handshake then fails, as it must.
        assertFalse(p.handshakeDone());
        assertTrue(p.clientError() != null || p.serverError() != null);
        assertFalse(p.serverError() instanceof SSLProtocolException && p.clientError() == null);
    }
}
