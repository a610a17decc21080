package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/**
 * Tier 7: the whole Clasp {@link SSLEngine}, in each role, fed arbitrary peer bytes after a genuine partial
 * handshake. A client-auth handshake between a Clasp client and a Clasp server, both with a
 * {@link DeterministicRandom}, is recorded once as each side's records. An input is {@code N} (first byte) and
 * then fuzzed bytes: a fresh engine of the role under test (same deterministic randomness, so it repeats the
 * recorded handshake exactly) receives the peer's first {@code N} genuine records, then the fuzzed bytes; so the
 * fuzzer starts from every state of the handshake and from Traffic, not just the first parse.
 *
 * <p>Invariants: only {@link SSLException} leaves wrap/unwrap/tasks; a local fault is never internal_error (that
 * is our bug), its fatal alert is the next record wrap produces and both directions are then closed; no
 * application data comes out (the recording has none, so any would come from an unverified record); every loop
 * is bounded by the input length.
 *
 * <p>{@code JAZZER_FUZZ=1 mvn test -Dtest='EngineFuzzTest#client'} (or {@code #server}) fuzzes.
 */
class EngineFuzzTest {
    private static final RecordedHandshake.Recording RECORDING = RecordedHandshake.recording();

    @FuzzTest(maxDuration = "2m")
    void client(byte[] input) {
        drive(true, input);
    }

    @FuzzTest(maxDuration = "2m")
    void server(byte[] input) {
        drive(false, input);
    }

    /** The client in a DHE_RSA handshake whose server issues a session ticket (NewSessionTicket parsing). */
    @FuzzTest(maxDuration = "2m")
    void clientDheTicket(byte[] input) {
        drive(RecordedHandshake.Kind.DHE_TICKET, true, input);
    }

    /** The server in the DHE_RSA ticket-issuing handshake (DHE ClientKeyExchange parsing). */
    @FuzzTest(maxDuration = "2m")
    void serverDheTicket(byte[] input) {
        drive(RecordedHandshake.Kind.DHE_TICKET, false, input);
    }

    /**
     * The DHE/ticket seeds: the client's records repeat exactly (its Finished comes before the ticket), so the
     * server target's seeds are checked byte for byte; the server's records hold a ticket sealing the session's
     * creation time, so the client target's seeds are written under -Dclasp.update=true and here only required
     * to be present. Each committed seed is self-consistent (its ticket and the Finished over it belong together).
     */
    @Test
    void dheTicketSeedsAreCommitted() throws Exception {
        RecordedHandshake.Recording r = RecordedHandshake.recording(RecordedHandshake.Kind.DHE_TICKET);
        FuzzSeeds.sync(EngineFuzzTest.class, "serverDheTicket", seeds(r.client()));
        Map<String, byte[]> clientSeeds = seeds(r.server());
        if (Boolean.getBoolean("clasp.update")) {
            FuzzSeeds.sync(EngineFuzzTest.class, "clientDheTicket", clientSeeds);
        }
        for (String name : clientSeeds.keySet()) {
            assertTrue(java.nio.file.Files.isRegularFile(FuzzSeeds.folder(EngineFuzzTest.class, "clientDheTicket")
                    .resolve(name)), name + " missing: -Dclasp.update=true");
        }
    }

    /**
     * Reach: the committed "whole peer flight" seed of each DHE/ticket target, replayed as the fuzz target does,
     * completes the handshake with the DHE_RSA suite. The server announced a ticket (session_ticket in its
     * ServerHello), so the client can only finish after parsing the NewSessionTicket; the server only after
     * parsing the DHE ClientKeyExchange.
     */
    @Test
    void dheTicketSeedsReachTheKeyExchangeAndTicketDecoders() throws Exception {
        RecordedHandshake.Recording r = RecordedHandshake.recording(RecordedHandshake.Kind.DHE_TICKET);
        boolean ticketRecord = false;
        for (byte[] rec : r.server()) {
            ticketRecord |= rec[0] == 22 && rec.length > 5 && rec[5] == 4; // handshake type 4: new_session_ticket
        }
        assertTrue(ticketRecord, "the server sends a NewSessionTicket");
        for (boolean client : new boolean[] {true, false}) {
            byte[] seed = java.nio.file.Files.readAllBytes(FuzzSeeds.folder(EngineFuzzTest.class,
                    client ? "clientDheTicket" : "serverDheTicket").resolve("after-00-rest"));
            RecordedHandshake.Side side = RecordedHandshake.after(RecordedHandshake.Kind.DHE_TICKET, client, 0);
            side.receive(ByteBuffer.wrap(seed, 1, seed.length - 1).slice());
            assertEquals(HandshakeStatus.NOT_HANDSHAKING, side.engine.getHandshakeStatus(), "replayed seed");
            assertEquals("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", side.engine.getSession().getCipherSuite());
        }
    }

    @Test
    void recordingIsDeterministicAndSeedsAreCommitted() throws Exception {
        RecordedHandshake.Recording again = RecordedHandshake.recordAgain();
        assertEquals(RECORDING.client().size(), again.client().size());
        for (int i = 0; i < again.client().size(); i++) {
            assertTrue(Arrays.equals(RECORDING.client().get(i), again.client().get(i)), "client record " + i);
        }
        for (int i = 0; i < again.server().size(); i++) {
            assertTrue(Arrays.equals(RECORDING.server().get(i), again.server().get(i)), "server record " + i);
        }
        // Client auth: the client sends hello, certificate, key exchange, verify, CCS, Finished; the server hello,
        // certificate, key exchange, certificate request, hello done, CCS, Finished.
        assertEquals(6, RECORDING.client().size(), "client records");
        assertEquals(7, RECORDING.server().size(), "server records");
        for (boolean client : new boolean[] {true, false}) {
            // Replaying every genuine record completes the handshake: the deep states are really reached.
            RecordedHandshake.Side side = RecordedHandshake.after(client, RECORDING.peerOf(client).size());
            assertEquals(HandshakeStatus.NOT_HANDSHAKING, side.engine.getHandshakeStatus(), "replayed handshake");
            assertEquals("TLSv1.2", side.engine.getSession().getProtocol());
        }
        FuzzSeeds.sync(EngineFuzzTest.class, "client", seeds(RECORDING.server()));
        FuzzSeeds.sync(EngineFuzzTest.class, "server", seeds(RECORDING.client()));
    }

    /** For each N: the next genuine record, and all remaining ones, after the first N. */
    private static Map<String, byte[]> seeds(List<byte[]> peer) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int n = 0; n <= peer.size(); n++) {
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            rest.write(n);
            for (int i = n; i < peer.size(); i++) {
                rest.writeBytes(peer.get(i));
            }
            if (n < peer.size()) {
                ByteArrayOutputStream next = new ByteArrayOutputStream();
                next.write(n);
                next.writeBytes(peer.get(n));
                out.put(String.format("after-%02d-next", n), next.toByteArray());
            }
            out.put(String.format("after-%02d-rest", n), rest.toByteArray());
        }
        // After the whole handshake: an alert-looking record, and an application-data record that is not genuine.
        out.put("traffic-fake-appdata", new byte[] {(byte) peer.size(), 23, 3, 3, 0, 24, 0, 0, 0, 0, 0, 0, 0, 1,
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        return out;
    }

    private static void drive(boolean client, byte[] input) {
        drive(RecordedHandshake.Kind.CLIENT_AUTH, client, input);
    }

    private static void drive(RecordedHandshake.Kind kind, boolean client, byte[] input) {
        if (input.length == 0) {
            return;
        }
        List<byte[]> peer = RecordedHandshake.recording(kind).peerOf(client);
        int n = (input[0] & 0xFF) % (peer.size() + 1);
        RecordedHandshake.Side side;
        try {
            side = RecordedHandshake.after(kind, client, n);
        } catch (Exception e) {
            throw new AssertionError("the genuine part of the handshake failed", e);
        }
        assertEquals(0, side.appReceived);
        try {
            side.receive(ByteBuffer.wrap(input, 1, input.length - 1).slice());
        } catch (SSLException e) {
            checkFailure(side, e);
            return;
        } catch (RuntimeException e) {
            fail("not an SSLException out of the engine: " + e, e);
        }
        assertEquals(0, side.appReceived, "application data from an unverified record");
    }

    /** A local fault: not internal_error, its alert is sent next, then the engine is closed both ways. */
    private static void checkFailure(RecordedHandshake.Side side, SSLException e) {
        assertEquals(0, side.appReceived, "application data from an unverified record");
        TlsAlertException local = null;
        for (Throwable t : e.getSuppressed()) {
            if (t instanceof TlsAlertException a) {
                local = a;
            }
        }
        if (local == null) {
            assertTrue(side.engine.isInboundDone(), "peer alert: inbound done");
            return; // the peer's (fuzzed) fatal alert: nothing to answer
        }
        if (local.description() == AlertDescription.INTERNAL_ERROR) {
            fail("internal_error for peer input: " + e.getMessage(), e);
        }
        int before = side.sent.size();
        try {
            side.wrapOnce();
        } catch (SSLException again) {
            fail("wrap after a fault must send the alert, threw " + again, again);
        }
        assertTrue(side.sent.size() > before && side.sent.get(before)[0] == 21,
                () -> "no alert record sent for " + e.getMessage());
        assertTrue(side.engine.isOutboundDone() && side.engine.isInboundDone(), "engine closed after the alert");
    }
}
