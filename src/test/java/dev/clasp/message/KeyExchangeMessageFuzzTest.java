package dev.clasp.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.crypto.DheKeyShare;
import dev.clasp.crypto.FfdheGroups;
import dev.clasp.it.FuzzSeeds;
import dev.clasp.suite.NamedGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Tier 7: the key exchange decoders that {@link HandshakeMessageFuzzTest} cannot reach, because the wire type alone
 * does not say which one applies (RFC 5246 7.4.3 / 7.4.7: the negotiated suite does): DHE ServerKeyExchange, DH_anon
 * ServerKeyExchange, DHE ClientKeyExchange, RSA ClientKeyExchange, plus NewSessionTicket (RFC 5077 3.3). Input: one
 * byte choosing the decoder ({@link Decoder}, modulo their number), then the message body.
 *
 * <p>Invariants as in {@link HandshakeMessageFuzzTest}: only decode_error or illegal_parameter; what decodes
 * re-encodes to the same bytes and decodes again to an equal value. {@link #everyDecoderIsReachedBySeeds} proves the
 * seeds reach each decoder: it counts, per decoder, the committed seeds that decode successfully.
 *
 * <p>{@code JAZZER_FUZZ=1 mvn test -Dtest='KeyExchangeMessageFuzzTest#decode'} fuzzes.
 */
class KeyExchangeMessageFuzzTest {

    /** The decoder an input's first byte selects. */
    enum Decoder {
        SERVER_KEY_EXCHANGE_DHE, SERVER_KEY_EXCHANGE_DH_ANON, CLIENT_KEY_EXCHANGE_DHE, CLIENT_KEY_EXCHANGE_RSA,
        NEW_SESSION_TICKET;

        static Decoder of(byte b) {
            return values()[(b & 0xFF) % values().length];
        }

        HandshakeMessage decode(byte[] body) throws TlsAlertException {
            TlsReader r = new TlsReader(body);
            return switch (this) {
                case SERVER_KEY_EXCHANGE_DHE -> ServerKeyExchangeDhe.decode(r);
                case SERVER_KEY_EXCHANGE_DH_ANON -> ServerKeyExchangeDhAnon.decode(r);
                case CLIENT_KEY_EXCHANGE_DHE -> ClientKeyExchangeDhe.decode(r);
                case CLIENT_KEY_EXCHANGE_RSA -> ClientKeyExchangeRsa.decode(r);
                case NEW_SESSION_TICKET -> NewSessionTicket.decode(r);
            };
        }
    }

    @FuzzTest(maxDuration = "2m")
    void decode(byte[] input) {
        decodeChecked(input);
    }

    /** The target's body: the decoded message, or null when the input is refused with an allowed alert. */
    private static HandshakeMessage decodeChecked(byte[] input) {
        if (input.length == 0) {
            return null;
        }
        Decoder d = Decoder.of(input[0]);
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        HandshakeMessage m;
        try {
            m = d.decode(body);
        } catch (TlsAlertException e) {
            AlertDescription a = e.description();
            assertTrue(a == AlertDescription.DECODE_ERROR || a == AlertDescription.ILLEGAL_PARAMETER,
                    () -> d + ": alert " + a + " (" + e.getMessage() + ")");
            return null;
        } catch (RuntimeException e) {
            fail(d + " decoder threw " + e, e);
            return null;
        }
        assertTrue(HandshakeMessages.describe(m) != null);
        byte[] again = TestBytes.body(m);
        assertArrayEquals(body, again, () -> d + " re-encoded " + m + " differently");
        try {
            assertEquals(m, d.decode(again), d::toString);
        } catch (TlsAlertException e) {
            fail(d + " cannot decode its own encoding", e);
        }
        return m;
    }

    /** Well-formed messages of each kind, at real sizes (an FFDHE2048 group, a 2048-bit RSA ciphertext). */
    private static Map<String, byte[]> seeds() {
        byte[] p = DheKeyShare.unsignedBytes(FfdheGroups.prime(NamedGroup.FFDHE2048));
        byte[] g = {2};
        byte[] y = TestBytes.counting(p.length, 3);
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("ske-dhe", seed(Decoder.SERVER_KEY_EXCHANGE_DHE,
                new ServerKeyExchangeDhe(p, g, y, 0x0804, TestBytes.filled(256, 0x5A))));
        out.put("ske-dh-anon", seed(Decoder.SERVER_KEY_EXCHANGE_DH_ANON, new ServerKeyExchangeDhAnon(p, g, y)));
        out.put("cke-dhe", seed(Decoder.CLIENT_KEY_EXCHANGE_DHE, new ClientKeyExchangeDhe(y)));
        out.put("cke-rsa", seed(Decoder.CLIENT_KEY_EXCHANGE_RSA, new ClientKeyExchangeRsa(TestBytes.filled(256, 0x33))));
        out.put("nst", seed(Decoder.NEW_SESSION_TICKET, new NewSessionTicket(7200, TestBytes.counting(160, 0))));
        out.put("nst-empty", seed(Decoder.NEW_SESSION_TICKET, new NewSessionTicket(0, new byte[0])));
        // Near misses: a DHE ServerKeyExchange cut inside its signature, an RSA ClientKeyExchange with one byte more.
        byte[] ske = out.get("ske-dhe");
        out.put("ske-dhe-truncated", Arrays.copyOf(ske, ske.length - 10));
        byte[] cke = out.get("cke-rsa");
        out.put("cke-rsa-trailing", Arrays.copyOf(cke, cke.length + 1));
        return out;
    }

    private static byte[] seed(Decoder d, HandshakeMessage m) {
        byte[] body = TestBytes.body(m);
        byte[] b = new byte[1 + body.length];
        b[0] = (byte) d.ordinal();
        System.arraycopy(body, 0, b, 1, body.length);
        return b;
    }

    @Test
    void seedsAreCommitted() {
        FuzzSeeds.sync(KeyExchangeMessageFuzzTest.class, "decode", seeds());
    }

    /** Reach: every decoder gets at least one committed seed it decodes, and one it refuses is there too. */
    @Test
    void everyDecoderIsReachedBySeeds() throws Exception {
        Path dir = FuzzSeeds.folder(KeyExchangeMessageFuzzTest.class, "decode");
        Map<Decoder, Integer> decoded = new java.util.EnumMap<>(Decoder.class);
        int refused = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            byte[] in = Files.readAllBytes(f);
            if (decodeChecked(in) != null) {
                decoded.merge(Decoder.of(in[0]), 1, Integer::sum);
            } else {
                refused++;
            }
        }
        for (Decoder d : Decoder.values()) {
            assertTrue(decoded.getOrDefault(d, 0) >= 1, d + " is reached by no seed: " + decoded);
        }
        assertTrue(refused >= 2, "near-miss seeds refused: " + refused);
    }
}
