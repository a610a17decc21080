package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.PeerAlertException;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.it.TestPki.Peer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 2's negative handshakes. Clasp sits in the role that detects the fault; the other side is SunJSSE and,
 * where it makes sense, Clasp itself. Each test checks the detecting side's exception (type, message, alert),
 * the alert the other side receives, that the detecting side's next wrap emits the alert and reports CLOSED,
 * and that both engines end closed.
 */
class NegativeHandshakeTest {
    static final int HANDSHAKE = 22;
    static final int CCS = 20;
    static final int APPLICATION_DATA = 23;

    // ------------------------------------------------------------------------------------------- helpers

    static SSLEngine client(Peer peer, String keyStore, Consumer<SSLEngine> setup) throws Exception {
        SSLEngine e = TestPki.context(peer, keyStore).createSSLEngine("localhost", 443);
        e.setUseClientMode(true);
        setup.accept(e);
        return e;
    }

    static SSLEngine server(Peer peer, String keyStore, Consumer<SSLEngine> setup) throws Exception {
        SSLEngine e = TestPki.context(peer, keyStore).createSSLEngine();
        e.setUseClientMode(false);
        setup.accept(e);
        return e;
    }

    static final Consumer<SSLEngine> DEFAULT = e -> { };

    static MitmPair pair(Peer clientPeer, Peer serverPeer, MitmPair.Tamper tamper) throws Exception {
        return new MitmPair(client(clientPeer, null, DEFAULT), server(serverPeer, "server-ec256.p12", DEFAULT), tamper);
    }

    /**
     * The fault was detected by the Clasp engine on side {@code clientDetects}: it threw {@code type} naming the
     * problem and the alert, its next wrap emitted the alert record and said CLOSED, the peer received the alert,
     * and both engines are closed.
     */
    static void assertDetected(MitmPair p, boolean clientDetects, Peer otherPeer, AlertDescription alert,
            Class<? extends SSLException> type, String... messageParts) {
        SSLException mine = clientDetects ? p.clientError() : p.serverError();
        SSLException theirs = clientDetects ? p.serverError() : p.clientError();
        assertNotNull(mine, "the detecting side raised nothing");
        assertInstanceOf(type, mine);
        if (type != SSLHandshakeException.class) {
            assertTrue(!(mine instanceof SSLHandshakeException), "not a handshake failure: " + mine);
        }
        String msg = mine.getMessage();
        for (String part : messageParts) {
            assertTrue(msg.contains(part), "message lacks '" + part + "': " + msg);
        }
        assertTrue(msg.contains("fatal alert " + alert.ianaName()), msg);
        // Clasp's alert detail is a suppressed exception: the cause stays free for callers to initCause (as SunJSSE).
        TlsAlertException cause = assertInstanceOf(TlsAlertException.class, suppressed(mine, TlsAlertException.class),
                mine.toString());
        assertEquals(alert, cause.description());

        assertEquals(HandshakeStatus.NEED_WRAP, p.statusAtError(clientDetects), "the alert must be wrapped next");
        assertNextWrapEmitsAlert(clientDetects ? p.clientResults() : p.serverResults(),
                clientDetects ? p.client : p.server);
        assertPeerReceived(theirs, otherPeer, alert);
        assertBothClosed(p);
    }

    static void assertPeerReceived(SSLException theirs, Peer peer, AlertDescription alert) {
        assertNotNull(theirs, "the peer did not see the alert");
        if (peer == Peer.CLASP) {
            PeerAlertException pa = assertInstanceOf(PeerAlertException.class,
                    suppressed(theirs, PeerAlertException.class), theirs.toString());
            assertEquals(alert, pa.description());
            assertEquals(null, theirs.getCause(), "a received alert has no cause, as in SunJSSE");
        }
        assertTrue(theirs.getMessage().contains("Received fatal alert: " + alert.ianaName()),
                "peer message: " + theirs.getMessage());
    }

    static Throwable suppressed(SSLException e, Class<?> type) {
        for (Throwable t : e.getSuppressed()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    static void assertBothClosed(MitmPair p) {
        assertTrue(p.client.isInboundDone() && p.client.isOutboundDone(), "client not closed");
        assertTrue(p.server.isInboundDone() && p.server.isOutboundDone(), "server not closed");
    }

    /** The JSSE contract: after the exception the engine wants to wrap; that wrap emits the alert and is CLOSED. */
    static void assertNextWrapEmitsAlert(List<SSLEngineResult> results, SSLEngine e) {
        // The detecting engine's last result is the wrap that carried the alert.
        SSLEngineResult last = results.get(results.size() - 1);
        assertEquals(Status.CLOSED, last.getStatus(), last.toString());
        assertTrue(last.bytesProduced() >= 7, "alert record expected: " + last);
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, e.getHandshakeStatus());
    }

    /** Rewrites the first handshake record {@code fromClient} sends. */
    static MitmPair.Tamper firstRecord(boolean fromClient, java.util.function.UnaryOperator<List<byte[]>> edit) {
        return (from, index, rec) -> from == fromClient && index == 0 ? edit.apply(new ArrayList<>(List.of(rec))) : List.of(rec);
    }

    /** Applies {@code edit} to every handshake message in plaintext handshake records going {@code fromClient}. */
    static MitmPair.Tamper handshakeMessages(boolean fromClient, java.util.function.UnaryOperator<List<byte[]>> edit) {
        boolean[] encrypted = {false};
        return (from, index, rec) -> {
            if (from != fromClient || encrypted[0]) {
                return List.of(rec);
            }
            if (MitmPair.type(rec) == CCS) {
                encrypted[0] = true;
                return List.of(rec);
            }
            if (MitmPair.type(rec) != HANDSHAKE) {
                return List.of(rec);
            }
            return List.of(MitmPair.handshakeRecord(edit.apply(new ArrayList<>(MitmPair.messages(MitmPair.fragment(rec))))));
        };
    }

    static int indexOfType(List<byte[]> messages, int type) {
        for (int i = 0; i < messages.size(); i++) {
            if ((messages.get(i)[0] & 0xFF) == type) {
                return i;
            }
        }
        return -1;
    }

    // ----------------------------------------------------------------------------------------- scenarios

    enum Other { SUNJSSE, CLASP; Peer peer() { return Peer.valueOf(name()); } }

    @ParameterizedTest
    @EnumSource(Other.class)
    void noCipherSuiteInCommon(Other other) throws Exception {
        SSLEngine c = client(other.peer(), null,
                e -> e.setEnabledCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"}));
        SSLEngine s = server(Peer.CLASP, "server-ec256.p12",
                e -> e.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"}));
        MitmPair p = new MitmPair(c, s, MitmPair.NONE).run();
        assertDetected(p, false, other.peer(), AlertDescription.HANDSHAKE_FAILURE, SSLHandshakeException.class,
                "no cipher suite in common", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void untrustedServerCertificate(Other other) throws Exception {
        MitmPair p = new MitmPair(client(Peer.CLASP, null, DEFAULT),
                server(other.peer(), "server-untrusted.p12", DEFAULT), MitmPair.NONE).run();
        // RFC 5246 7.2.2: no chain to a trust anchor: unknown_ca.
        assertDetected(p, true, other.peer(), AlertDescription.UNKNOWN_CA, SSLHandshakeException.class,
                "server certificate", "not trusted");
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void wrongHostName(Other other) throws Exception {
        SSLEngine c = client(Peer.CLASP, null, e -> {
            SSLParameters sp = e.getSSLParameters();
            sp.setEndpointIdentificationAlgorithm("HTTPS");
            e.setSSLParameters(sp);
        });
        MitmPair p = new MitmPair(c, server(other.peer(), "server-wronghost.p12", DEFAULT), MitmPair.NONE).run();
        assertDetected(p, true, other.peer(), AlertDescription.CERTIFICATE_UNKNOWN, SSLHandshakeException.class,
                "not trusted", "localhost");
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void expiredServerCertificate(Other other) throws Exception {
        MitmPair p = new MitmPair(client(Peer.CLASP, null, DEFAULT),
                server(other.peer(), "server-expired.p12", DEFAULT), MitmPair.NONE).run();
        assertDetected(p, true, other.peer(), AlertDescription.CERTIFICATE_EXPIRED, SSLHandshakeException.class,
                "server certificate", "not trusted");
    }

    /**
     * The MITM renames the ClientHello's extended_master_secret extension to an unknown type: the server no longer
     * negotiates EMS, both sides derive the same keys from the randoms (so every record MAC still verifies), but
     * their transcripts differ, so the client's Finished is wrong.
     */
    @ParameterizedTest
    @EnumSource(Other.class)
    void tamperedFinished(Other other) throws Exception {
        MitmPair p = pair(other.peer(), Peer.CLASP, handshakeMessages(true, msgs -> {
            int i = indexOfType(msgs, 1);
            if (i >= 0) {
                msgs.set(i, renameExtension(msgs.get(i), 0x0017, 0xFAFA));
            }
            return msgs;
        })).run();
        assertDetected(p, false, other.peer(), AlertDescription.DECRYPT_ERROR, SSLHandshakeException.class,
                "Finished verify_data does not match");
    }

    /** Renames extension {@code from} in a ClientHello message (type || length || body) to {@code to}. */
    static byte[] renameExtension(byte[] clientHello, int from, int to) {
        byte[] m = clientHello.clone();
        int pos = 4 + 2 + 32;
        pos += 1 + (m[pos] & 0xFF);                                      // session_id
        pos += 2 + (((m[pos] & 0xFF) << 8) | (m[pos + 1] & 0xFF));       // cipher_suites
        pos += 1 + (m[pos] & 0xFF);                                      // compression_methods
        pos += 2;                                                        // extensions length
        while (pos + 4 <= m.length) {
            int type = ((m[pos] & 0xFF) << 8) | (m[pos + 1] & 0xFF);
            int len = ((m[pos + 2] & 0xFF) << 8) | (m[pos + 3] & 0xFF);
            if (type == from) {
                m[pos] = (byte) (to >>> 8);
                m[pos + 1] = (byte) to;
                return m;
            }
            pos += 4 + len;
        }
        throw new IllegalStateException("ClientHello has no extension " + from);
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void tamperedApplicationRecord(Other other) throws Exception {
        MitmPair p = pair(other.peer(), Peer.CLASP, (from, index, rec) -> {
            if (from && MitmPair.type(rec) == APPLICATION_DATA) {
                rec[rec.length - 1] ^= 0x01;
            }
            return List.of(rec);
        }).run();
        assertTrue(p.handshakeDone(), "handshake");
        p.offer(true, "secret request".getBytes(StandardCharsets.UTF_8));
        p.drive();
        assertEquals(0, p.serverReceived().length, "no plaintext from a forged record");
        assertDetected(p, false, other.peer(), AlertDescription.BAD_RECORD_MAC, SSLException.class,
                "record failed authentication");
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void clientCertificateMissing(Other other) throws Exception {
        MitmPair p = new MitmPair(client(other.peer(), null, DEFAULT),
                server(Peer.CLASP, "server-ec256.p12", e -> e.setNeedClientAuth(true)), MitmPair.NONE).run();
        assertDetected(p, false, other.peer(), AlertDescription.HANDSHAKE_FAILURE, SSLHandshakeException.class,
                "client certificate required");
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void serverKeyExchangeBadSignature(Other other) throws Exception {
        MitmPair p = pair(Peer.CLASP, other.peer(), handshakeMessages(false, msgs -> {
            int i = indexOfType(msgs, 12);
            if (i >= 0) {
                byte[] ske = msgs.get(i).clone();
                ske[ske.length - 1] ^= 0x01;    // last byte of the signature
                msgs.set(i, ske);
            }
            return msgs;
        })).run();
        assertDetected(p, true, other.peer(), AlertDescription.DECRYPT_ERROR, SSLHandshakeException.class,
                "ServerKeyExchange signature", "does not verify");
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void recordTooLarge(Other other) throws Exception {
        MitmPair p = pair(other.peer(), Peer.CLASP, firstRecord(true, recs -> {
            byte[] big = new byte[16385];
            byte[] frag = MitmPair.fragment(recs.get(0));
            System.arraycopy(frag, 0, big, 0, frag.length);
            return List.of(MitmPair.record(HANDSHAKE, big));
        })).run();
        assertDetected(p, false, other.peer(), AlertDescription.RECORD_OVERFLOW, SSLHandshakeException.class,
                "record of 16385 bytes exceeds the limit of 16384");
    }

    /** RFC 5246 6.2.3: a protected record longer than 2^14 + 2048 is refused from its header, before decryption. */
    @ParameterizedTest
    @EnumSource(Other.class)
    void protectedRecordTooLarge(Other other) throws Exception {
        MitmPair p = pair(other.peer(), Peer.CLASP, (from, index, rec) -> from && MitmPair.type(rec) == APPLICATION_DATA
                ? List.of(MitmPair.record(APPLICATION_DATA, new byte[16384 + 2048 + 1])) : List.of(rec)).run();
        assertTrue(p.handshakeDone(), "handshake");
        p.offer(true, "data".getBytes(StandardCharsets.UTF_8));
        p.drive();
        assertEquals(0, p.serverReceived().length);
        assertDetected(p, false, other.peer(), AlertDescription.RECORD_OVERFLOW, SSLException.class,
                "record of 18433 bytes exceeds the limit of 18432");
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void httpRequestInsteadOfClientHello(Other other) throws Exception {
        MitmPair p = pair(other.peer(), Peer.CLASP, firstRecord(true,
                recs -> List.of("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))).run();
        assertDetected(p, false, other.peer(), AlertDescription.UNEXPECTED_MESSAGE, SSLHandshakeException.class,
                "not a TLS record", "HTTP");
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void sslv2Hello(Other other) throws Exception {
        // An SSLv2-format CLIENT-HELLO (RFC 5246 E.2): 2-byte length with the top bit set, msg_type 1, version 3.3.
        byte[] v2 = {(byte) 0x80, 0x1f, 0x01, 0x03, 0x03, 0x00, 0x06, 0x00, 0x00, 0x00, 0x10,
            0x00, (byte) 0xc0, 0x2b, 0x00, 0x00, (byte) 0xff,
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        MitmPair p = pair(other.peer(), Peer.CLASP, firstRecord(true, recs -> List.of(v2))).run();
        assertDetected(p, false, other.peer(), AlertDescription.HANDSHAKE_FAILURE, SSLHandshakeException.class,
                "SSLv2");
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void tls10ClientHello(Other other) throws Exception {
        MitmPair p = pair(other.peer(), Peer.CLASP, handshakeMessages(true, msgs -> {
            int i = indexOfType(msgs, 1);
            if (i >= 0) {
                byte[] ch = msgs.get(i).clone();
                ch[5] = 0x01;                   // client_version 3.1 = TLS 1.0
                msgs.set(i, ch);
            }
            return msgs;
        })).run();
        assertDetected(p, false, other.peer(), AlertDescription.PROTOCOL_VERSION, SSLHandshakeException.class,
                "TLSv1", "accepts only TLSv1.2");
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void changeCipherSpecBeforeKeysToServer(Other other) throws Exception {
        MitmPair p = pair(other.peer(), Peer.CLASP, firstRecord(true,
                recs -> List.of(recs.get(0), MitmPair.record(CCS, new byte[] {1})))).run();
        assertDetected(p, false, other.peer(), AlertDescription.UNEXPECTED_MESSAGE, SSLHandshakeException.class,
                "expected ClientKeyExchange, received ChangeCipherSpec");
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void changeCipherSpecBeforeServerHello(Other other) throws Exception {
        MitmPair p = pair(Peer.CLASP, other.peer(), firstRecord(false,
                recs -> List.of(MitmPair.record(CCS, new byte[] {1}), recs.get(0)))).run();
        assertDetected(p, true, other.peer(), AlertDescription.UNEXPECTED_MESSAGE, SSLHandshakeException.class,
                "expected ServerHello, received ChangeCipherSpec");
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void applicationDataBeforeFinishedToServer(Other other) throws Exception {
        MitmPair p = pair(other.peer(), Peer.CLASP, firstRecord(true,
                recs -> List.of(recs.get(0), MitmPair.record(APPLICATION_DATA, new byte[40])))).run();
        assertDetected(p, false, other.peer(), AlertDescription.UNEXPECTED_MESSAGE, SSLHandshakeException.class,
                "application data received before the handshake completed");
        assertEquals(0, p.serverReceived().length);
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void applicationDataBeforeFinishedToClient(Other other) throws Exception {
        MitmPair p = pair(Peer.CLASP, other.peer(), firstRecord(false,
                recs -> List.of(recs.get(0), MitmPair.record(APPLICATION_DATA, new byte[40])))).run();
        assertDetected(p, true, other.peer(), AlertDescription.UNEXPECTED_MESSAGE, SSLHandshakeException.class,
                "application data received before the handshake completed");
        assertEquals(0, p.clientReceived().length);
    }

    @ParameterizedTest
    @EnumSource(Other.class)
    void duplicatedServerHello(Other other) throws Exception {
        MitmPair p = pair(Peer.CLASP, other.peer(), handshakeMessages(false, msgs -> {
            int i = indexOfType(msgs, 2);
            if (i >= 0) {
                msgs.add(i + 1, msgs.get(i));
            }
            return msgs;
        })).run();
        assertDetected(p, true, other.peer(), AlertDescription.UNEXPECTED_MESSAGE, SSLHandshakeException.class,
                "expected server Certificate, received SERVER_HELLO");
    }

    /** RFC 5246 7.4.1.1: a HelloRequest while a handshake is in progress is ignored. */
    @ParameterizedTest
    @EnumSource(Other.class)
    void helloRequestDuringHandshakeIgnoredByClient(Other other) throws Exception {
        MitmPair p = pair(Peer.CLASP, other.peer(), firstRecord(false,
                recs -> List.of(MitmPair.record(HANDSHAKE, new byte[] {0, 0, 0, 0}), recs.get(0)))).run();
        assertTrue(p.handshakeDone(), "client " + p.clientError() + ", server " + p.serverError());
        p.offer(false, "hello".getBytes(StandardCharsets.UTF_8));
        p.drive();
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), p.clientReceived());
    }

    /**
     * A local fault while the client's last flight (Certificate..., ChangeCipherSpec, Finished) is queued but not
     * yet wrapped: the next wrap must carry only the fatal alert, in plaintext, not the queued ChangeCipherSpec
     * followed by an alert under keys the server does not have yet.
     */
    @ParameterizedTest
    @EnumSource(Other.class)
    void faultWithFlightQueuedSendsOnlyThePlaintextAlert(Other other) throws Exception {
        SSLEngine c = client(Peer.CLASP, null, DEFAULT);
        SSLEngine s = server(other.peer(), "server-ec256.p12", DEFAULT);
        ByteBuffer c2s = ByteBuffer.allocate(1 << 17);
        ByteBuffer s2c = ByteBuffer.allocate(1 << 17);
        ByteBuffer app = ByteBuffer.allocate(1 << 17);
        c.beginHandshake();
        s.beginHandshake();
        c.wrap(ByteBuffer.allocate(0), c2s);                              // ClientHello
        c2s.flip();
        for (int i = 0; i < 20 && s.getHandshakeStatus() != HandshakeStatus.NEED_WRAP; i++) {
            s.unwrap(c2s, app);
            runTasks(s);
        }
        for (int i = 0; i < 20 && s.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
            s.wrap(ByteBuffer.allocate(0), s2c);                          // the server's first flight
        }
        s2c.flip();
        for (int i = 0; i < 20 && s2c.hasRemaining() && c.getHandshakeStatus() != HandshakeStatus.NEED_WRAP; i++) {
            c.unwrap(s2c, app);
            runTasks(c);
        }
        assertEquals(HandshakeStatus.NEED_WRAP, c.getHandshakeStatus(), "client flight queued");

        SSLException e = org.junit.jupiter.api.Assertions.assertThrows(SSLException.class, c::closeInbound);
        assertTrue(e.getMessage().contains("close_notify"), e.getMessage());
        ByteBuffer out = ByteBuffer.allocate(1 << 15);
        SSLEngineResult r = c.wrap(ByteBuffer.allocate(0), out);
        assertEquals(Status.CLOSED, r.getStatus());
        out.flip();
        byte[] wire = new byte[out.remaining()];
        out.get(wire);
        assertArrayEquals(new byte[] {21, 3, 3, 0, 2, 2, (byte) AlertDescription.INTERNAL_ERROR.code()}, wire,
                "only the fatal alert, unprotected");
        assertTrue(c.isInboundDone() && c.isOutboundDone());

        c2s.clear();
        c2s.put(wire).flip();
        SSLException theirs = null;
        try {
            for (int i = 0; i < 5 && c2s.hasRemaining(); i++) {
                s.unwrap(c2s, app);
            }
        } catch (SSLException x) {
            theirs = x;
        }
        assertPeerReceived(theirs, other.peer(), AlertDescription.INTERNAL_ERROR);
    }

    static void runTasks(SSLEngine e) {
        Runnable t;
        for (int i = 0; i < 20 && (t = e.getDelegatedTask()) != null; i++) {
            t.run();
        }
    }

    /** Fails when a scenario ran into no error at all (guards the helper itself). */
    @Test
    void cleanHandshakeHasNoErrors() throws Exception {
        MitmPair p = pair(Peer.SUNJSSE, Peer.CLASP, MitmPair.NONE).run();
        assertTrue(p.handshakeDone());
        assertNull(p.clientError());
        assertNull(p.serverError());
        if (p.bothClosed()) {
            fail("engines closed after a clean handshake");
        }
    }
}
