package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.HandshakeType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tier 3 at the engine: the state table of {@code handshake.StateMachineTest}, on the wire. A real Clasp engine of
 * each role is put in every state before the peer's ChangeCipherSpec by replaying the first N records of a
 * genuine handshake ({@link RecordedHandshake}), then receives a record it must refuse: every other handshake
 * message type (so also a repeated one and one that skips the expected message), ChangeCipherSpec too early,
 * application data before Finished, a HelloRequest (a client ignores it mid-handshake, RFC 5246 7.4.1.1; a
 * server refuses it), the expected message with a trailing byte or one byte short, an empty Certificate where one
 * is required; and after the peer's ChangeCipherSpec, a plaintext record or a replayed one. Each must be
 * answered with the alert RFC 5246 prescribes, and that alert must be the next record the engine wraps (read back
 * in plaintext while this side still writes in plaintext), after which the engine is closed both ways.
 */
class EngineStateTableTest {
    private static final RecordedHandshake.Recording REC = RecordedHandshake.recording();

    static Stream<Arguments> cases() {
        Map<String, byte[]> catalogue = new LinkedHashMap<>();
        catalogue.put("HELLO_REQUEST", handshakeRecord(new byte[] {0, 0, 0, 0}));
        for (List<byte[]> side : List.of(REC.client(), REC.server())) {
            for (byte[] rec : side) {
                if (rec[0] == 20) {
                    break;
                }
                catalogue.putIfAbsent(HandshakeType.fromCode(rec[5] & 0xFF).name(), rec);
            }
        }
        // lifetime_hint 7200, a 4-byte ticket (RFC 5077 3.3); status_type ocsp with a 1-byte response (RFC 6066 8)
        catalogue.put("NEW_SESSION_TICKET", handshakeRecord(new byte[] {4, 0, 0, 10, 0, 0, 0x1c, 0x20, 0, 4, 1, 2, 3, 4}));
        // Finished in plaintext, before any ChangeCipherSpec (12 bytes of verify_data, RFC 5246 7.4.9)
        catalogue.put("FINISHED", handshakeRecord(new byte[] {20, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
        catalogue.put("CERTIFICATE_STATUS", handshakeRecord(new byte[] {22, 0, 0, 5, 1, 0, 0, 1, 0x30}));
        catalogue.put("ChangeCipherSpec", new byte[] {20, 3, 3, 0, 1, 1});
        catalogue.put("application data", new byte[] {23, 3, 3, 0, 5, 'h', 'e', 'l', 'l', 'o'});
        assertEquals(HandshakeType.values().length + 2, catalogue.size(), catalogue.keySet().toString());

        List<Arguments> out = new ArrayList<>();
        for (boolean client : new boolean[] {true, false}) {
            List<byte[]> peer = REC.peerOf(client);
            int peerCcs = indexOfType(peer, 20);
            for (int n = 0; n <= peerCcs; n++) {
                String state = (client ? "client" : "server") + " after " + n + " peer record(s)";
                byte[] expected = peer.get(n);
                for (Map.Entry<String, byte[]> e : catalogue.entrySet()) {
                    byte[] rec = e.getValue();
                    if (accepted(client, expected, rec)) {
                        continue;
                    }
                    AlertDescription alert = AlertDescription.UNEXPECTED_MESSAGE;
                    if (client && e.getKey().equals("HELLO_REQUEST")) {
                        alert = null; // RFC 5246 7.4.1.1: ignored while a handshake is in progress
                    }
                    out.add(Arguments.of(state + ": " + e.getKey(), client, n, rec, alert));
                }
                if (expected[0] == 22) {
                    out.add(Arguments.of(state + ": expected message + trailing byte", client, n,
                            resize(expected, 1), AlertDescription.DECODE_ERROR));
                }
                if (expected[0] == 22 && expected.length > 9) {
                    out.add(Arguments.of(state + ": expected message one byte short", client, n,
                            resize(expected, -1), AlertDescription.DECODE_ERROR));
                }
                if (expected[0] == 22 && (expected[5] & 0xFF) == HandshakeType.CERTIFICATE.code()) {
                    // RFC 5246 7.4.6: a server requiring authentication answers an empty one with
                    // handshake_failure; a client cannot authenticate a server without one (bad_certificate).
                    out.add(Arguments.of(state + ": empty Certificate", client, n,
                            handshakeRecord(new byte[] {11, 0, 0, 3, 0, 0, 0}),
                            client ? AlertDescription.BAD_CERTIFICATE : AlertDescription.HANDSHAKE_FAILURE));
                }
            }
            // After the peer's ChangeCipherSpec every record must authenticate (RFC 5246 6.2.3): a second CCS in
            // plaintext, or the peer's Finished replayed after the handshake, is bad_record_mac.
            out.add(Arguments.of((client ? "client" : "server") + ": ChangeCipherSpec twice", client, peerCcs + 1,
                    peer.get(peerCcs), AlertDescription.BAD_RECORD_MAC));
            out.add(Arguments.of((client ? "client" : "server") + ": Finished replayed in Traffic", client,
                    peer.size(), peer.get(peer.size() - 1), AlertDescription.BAD_RECORD_MAC));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithTheRightAlertSentBeforeClose(String label, boolean client, int n, byte[] record,
            AlertDescription alert) throws Exception {
        assertRefused(label, client, n, record, alert);
    }

    /**
     * The engine of one role after the peer's first {@code n} genuine records receives {@code record}: refused with
     * {@code alert}, which is the next record it wraps, then closed both ways ({@code alert == null}: ignored, and
     * the handshake still completes). Returns the exception's message.
     */
    static String assertRefused(String label, boolean client, int n, byte[] record, AlertDescription alert)
            throws Exception {
        RecordedHandshake.Side side = RecordedHandshake.after(client, n);
        boolean writesEncrypted = side.sent.stream().anyMatch(r -> r[0] == 20);
        SSLException thrown = null;
        try {
            side.receive(ByteBuffer.wrap(record.clone()));
        } catch (SSLException e) {
            thrown = e;
        }
        if (alert == null) {
            assertEquals(null, thrown, "ignored");
            List<byte[]> peer = REC.peerOf(client);
            for (int i = n; i < peer.size(); i++) {
                side.receive(ByteBuffer.wrap(peer.get(i)));
            }
            assertEquals(HandshakeStatus.NOT_HANDSHAKING, side.engine.getHandshakeStatus(), "handshake completes");
            return null;
        }
        assertNotNull(thrown, label + ": accepted");
        TlsAlertException local = null;
        for (Throwable t : thrown.getSuppressed()) {
            if (t instanceof TlsAlertException a) {
                local = a;
            }
        }
        assertNotNull(local, "a local fault: " + thrown);
        assertEquals(alert, local.description(), thrown.getMessage());
        assertEquals(0, side.appReceived, "no application data");
        int before = side.sent.size();
        side.wrapOnce();
        assertTrue(side.sent.size() > before, "no record after the fault");
        byte[] sent = side.sent.get(before);
        assertEquals(21, sent[0], "the next record is the alert");
        if (!writesEncrypted) {
            assertEquals(7, sent.length, "plaintext alert record");
            assertEquals(2, sent[5], "fatal");
            assertEquals(alert.code(), sent[6] & 0xFF, "alert on the wire");
        }
        assertTrue(side.engine.isOutboundDone() && side.engine.isInboundDone(), "closed both ways");
        if (side.sent.size() > before + 1) {
            fail("records after the fatal alert: " + (side.sent.size() - before - 1));
        }
        return thrown.getMessage();
    }

    /** Whether {@code rec} is what the state after the peer record before {@code expected} accepts. */
    private static boolean accepted(boolean client, byte[] expected, byte[] rec) {
        if (rec[0] != expected[0]) {
            return false;
        }
        if (rec[0] != 22) {
            return true;
        }
        int want = expected[5] & 0xFF;
        int got = rec[5] & 0xFF;
        // RFC 5246 7.4.4: the client accepts CertificateRequest or ServerHelloDone after ServerKeyExchange.
        return got == want || client && want == HandshakeType.CERTIFICATE_REQUEST.code()
                && got == HandshakeType.SERVER_HELLO_DONE.code();
    }

    private static int indexOfType(List<byte[]> records, int type) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i)[0] == type) {
                return i;
            }
        }
        throw new AssertionError("no record of type " + type);
    }

    static byte[] handshakeRecord(byte[] message) {
        byte[] r = new byte[5 + message.length];
        r[0] = 22;
        r[1] = 3;
        r[2] = 3;
        r[3] = (byte) (message.length >>> 8);
        r[4] = (byte) message.length;
        System.arraycopy(message, 0, r, 5, message.length);
        return r;
    }

    /** The one handshake message in {@code rec} with its body grown or shrunk by {@code delta} (lengths fixed). */
    private static byte[] resize(byte[] rec, int delta) {
        byte[] message = Arrays.copyOfRange(rec, 5, rec.length + delta);
        int body = message.length - 4;
        message[1] = (byte) (body >>> 16);
        message[2] = (byte) (body >>> 8);
        message[3] = (byte) body;
        return handshakeRecord(message);
    }
}
