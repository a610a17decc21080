package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.it.TestPki.Peer;
import dev.clasp.record.ContentType;
import dev.clasp.record.RecordWriter;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 6: zero-length records after the handshake, built with the negotiated keys. RFC 5246 6.2.1: "Zero-length
 * fragments of Application data MAY be sent as they are potentially useful as a traffic analysis countermeasure"
 * (accepted, nothing delivered), and "Implementations MUST NOT send zero-length fragments of Handshake, Alert, or
 * ChangeCipherSpec content types" (refused; the RFC names no alert: Clasp answers unexpected_message for an empty
 * handshake record and decode_error for an alert or ChangeCipherSpec that is not its 2 or 1 bytes; for comparison,
 * measured once with these records: SunJSSE (JDK 17) ignores an empty handshake record and fails an empty alert
 * ("Invalid Alert message") and ChangeCipherSpec ("Unexpected content"); BCJSSE answers all three with
 * illegal_parameter). A flood of
 * empty application records is capped like other records without content (32 in a row, {@link PeerFloodTest}).
 *
 * <p>The records are genuine: after a real handshake, the Clasp client's own record writer (its installed
 * protection and sequence number) protects them, so the server under test decrypts and authenticates each one.
 * Servers: Clasp, and SunJSSE and BCJSSE for the accepted empty application record (the same outcome).
 */
@Timeout(60)
class EmptyRecordsTest {

    private static EnginePair handshake(Peer server) throws Exception {
        SSLEngine c = TestPki.context(Peer.CLASP, null).createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        SSLEngine s = TestPki.context(server, "server-ec256.p12").createSSLEngine();
        s.setUseClientMode(false);
        EnginePair pair = new EnginePair(c, s);
        pair.handshake();
        return pair;
    }

    /** One record of {@code type} protected by the Clasp client's current write keys (advances its sequence). */
    private static byte[] protect(SSLEngine claspClient, ContentType type, byte[] plaintext) throws Exception {
        Object connection = field(claspClient, "connection");
        RecordWriter writer = (RecordWriter) field(connection, "writer");
        assertTrue(writer.isProtected(), "after the handshake the client writes encrypted records");
        ByteBuffer dst = ByteBuffer.allocate(claspClient.getSession().getPacketBufferSize());
        try {
            int n = writer.write(type, ByteBuffer.wrap(plaintext), dst);
            return Arrays.copyOf(dst.array(), n);
        } catch (TlsAlertException e) {
            throw new AssertionError(e);
        }
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }

    private static SSLEngineResult unwrap(SSLEngine e, byte[] rec) throws SSLException {
        return e.unwrap(ByteBuffer.wrap(rec), ByteBuffer.allocate(e.getSession().getApplicationBufferSize()));
    }

    @ParameterizedTest
    @EnumSource(value = Peer.class, names = {"CLASP", "SUNJSSE", "BCJSSE"})
    void emptyEncryptedApplicationDataIsAcceptedAndDeliversNothing(Peer server) throws Exception {
        EnginePair pair = handshake(server);
        byte[] empty = protect(pair.client, ContentType.APPLICATION_DATA, new byte[0]);
        assertTrue(empty.length > 5, "an AEAD record carries its explicit nonce and tag even when empty");
        SSLEngineResult r = unwrap(pair.server, empty);
        assertEquals(SSLEngineResult.Status.OK, r.getStatus());
        assertEquals(empty.length, r.bytesConsumed());
        assertEquals(0, r.bytesProduced(), "an empty record delivers nothing");
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, r.getHandshakeStatus());
        byte[] data = "after the empty record".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(data, pair.send(true, data), "the connection goes on (sequence numbers agree)");
    }

    @Test
    void floodOfEncryptedEmptyRecordsEndsInUnexpectedMessage() throws Exception {
        EnginePair pair = handshake(Peer.CLASP);
        for (int i = 0; i < 32; i++) {
            assertEquals(0, unwrap(pair.server, protect(pair.client, ContentType.APPLICATION_DATA, new byte[0]))
                    .bytesProduced());
        }
        byte[] one = protect(pair.client, ContentType.APPLICATION_DATA, new byte[0]);
        SSLException e = assertThrows(SSLException.class, () -> unwrap(pair.server, one), "the 33rd in a row");
        assertTrue(e.getMessage().contains("unexpected_message"), e.getMessage());
        assertPeerSees(pair, "unexpected_message");
    }

    /** Content resets the count: 32 empty, one byte, 32 empty is no flood. */
    @Test
    void emptyRecordsBetweenDataAreNoFlood() throws Exception {
        EnginePair pair = handshake(Peer.CLASP);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 32; i++) {
                unwrap(pair.server, protect(pair.client, ContentType.APPLICATION_DATA, new byte[0]));
            }
            SSLEngineResult r = unwrap(pair.server, protect(pair.client, ContentType.APPLICATION_DATA, new byte[] {7}));
            assertEquals(1, r.bytesProduced());
        }
    }

    @Test
    void emptyEncryptedHandshakeRecordIsUnexpectedMessage() throws Exception {
        assertRefused(ContentType.HANDSHAKE, "unexpected_message");
    }

    @Test
    void emptyEncryptedAlertRecordIsDecodeError() throws Exception {
        assertRefused(ContentType.ALERT, "decode_error");
    }

    @Test
    void emptyEncryptedChangeCipherSpecIsDecodeError() throws Exception {
        assertRefused(ContentType.CHANGE_CIPHER_SPEC, "decode_error");
    }

    private static void assertRefused(ContentType type, String alert) throws Exception {
        EnginePair pair = handshake(Peer.CLASP);
        byte[] rec = protect(pair.client, type, new byte[0]);
        SSLException e = assertThrows(SSLException.class, () -> unwrap(pair.server, rec));
        assertTrue(e.getMessage().contains(alert), e.getMessage());
        assertPeerSees(pair, alert);
    }

    /** The server's fatal alert goes out (encrypted) and the Clasp client reads it. */
    private static void assertPeerSees(EnginePair pair, String alert) throws Exception {
        ByteBuffer out = ByteBuffer.allocate(pair.server.getSession().getPacketBufferSize());
        pair.server.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        assertEquals(21, out.get(0), "an alert record");
        assertTrue(pair.server.isOutboundDone() && pair.server.isInboundDone(), "server closed");
        SSLException seen = assertThrows(SSLException.class, () -> pair.client.unwrap(out,
                ByteBuffer.allocate(pair.client.getSession().getApplicationBufferSize())));
        assertNotNull(seen.getMessage());
        assertTrue(seen.getMessage().contains(alert), seen.getMessage());
    }
}
