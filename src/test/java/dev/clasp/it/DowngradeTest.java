package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki.Peer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * RFC 8446 4.1.3 downgrade sentinels and RFC 5246 E.1 version checks, seen on the wire between Clasp and SunJSSE
 * (a TLS 1.3-capable peer) in memory. The ServerHello is the server's first record: 5-byte record header, 4-byte
 * handshake header, server_version at [9, 11), random at [11, 43).
 */
class DowngradeTest {
    static final byte[] DOWNGRD_00 = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x00};
    static final byte[] DOWNGRD_01 = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x01};

    private static SSLEngine client(SSLContext ctx) {
        SSLEngine e = ctx.createSSLEngine("localhost", 8443);
        e.setUseClientMode(true);
        return e;
    }

    private static SSLEngine server(SSLContext ctx) {
        SSLEngine e = ctx.createSSLEngine();
        e.setUseClientMode(false);
        return e;
    }

    /** A SunJSSE server that can do TLS 1.3 with TLS 1.2 and 1.3 enabled. */
    private static SSLContext sunTls13Server() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS", "SunJSSE");
        ctx.init(TestPki.keyManagers("server-ec256.p12"), TestPki.trustManagers("truststore.p12"), null);
        return ctx;
    }

    private static byte[] lastEight(byte[] serverHelloRecord) {
        return Arrays.copyOfRange(serverHelloRecord, 35, 43);
    }

    /**
     * A TLS 1.3 server negotiating 1.2 MUST send DOWNGRD 01 (RFC 8446 4.1.3); a 1.2-only client must accept it,
     * or it could not talk to any TLS 1.3-capable server.
     */
    @Test
    void tls12ClientAcceptsTheSentinelOfATls13Server() throws Exception {
        AtomicReference<byte[]> hello = new AtomicReference<>();
        SSLContext clasp = TestPki.context(Peer.CLASP, null);
        SSLEngine s = server(sunTls13Server());
        s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        MitmPair p = new MitmPair(client(clasp), s, (fromClient, index, record) -> {
            if (!fromClient && index == 0) {
                hello.set(record.clone());
            }
            return List.of(record);
        }).run();
        assertEquals(null, p.clientError());
        assertEquals(null, p.serverError());
        assertArrayEquals(DOWNGRD_01, lastEight(hello.get()), "SunJSSE 1.3 server marks its 1.2 ServerHello");
        assertEquals("TLSv1.2", p.client.getSession().getProtocol());
    }

    /** RFC 8446 4.1.3: DOWNGRD 00 in a 1.2 ServerHello says the server settled for 1.1 or below: illegal_parameter. */
    @Test
    void tls12ServerHelloWithTheTls11SentinelIsIllegalParameter() throws Exception {
        SSLContext clasp = TestPki.context(Peer.CLASP, null);
        MitmPair p = new MitmPair(client(clasp), server(sunTls13Server()), (fromClient, index, record) -> {
            if (!fromClient && index == 0) {
                byte[] r = record.clone();
                System.arraycopy(DOWNGRD_00, 0, r, 35, 8);
                return List.of(r);
            }
            return List.of(record);
        }).run();
        assertNotNull(p.clientError());
        assertEquals(SSLHandshakeException.class, p.clientError().getClass(), String.valueOf(p.clientError()));
        assertTrue(p.clientError().getMessage().contains("downgrade"), p.clientError().getMessage());
        assertNotNull(p.serverError(), "SunJSSE received the alert");
        assertTrue(p.serverError().getMessage().contains("illegal_parameter"), p.serverError().getMessage());
        assertTrue(p.client.isOutboundDone() && p.client.isInboundDone(), "the Clasp engine is closed");
    }

    /** A ServerHello that says TLS 1.1 (RFC 5246 E.1): protocol_version, whatever the peer meant. */
    @Test
    void serverHelloBelowTls12IsProtocolVersion() throws Exception {
        SSLContext clasp = TestPki.context(Peer.CLASP, null);
        MitmPair p = new MitmPair(client(clasp), server(sunTls13Server()), (fromClient, index, record) -> {
            if (!fromClient && index == 0) {
                byte[] r = record.clone();
                r[10] = 0x02;
                return List.of(r);
            }
            return List.of(record);
        }).run();
        assertNotNull(p.clientError());
        assertEquals(SSLHandshakeException.class, p.clientError().getClass());
        assertNotNull(p.serverError(), "SunJSSE received the alert");
        assertTrue(p.serverError().getMessage().contains("protocol_version"), p.serverError().getMessage());
    }

    /**
     * Clasp does not support TLS 1.3, so it must not set DOWNGRD 01 even when the client offered 1.3 in
     * supported_versions (RFC 8446 4.1.3 asks it of TLS 1.3 servers): a SunJSSE client offering 1.3 and 1.2 would
     * abort on it. The handshake completes and the random carries neither sentinel.
     */
    @Test
    void claspServerSetsNoSentinelForATls13Client() throws Exception {
        AtomicReference<byte[]> hello = new AtomicReference<>();
        SSLContext sun = SSLContext.getInstance("TLS", "SunJSSE");
        sun.init(null, TestPki.trustManagers("truststore.p12"), null);
        SSLEngine c = client(sun);
        c.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        MitmPair p = new MitmPair(c, server(TestPki.context(Peer.CLASP, "server-ec256.p12")),
                (fromClient, index, record) -> {
                    if (!fromClient && index == 0) {
                        hello.set(record.clone());
                    }
                    return List.of(record);
                }).run();
        assertEquals(null, p.clientError());
        assertEquals(null, p.serverError());
        assertEquals("TLSv1.2", p.client.getSession().getProtocol());
        byte[] tail = lastEight(hello.get());
        assertFalse(Arrays.equals(tail, DOWNGRD_01) || Arrays.equals(tail, DOWNGRD_00));
    }
}
