package dev.clasp.message;

import static dev.clasp.alert.AlertDescription.DECODE_ERROR;
import static dev.clasp.alert.AlertDescription.ILLEGAL_PARAMETER;
import static dev.clasp.alert.AlertDescription.UNEXPECTED_MESSAGE;
import static dev.clasp.message.TestBytes.assertAlert;
import static dev.clasp.message.TestBytes.counting;
import static dev.clasp.message.TestBytes.filled;
import static dev.clasp.message.TestBytes.hex;
import static dev.clasp.message.TestBytes.toHex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.suite.KeyExchange;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Codecs of the DHE and RSA key exchange messages (RFC 5246 7.4.3, 7.4.7.1, 7.4.7.2): round trips, byte-exact
 * encodings built from the RFC structures, truncation at every offset, trailing bytes and a malformed table.
 */
class KeyExchangeMessagesTest {

    static List<HandshakeMessage> samples() {
        return List.of(
                new ServerKeyExchangeDhe(counting(256, 0x80), new byte[] {2}, counting(256, 1), 0x0401, counting(256, 7)),
                new ServerKeyExchangeDhe(filled(1, 0x17), filled(1, 5), filled(1, 2), 0x0402, new byte[0]),
                new ServerKeyExchangeDhe(filled(0xFFFF, 0xFF), filled(0xFFFF, 2), filled(0xFFFF, 3), 0xFFFF,
                        filled(0xFFFF, 4)),
                new ServerKeyExchangeDhAnon(counting(256, 0x80), new byte[] {2}, counting(256, 1)),
                new ServerKeyExchangeDhAnon(filled(1, 0x17), filled(1, 5), filled(1, 2)),
                new ServerKeyExchangeEcdhAnon(0x001D, counting(32, 9)),
                new ServerKeyExchangeEcdhAnon(0x0017, counting(65, 4)),
                new ServerKeyExchangeEcdhAnon(0xFFFF, filled(0xFF, 1)),
                new ClientKeyExchangeDhe(counting(256, 3)),
                new ClientKeyExchangeDhe(filled(1, 2)),
                new ClientKeyExchangeDhe(filled(0xFFFF, 9)),
                new ClientKeyExchangeRsa(counting(256, 0x40)),
                new ClientKeyExchangeRsa(new byte[0]),
                new ClientKeyExchangeRsa(filled(0xFFFF, 1)));
    }

    private static KeyExchange.Agreement agreementOf(HandshakeMessage m) {
        return m instanceof ClientKeyExchangeRsa ? KeyExchange.Agreement.RSA : KeyExchange.Agreement.DHE;
    }

    private static TestBytes.Decoder decoder(HandshakeMessage m) {
        if (m instanceof ServerKeyExchangeDhAnon) {
            return ServerKeyExchangeDhAnon::decode; // selected by the states for DH_anon suites, not by Agreement
        }
        if (m instanceof ServerKeyExchangeEcdhAnon) {
            return ServerKeyExchangeEcdhAnon::decode; // likewise for ECDH_anon
        }
        return r -> HandshakeMessages.decode(m.type(), r, agreementOf(m));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTrip(HandshakeMessage m) throws Exception {
        HandshakeMessage back = (HandshakeMessage) decoder(m).decode(new TlsReader(TestBytes.body(m)));
        assertEquals(m, back);
        assertEquals(m.hashCode(), back.hashCode());
        assertEquals(toHex(m.encode()), toHex(back.encode()));
        assertTrue(HandshakeMessages.describe(m).startsWith(m.type() == HandshakeType.SERVER_KEY_EXCHANGE
                ? "ServerKeyExchange" : "ClientKeyExchange"));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void truncatedAtEveryOffsetAndTrailingByte(HandshakeMessage m) {
        byte[] body = TestBytes.body(m);
        if (body.length > 2000) {
            body = Arrays.copyOf(body, 2000); // a prefix of the big ones: every cut is inside a vector
        } else {
            assertAlert(DECODE_ERROR, decoder(m), Arrays.copyOf(body, body.length + 1));
        }
        for (int n = 0; n < body.length; n++) {
            assertAlert(DECODE_ERROR, decoder(m), Arrays.copyOf(body, n));
        }
    }

    @Test
    void goldenEncodings() {
        // RFC 5246 7.4.3: dh_p<1..2^16-1> dh_g<1..2^16-1> dh_Ys<1..2^16-1>, then digitally-signed
        ServerKeyExchangeDhe ske = new ServerKeyExchangeDhe(hex("c7"), hex("02"), hex("0a0b"), 0x0401, hex("aabbcc"));
        assertEquals("0c000011" + "0001c7" + "000102" + "00020a0b" + "0401" + "0003aabbcc", toHex(ske.encode()));
        assertEquals("0001c7" + "000102" + "00020a0b", toHex(ske.params()));
        // RFC 5246 7.4.3 dh_anon: the ServerDHParams alone
        assertEquals("0c00000a" + "0001c7" + "000102" + "00020a0b",
                toHex(new ServerKeyExchangeDhAnon(hex("c7"), hex("02"), hex("0a0b")).encode()));
        // RFC 8422 5.4 ECDH_anon: ServerECDHParams alone, curve_type named_curve(3), x25519, opaque8 point
        assertEquals("0c000007" + "03" + "001d" + "03aabbcc",
                toHex(new ServerKeyExchangeEcdhAnon(0x001D, hex("aabbcc")).encode()));
        // RFC 5246 7.4.7.2: dh_Yc<1..2^16-1>
        assertEquals("10000004" + "00020102", toHex(new ClientKeyExchangeDhe(hex("0102")).encode()));
        // RFC 5246 7.4.7.1: EncryptedPreMasterSecret with its two-byte length (TLS 1.0 and later)
        assertEquals("10000005" + "0003010203", toHex(new ClientKeyExchangeRsa(hex("010203")).encode()));
    }

    static Stream<Arguments> malformed() {
        String sig = "0401" + "0001" + "aa";
        return Stream.of(
                m("ServerKeyExchangeDhe", "empty body", "", DECODE_ERROR),
                m("ServerKeyExchangeDhe", "empty dh_p", "0000" + "000102" + "000105" + sig, DECODE_ERROR),
                m("ServerKeyExchangeDhe", "empty dh_g", "0001c7" + "0000" + "000105" + sig, DECODE_ERROR),
                m("ServerKeyExchangeDhe", "empty dh_Ys", "0001c7" + "000102" + "0000" + sig, DECODE_ERROR),
                m("ServerKeyExchangeDhe", "dh_p length past end", "0005c7", DECODE_ERROR),
                m("ServerKeyExchangeDhe", "no signature", "0001c7" + "000102" + "000105", DECODE_ERROR),
                m("ServerKeyExchangeDhe", "signature length past end", "0001c7000102000105" + "0401" + "0009aa",
                        DECODE_ERROR),
                m("ServerKeyExchangeDhe", "trailing byte", "0001c7000102000105" + sig + "00", DECODE_ERROR),
                m("ServerKeyExchangeDhAnon", "empty dh_Ys", "0001c7" + "000102" + "0000", DECODE_ERROR),
                m("ServerKeyExchangeDhAnon", "a signature after the params", "0001c7000102000105" + sig, DECODE_ERROR),
                m("ServerKeyExchangeDhAnon", "dh_g length past end", "0001c7" + "0009", DECODE_ERROR),
                m("ServerKeyExchangeEcdhAnon", "empty body", "", DECODE_ERROR),
                m("ServerKeyExchangeEcdhAnon", "explicit_prime curve", "01" + "001d" + "01aa", ILLEGAL_PARAMETER),
                m("ServerKeyExchangeEcdhAnon", "empty point", "03" + "001d" + "00", DECODE_ERROR),
                m("ServerKeyExchangeEcdhAnon", "point length past end", "03" + "001d" + "05aa", DECODE_ERROR),
                m("ServerKeyExchangeEcdhAnon", "a signature after the params", "03001d01aa" + sig, DECODE_ERROR),
                m("ClientKeyExchangeDhe", "empty body", "", DECODE_ERROR),
                m("ClientKeyExchangeDhe", "empty dh_Yc", "0000", DECODE_ERROR),
                m("ClientKeyExchangeDhe", "one-byte length", "01", DECODE_ERROR),
                m("ClientKeyExchangeDhe", "ECDHE-style opaque8 point", "0102", DECODE_ERROR),
                m("ClientKeyExchangeDhe", "trailing byte", "00010500", DECODE_ERROR),
                m("ClientKeyExchangeRsa", "empty body", "", DECODE_ERROR),
                m("ClientKeyExchangeRsa", "SSLv3 form without the length", "0102030405", DECODE_ERROR),
                m("ClientKeyExchangeRsa", "length past end", "0010" + "0102", DECODE_ERROR),
                m("ClientKeyExchangeRsa", "trailing byte", "0001" + "aa" + "bb", DECODE_ERROR));
    }

    private static Arguments m(String type, String what, String hexBody, AlertDescription alert) {
        return Arguments.of(type, what, hexBody, alert);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformed")
    void malformedBody(String type, String what, String hexBody, AlertDescription alert) {
        TestBytes.Decoder d = switch (type) {
            case "ServerKeyExchangeDhe" -> ServerKeyExchangeDhe::decode;
            case "ClientKeyExchangeDhe" -> ClientKeyExchangeDhe::decode;
            case "ServerKeyExchangeDhAnon" -> ServerKeyExchangeDhAnon::decode;
            case "ServerKeyExchangeEcdhAnon" -> ServerKeyExchangeEcdhAnon::decode;
            default -> ClientKeyExchangeRsa::decode;
        };
        assertAlert(alert, d, hex(hexBody));
    }

    @Test
    void dispatchFollowsTheKeyExchange() throws Exception {
        byte[] rsaBody = TestBytes.body(new ClientKeyExchangeRsa(counting(3, 1)));
        assertEquals(new ClientKeyExchangeRsa(counting(3, 1)), HandshakeMessages.decode(
                HandshakeType.CLIENT_KEY_EXCHANGE, new TlsReader(rsaBody), KeyExchange.Agreement.RSA));
        // The same bytes as a DHE ClientKeyExchange are a 3-byte dh_Yc: another message.
        assertNotEquals(new ClientKeyExchangeRsa(counting(3, 1)), HandshakeMessages.decode(
                HandshakeType.CLIENT_KEY_EXCHANGE, new TlsReader(rsaBody), KeyExchange.Agreement.DHE));
        // RFC 5246 7.4.3: no ServerKeyExchange with RSA key exchange.
        assertAlert(UNEXPECTED_MESSAGE, r -> HandshakeMessages.decode(HandshakeType.SERVER_KEY_EXCHANGE, r,
                KeyExchange.Agreement.RSA), hex("0001c7"));
    }

    /** Random bodies (and random mutations of valid ones): a value or a TlsAlertException, never anything else. */
    @Test
    void randomBytesOnlyEverGiveAlerts() {
        java.util.Random random = new java.util.Random(4);
        List<TestBytes.Decoder> decoders = List.of(ServerKeyExchangeDhe::decode, ServerKeyExchangeDhAnon::decode,
                ServerKeyExchangeEcdhAnon::decode, ClientKeyExchangeDhe::decode, ClientKeyExchangeRsa::decode);
        List<byte[]> seeds = samples().stream().map(TestBytes::body).filter(b -> b.length < 2000).toList();
        for (int i = 0; i < 4000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[random.nextInt(40)];
                random.nextBytes(input);
            } else {
                input = seeds.get(random.nextInt(seeds.size())).clone();
                input[random.nextInt(input.length)] ^= (byte) (1 + random.nextInt(255));
            }
            for (TestBytes.Decoder d : decoders) {
                try {
                    d.decode(new TlsReader(input));
                } catch (dev.clasp.alert.TlsAlertException expected) {
                    // the only failure allowed
                } catch (Exception e) {
                    throw new AssertionError("unexpected " + e + " for " + toHex(input), e);
                }
            }
        }
    }

    @Test
    void constructorsRejectWhatTheWireCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> new ClientKeyExchangeDhe(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new ClientKeyExchangeRsa(new byte[0x10000]));
        assertThrows(IllegalArgumentException.class,
                () -> new ServerKeyExchangeDhe(new byte[0], hex("02"), hex("03"), 0x0401, new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new ServerKeyExchangeDhe(hex("07"), hex("02"), hex("03"), 0x10000, new byte[0]));
    }
}
