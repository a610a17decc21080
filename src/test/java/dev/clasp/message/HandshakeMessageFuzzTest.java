package dev.clasp.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.it.FuzzSeeds;
import dev.clasp.it.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/**
 * Tier 7: every handshake message decoder ({@link HandshakeMessages#decode}, which dispatches to each
 * {@code message.*.decode}) fed arbitrary bytes. Input: one byte, the wire handshake type (an unknown one
 * included), then the message body.
 *
 * <p>Invariants: only {@link TlsAlertException} with decode_error, illegal_parameter or (unknown/unsupported type)
 * unexpected_message; whatever decodes re-encodes to the same bytes, decodes again to an equal value, and has a
 * trace summary. Seeds: the {@link MessageSamples} plus messages captured from real SunJSSE and BCJSSE handshakes
 * ({@code real-*}, written by {@code -Dclasp.update=true}, checked here to decode).
 *
 * <p>{@code JAZZER_FUZZ=1 mvn test -Dtest='HandshakeMessageFuzzTest#decode'} fuzzes.
 */
class HandshakeMessageFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        HandshakeType type = HandshakeType.fromCode(input[0] & 0xFF);
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        HandshakeMessage m;
        try {
            m = HandshakeMessages.decode(type, new TlsReader(body));
        } catch (TlsAlertException e) {
            AlertDescription d = e.description();
            assertTrue(d == AlertDescription.DECODE_ERROR || d == AlertDescription.ILLEGAL_PARAMETER
                    || d == AlertDescription.UNEXPECTED_MESSAGE && type == null,
                    () -> type + ": alert " + d + " (" + e.getMessage() + ")");
            return;
        } catch (RuntimeException e) {
            fail(type + " decoder threw " + e, e);
            return;
        }
        assertEquals(type, m.type());
        assertNotNull(HandshakeMessages.describe(m));
        byte[] again = TestBytes.body(m);
        if (!isOmittedEmptyExtensionsBlock(m, body, again)) {
            assertArrayEquals(body, again, () -> type + " re-encoded " + m + " differently");
        }
        try {
            assertEquals(m, HandshakeMessages.decode(type, new TlsReader(again)), type::toString);
        } catch (TlsAlertException e) {
            fail(type + " cannot decode its own encoding", e);
        }
    }

    /** Hellos encode "no extensions" by omitting the block, so a received empty block (00 00) is not echoed. */
    private static boolean isOmittedEmptyExtensionsBlock(HandshakeMessage m, byte[] input, byte[] again) {
        boolean none = m instanceof ClientHello c && c.extensions().isEmpty()
                || m instanceof ServerHello s && s.extensions().isEmpty();
        return none && input.length == again.length + 2 && input[again.length] == 0 && input[again.length + 1] == 0
                && Arrays.equals(again, Arrays.copyOf(input, again.length));
    }

    @Test
    void seedsAreCommitted() throws Exception {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        int i = 0;
        for (HandshakeMessage m : MessageSamples.all()) {
            byte[] full = m.encode();
            if (full.length <= 4000) {
                seeds.put(String.format("sample-%02d-%s", i++, m.type().name().toLowerCase()), withType(m.type().code(),
                        Arrays.copyOfRange(full, 4, full.length)));
            }
        }
        seeds.put("unknown-type", new byte[] {(byte) 99, 0, 0});
        FuzzSeeds.sync(HandshakeMessageFuzzTest.class, "decode", seeds);
        if (Boolean.getBoolean("clasp.update")) {
            writeRealPeerSeeds();
        }
        Path dir = FuzzSeeds.folder(HandshakeMessageFuzzTest.class, "decode");
        List<Path> real;
        try (Stream<Path> s = Files.list(dir)) {
            real = s.filter(p -> p.getFileName().toString().startsWith("real-")).sorted().toList();
        }
        assertTrue(real.size() >= 12, "real-peer seeds missing in " + dir + ": -Dclasp.update=true");
        for (Path p : real) {
            byte[] in = Files.readAllBytes(p);
            HandshakeMessage m = HandshakeMessages.decode(HandshakeType.fromCode(in[0] & 0xFF),
                    new TlsReader(in, 1, in.length - 1));
            assertNotNull(m, p.toString());
        }
    }

    /** Client-auth handshakes SunJSSE-SunJSSE and BCJSSE-BCJSSE, every plaintext message each side sent. */
    private static void writeRealPeerSeeds() throws Exception {
        Path dir = FuzzSeeds.folder(HandshakeMessageFuzzTest.class, "decode");
        for (TestPki.Peer peer : List.of(TestPki.Peer.SUNJSSE, TestPki.Peer.BCJSSE)) {
            SSLContext c = TestPki.context(peer, "client-ec.p12");
            SSLContext s = TestPki.context(peer, "server-ec256.p12");
            SSLEngine client = c.createSSLEngine("localhost", 443);
            client.setUseClientMode(true);
            SSLEngine server = s.createSSLEngine();
            server.setUseClientMode(false);
            server.setNeedClientAuth(true);
            JsseCapture.Flights f = JsseCapture.handshake(client, server);
            write(dir, peer, "client", f.client());
            write(dir, peer, "server", f.server());
        }
    }

    private static void write(Path dir, TestPki.Peer peer, String side, List<JsseCapture.Raw> messages)
            throws IOException {
        for (JsseCapture.Raw r : messages) {
            String type = HandshakeType.fromCode(r.type()).name().toLowerCase();
            Files.write(dir.resolve("real-" + peer.name().toLowerCase() + "-" + side + "-" + type),
                    withType(r.type(), r.body()));
        }
    }

    private static byte[] withType(int type, byte[] body) {
        byte[] b = new byte[1 + body.length];
        b[0] = (byte) type;
        System.arraycopy(body, 0, b, 1, body.length);
        return b;
    }
}
