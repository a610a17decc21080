package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.Contract.Impl;
import dev.clasp.engine.Contract.Pair;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Closing: close_notify both ways, closeInbound truncation, fatal alerts, closing before the start. Each
 * scenario asserts the contract directly and then records a trace that must equal SunJSSE's trace.
 */
class EngineCloseContractTest {
    private static final int ALERT = 21;

    /** Trace of one engine's directions and handshake status. */
    private static String state(String who, SSLEngine e) {
        return who + " out=" + e.isOutboundDone() + " in=" + e.isInboundDone() + " hs=" + e.getHandshakeStatus();
    }

    private static String res(String what, SSLEngineResult r) {
        return what + " " + r.getStatus() + "/" + r.getHandshakeStatus() + " consumed>0=" + (r.bytesConsumed() > 0)
                + " produced>0=" + (r.bytesProduced() > 0);
    }

    /** closeOutbound on the client after the handshake; the server answers with its own close_notify. */
    static List<String> cleanClose(Impl impl) throws Exception {
        List<String> t = new ArrayList<>();
        Pair p = Contract.pair(impl);
        p.handshake();
        p.client.closeOutbound();
        t.add(state("client after closeOutbound", p.client));
        SSLEngineResult r = p.wrap(true, ByteBuffer.allocate(0));
        assertEquals(Status.CLOSED, r.getStatus());
        assertTrue(r.bytesProduced() > 0, "close_notify produced");
        assertEquals(ALERT, p.toServer.get(0), "an alert record");
        assertTrue(p.client.isOutboundDone());
        t.add(res("client wrap", r));
        t.add(state("client", p.client));
        r = p.wrap(true, ByteBuffer.wrap(new byte[10]));
        assertEquals(Status.CLOSED, r.getStatus());
        assertEquals(0, r.bytesProduced());
        t.add(res("client wrap again", r));

        r = p.unwrap(false);
        assertEquals(Status.CLOSED, r.getStatus());
        assertTrue(p.server.isInboundDone());
        assertEquals(HandshakeStatus.NEED_WRAP, p.server.getHandshakeStatus());
        t.add(res("server unwrap", r));
        t.add(state("server", p.server));
        r = p.wrap(false, ByteBuffer.wrap(new byte[10]));
        assertEquals(Status.CLOSED, r.getStatus());
        assertTrue(r.bytesProduced() > 0, "server's close_notify");
        assertEquals(0, r.bytesConsumed());
        assertTrue(p.server.isOutboundDone());
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, p.server.getHandshakeStatus());
        t.add(res("server wrap", r));
        t.add(state("server", p.server));

        r = p.unwrap(true);
        assertEquals(Status.CLOSED, r.getStatus());
        assertTrue(p.client.isInboundDone());
        t.add(res("client unwrap", r));
        t.add(state("client", p.client));
        r = p.unwrap(true);
        t.add(res("client unwrap again", r));
        r = p.unwrap(false);
        t.add(res("server unwrap again", r));
        return t;
    }

    /**
     * closeInbound on the server without close_notify from the client: a possible truncation. As SunJSSE (JDK
     * 11+): SSLException, inbound done, but no alert; the outbound side stays open for data until closeOutbound,
     * and the session stays valid.
     */
    static List<String> truncation(Impl impl) throws Exception {
        List<String> t = new ArrayList<>();
        Pair p = Contract.pair(impl);
        p.handshake();
        SSLException e = assertThrows(SSLException.class, p.server::closeInbound);
        assertEquals(SSLException.class, e.getClass());
        t.add("closeInbound threw " + e.getClass().getSimpleName());
        assertTrue(e.getMessage().contains("close_notify"), e.getMessage());
        assertTrue(p.server.isInboundDone());
        assertTrue(p.server.getSession().isValid(), "session stays valid");
        t.add(state("server", p.server));
        p.server.closeInbound();   // a second call is quiet
        SSLEngineResult r = p.wrap(false, ByteBuffer.wrap(new byte[10]));
        assertEquals(Status.OK, r.getStatus());
        assertEquals(10, r.bytesConsumed());
        assertEquals(23, p.toClient.get(0), "still application data");
        t.add(res("server wrap", r));
        t.add(state("server", p.server));
        r = p.unwrap(true);
        assertEquals(10, r.bytesProduced());
        t.add(res("client unwrap", r));
        p.server.closeOutbound();
        r = p.wrap(false, ByteBuffer.allocate(0));
        assertEquals(Status.CLOSED, r.getStatus());
        assertEquals(ALERT, p.toClient.get(0), "close_notify");
        t.add(res("server wrap after closeOutbound", r));
        t.add(state("server", p.server));
        r = p.unwrap(true);
        assertEquals(Status.CLOSED, r.getStatus());
        t.add(res("client unwrap", r));
        t.add(state("client", p.client));
        return t;
    }

    /** A corrupted record after the handshake: fatal bad_record_mac, both sides end. */
    static List<String> fatalAfterHandshake(Impl impl) throws Exception {
        List<String> t = new ArrayList<>();
        Pair p = Contract.pair(impl);
        p.handshake();
        p.wrap(true, ByteBuffer.wrap(new byte[100]));
        p.toServer.put(p.toServer.position() - 1, (byte) (p.toServer.get(p.toServer.position() - 1) ^ 1));
        SSLException e = assertThrows(SSLException.class, () -> p.unwrap(false));
        t.add("server unwrap threw " + e.getClass().getSimpleName());
        t.add(state("server", p.server));
        assertTrue(p.server.isInboundDone());
        SSLEngineResult r = p.wrap(false, ByteBuffer.wrap(new byte[10]));
        assertEquals(Status.CLOSED, r.getStatus());
        assertTrue(r.bytesProduced() > 0, "the fatal alert");
        assertEquals(0, r.bytesConsumed());
        t.add(res("server wrap", r));
        t.add(state("server", p.server));
        assertTrue(p.server.isOutboundDone());
        t.add(res("server wrap again", p.wrap(false, ByteBuffer.wrap(new byte[10]))));
        p.toServer.clear();
        p.toServer.put(new byte[] {23, 3, 3, 0, 40}).put(new byte[40]);
        t.add(res("server unwrap again", p.unwrap(false)));

        SSLException c = assertThrows(SSLException.class, () -> p.unwrap(true));
        t.add("client unwrap threw " + c.getClass().getSimpleName());
        t.add(state("client", p.client));
        assertTrue(p.client.isInboundDone());
        r = p.wrap(true, ByteBuffer.wrap(new byte[10]));
        t.add(res("client wrap", r));
        assertEquals(Status.CLOSED, r.getStatus());
        t.add(state("client", p.client));
        r = p.wrap(true, ByteBuffer.wrap(new byte[10]));
        assertEquals(Status.CLOSED, r.getStatus());
        assertEquals(0, r.bytesConsumed());
        t.add(res("client wrap again", r));
        return t;
    }

    /** A handshake failure (untrusted server): both ends see SSLHandshakeException, then CLOSED. */
    static List<String> fatalDuringHandshake(Impl impl) throws Exception {
        List<String> t = new ArrayList<>();
        Pair p = new Pair(Contract.client(Contract.context(impl, null)),
                Contract.server(Contract.context(impl, "server-untrusted.p12")));
        SSLException e = assertThrows(SSLException.class, p::handshake);
        assertEquals(SSLHandshakeException.class, e.getClass());
        t.add(state("client", p.client));
        SSLEngineResult r = p.wrap(true, ByteBuffer.allocate(0));
        t.add(res("client wrap", r));
        assertEquals(Status.CLOSED, r.getStatus());
        assertTrue(r.bytesProduced() > 0);
        t.add(state("client", p.client));
        SSLException s = assertThrows(SSLException.class, () -> p.unwrap(false));
        assertEquals(SSLHandshakeException.class, s.getClass());
        t.add(state("server", p.server));
        r = p.wrap(false, ByteBuffer.allocate(0));
        assertEquals(Status.CLOSED, r.getStatus());
        t.add(res("server wrap", r));
        t.add(state("server", p.server));
        return t;
    }

    /** closeOutbound before anything was sent. */
    static List<String> closeOutboundBeforeStart(Impl impl) throws Exception {
        List<String> t = new ArrayList<>();
        SSLEngine c = Contract.client(Contract.context(impl, null));
        c.closeOutbound();
        t.add(state("client", c));
        assertTrue(c.isOutboundDone());
        SSLEngineResult r = c.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(20000));
        assertEquals(Status.CLOSED, r.getStatus());
        t.add(res("wrap", r));
        t.add(state("client", c));
        r = c.unwrap(ByteBuffer.allocate(0), ByteBuffer.allocate(20000));
        t.add(res("unwrap", r));
        t.add(state("client", c));
        return t;
    }

    /** closeInbound before anything was received: no truncation complaint. */
    static List<String> closeInboundBeforeStart(Impl impl) throws Exception {
        List<String> t = new ArrayList<>();
        SSLEngine s = Contract.server(Contract.context(impl, Contract.SERVER_KEYS));
        s.closeInbound();
        t.add(state("server", s));
        assertTrue(s.isInboundDone());
        SSLEngineResult r = s.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(20000));
        t.add(res("wrap", r));
        t.add(state("server", s));
        return t;
    }

    /** closeOutbound on a client that sent its ClientHello: user_canceled then close_notify, then wait. */
    static List<String> closeOutboundMidHandshake(Impl impl) throws Exception {
        List<String> t = new ArrayList<>();
        Pair p = Contract.pair(impl);
        p.wrap(true, ByteBuffer.allocate(0));
        p.toServer.clear();
        p.client.closeOutbound();
        t.add(state("client", p.client));
        SSLEngineResult r = null;
        for (int i = 0; i < 5 && !p.client.isOutboundDone(); i++) {
            r = p.wrap(true, ByteBuffer.allocate(0));
        }
        assertTrue(p.client.isOutboundDone());
        t.add(res("last client wrap", r));
        t.add(state("client", p.client));
        // The records sent: alert level/description pairs.
        ByteBuffer net = p.toServer.duplicate().flip();
        while (net.remaining() >= 5) {
            int type = net.get();
            net.position(net.position() + 2);
            int len = net.getShort();
            t.add("record type " + type + " length " + len + (type == ALERT ? " alert " + net.get(net.position())
                    + "/" + net.get(net.position() + 1) : ""));
            net.position(net.position() + len);
        }
        assertEquals(0, net.remaining());
        return t;
    }

    interface Scenario {
        List<String> run(Impl impl) throws Exception;
    }

    private static void sameAsSunJsse(Scenario s) throws Exception {
        List<String> reference = s.run(Impl.SUNJSSE);
        List<String> clasp = s.run(Impl.CLASP);
        assertEquals(String.join("\n", reference), String.join("\n", clasp));
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void cleanCloseContract(Impl impl) throws Exception {
        cleanClose(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void truncationContract(Impl impl) throws Exception {
        truncation(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void fatalAfterHandshakeContract(Impl impl) throws Exception {
        fatalAfterHandshake(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void fatalDuringHandshakeContract(Impl impl) throws Exception {
        fatalDuringHandshake(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void closeOutboundBeforeStartContract(Impl impl) throws Exception {
        closeOutboundBeforeStart(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void closeInboundBeforeStartContract(Impl impl) throws Exception {
        closeInboundBeforeStart(impl);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void closeOutboundMidHandshakeContract(Impl impl) throws Exception {
        closeOutboundMidHandshake(impl);
    }

    @Test
    void cleanCloseLikeSunJsse() throws Exception {
        sameAsSunJsse(EngineCloseContractTest::cleanClose);
    }

    @Test
    void truncationLikeSunJsse() throws Exception {
        sameAsSunJsse(EngineCloseContractTest::truncation);
    }

    @Test
    void fatalAfterHandshakeLikeSunJsse() throws Exception {
        sameAsSunJsse(EngineCloseContractTest::fatalAfterHandshake);
    }

    @Test
    void fatalDuringHandshakeLikeSunJsse() throws Exception {
        sameAsSunJsse(EngineCloseContractTest::fatalDuringHandshake);
    }

    @Test
    void closeOutboundBeforeStartLikeSunJsse() throws Exception {
        sameAsSunJsse(EngineCloseContractTest::closeOutboundBeforeStart);
    }

    @Test
    void closeInboundBeforeStartLikeSunJsse() throws Exception {
        sameAsSunJsse(EngineCloseContractTest::closeInboundBeforeStart);
    }

    @Test
    void closeOutboundMidHandshakeLikeSunJsse() throws Exception {
        sameAsSunJsse(EngineCloseContractTest::closeOutboundMidHandshake);
    }
}
