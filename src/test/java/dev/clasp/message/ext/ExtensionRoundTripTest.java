package dev.clasp.message.ext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.message.HandshakeType;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** decode(encode(x)).equals(x), byte-exact re-encoding, and sane equals/hashCode/toString for every extension. */
class ExtensionRoundTripTest {

    static Stream<Extension> clientHelloExtensions() {
        return ExtensionSamples.clientHello().stream();
    }

    static Stream<Extension> serverHelloExtensions() {
        return ExtensionSamples.serverHello().stream();
    }

    @ParameterizedTest
    @MethodSource("clientHelloExtensions")
    void roundTripsInClientHello(Extension e) throws Exception {
        check(e, HandshakeType.CLIENT_HELLO);
    }

    @ParameterizedTest
    @MethodSource("serverHelloExtensions")
    void roundTripsInServerHello(Extension e) throws Exception {
        check(e, HandshakeType.SERVER_HELLO);
    }

    private static void check(Extension e, HandshakeType message) throws Exception {
        byte[] entry = ExtensionSamples.encodeOne(e);
        Extension back = ExtensionSamples.decodeOne(entry, message);
        assertEquals(e, back);
        assertEquals(e.hashCode(), back.hashCode());
        assertSame(e.getClass(), back.getClass());
        assertArrayEquals(entry, ExtensionSamples.encodeOne(back));
        String s = back.toString();
        assertTrue(s.length() < 600, () -> "toString too long: " + s.length());
    }

    @ParameterizedTest
    @MethodSource("clientHelloExtensions")
    void equalsIsByValueNotIdentity(Extension e) throws Exception {
        Extension copy = ExtensionSamples.decodeOne(ExtensionSamples.encodeOne(e), HandshakeType.CLIENT_HELLO);
        assertEquals(copy, e);
        assertNotEquals(e, new UnknownExtension(0x7777, new byte[] {1}));
        assertNotEquals(null, e);
    }
}
