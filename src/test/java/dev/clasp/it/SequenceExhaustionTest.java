package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki.Peer;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 6 "Limits": sequence number exhaustion closes the connection. RFC 5246 6.1: "Sequence numbers are of type
 * uint64 and may not exceed 2^64-1 ... If a TLS implementation would need to wrap a sequence number, it must
 * renegotiate instead." Clasp treats 2^64-1 as exhausted in each direction and ends the connection (the RFC names
 * no alert: internal_error). Reaching 2^64 records is impossible in a test, so after a real Clasp-Clasp handshake
 * the counters of the record writer and reader are moved near the end by reflection (both sides of a direction
 * together, so the records still authenticate); everything else is the real engine.
 */
@Timeout(30)
class SequenceExhaustionTest {

    private static EnginePair handshake() throws Exception {
        SSLEngine c = TestPki.context(Peer.CLASP, null).createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        SSLEngine s = TestPki.context(Peer.CLASP, "server-ec256.p12").createSSLEngine();
        s.setUseClientMode(false);
        EnginePair pair = new EnginePair(c, s);
        pair.handshake();
        return pair;
    }

    /** Sets the sequence number of the engine's record {@code "writer"} or {@code "reader"}. */
    private static void setSequence(SSLEngine e, String which, long seq) throws Exception {
        Object connection = field(e, "connection");
        Object layer = field(connection, which);
        Field f = layer.getClass().getDeclaredField("seq");
        f.setAccessible(true);
        f.setLong(layer, seq);
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }

    @Test
    void writeSequenceExhaustionClosesTheEngine() throws Exception {
        EnginePair pair = handshake();
        setSequence(pair.client, "writer", -3L); // 2^64 - 3
        setSequence(pair.server, "reader", -3L);
        byte[] a = "last-but-one".getBytes(StandardCharsets.US_ASCII);
        byte[] b = "last".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(a, pair.send(true, a), "record 2^64-3 goes through");
        assertArrayEquals(b, pair.send(true, b), "record 2^64-2 goes through");
        ByteBuffer out = ByteBuffer.allocate(pair.client.getSession().getPacketBufferSize());
        SSLException e = assertThrows(SSLException.class,
                () -> pair.client.wrap(ByteBuffer.wrap(new byte[] {1}), out));
        assertTrue(e.getMessage().contains("sequence number exhausted"), e.getMessage());
        assertEquals(0, out.position(), "nothing written with a wrapped sequence number");
        assertTrue(pair.client.isOutboundDone() && pair.client.isInboundDone(), "engine closed");
        SSLEngineResult r = pair.client.wrap(ByteBuffer.wrap(new byte[] {1}), out);
        assertEquals(SSLEngineResult.Status.CLOSED, r.getStatus());
        assertEquals(0, r.bytesProduced(), "and stays closed: not even an alert under a wrapped number");
    }

    @Test
    void readSequenceExhaustionClosesTheEngineWithAnAlert() throws Exception {
        EnginePair pair = handshake();
        setSequence(pair.client, "writer", -2L);
        setSequence(pair.server, "reader", -1L); // the next record would need 2^64-1 + 1
        ByteBuffer rec = ByteBuffer.allocate(pair.client.getSession().getPacketBufferSize());
        pair.client.wrap(ByteBuffer.wrap(new byte[] {1, 2, 3}), rec);
        rec.flip();
        ByteBuffer app = ByteBuffer.allocate(pair.server.getSession().getApplicationBufferSize());
        SSLException e = assertThrows(SSLException.class, () -> pair.server.unwrap(rec, app));
        assertTrue(e.getMessage().contains("sequence number exhausted"), e.getMessage());
        assertEquals(0, app.position(), "no data from a record read under a wrapped number");
        ByteBuffer alert = ByteBuffer.allocate(pair.server.getSession().getPacketBufferSize());
        pair.server.wrap(ByteBuffer.allocate(0), alert);
        alert.flip();
        assertEquals(21, alert.get(0), "the server's fatal alert goes out (its write direction is fine)");
        assertTrue(pair.server.isOutboundDone() && pair.server.isInboundDone(), "server closed");
        SSLException seen = assertThrows(SSLException.class, () -> pair.client.unwrap(alert,
                ByteBuffer.allocate(pair.client.getSession().getApplicationBufferSize())));
        assertTrue(seen.getMessage().contains("internal_error"), seen.getMessage());
    }
}
