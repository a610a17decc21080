package dev.clasp.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** decode(encode(x)).equals(x) and byte-exact re-encoding for every message, with edge values. */
class HandshakeMessageRoundTripTest {

    static Stream<HandshakeMessage> samples() {
        return MessageSamples.all().stream();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTripsThroughItsOwnDecoder(HandshakeMessage m) throws Exception {
        byte[] full = m.encode();
        // header: type(1) || length(3)
        assertEquals(m.type().code(), full[0] & 0xFF);
        int len = ((full[1] & 0xFF) << 16) | ((full[2] & 0xFF) << 8) | (full[3] & 0xFF);
        assertEquals(full.length - 4, len);

        Method decode = m.getClass().getMethod("decode", TlsReader.class);
        HandshakeMessage back = (HandshakeMessage) decode.invoke(null, new TlsReader(full, 4, len));
        assertEquals(m, back);
        assertEquals(m.hashCode(), back.hashCode());
        assertArrayEquals(full, back.encode());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTripsThroughTheDispatcher(HandshakeMessage m) throws Exception {
        byte[] full = m.encode();
        HandshakeMessage back = HandshakeMessages.decode(HandshakeType.fromCode(full[0]),
                new TlsReader(full, 4, full.length - 4));
        assertSame(m.getClass(), back.getClass());
        assertEquals(m, back);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void toStringAndDescribeStayShort(HandshakeMessage m) {
        String s = m.toString();
        String d = HandshakeMessages.describe(m);
        // lists of 32767 suites are summarised by count; big arrays by length and a short prefix
        assertTrue(s.length() < 2_000, () -> m.getClass().getSimpleName() + " toString " + s.length());
        assertTrue(d.length() < 5_000, () -> m.getClass().getSimpleName() + " describe " + d.length());
        assertTrue(d.startsWith(m.getClass().getSimpleName().replace("Message", "").replace("Ecdhe", "")), d);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void equalsComparesContentsNotArrayIdentity(HandshakeMessage m) throws Exception {
        HandshakeMessage copy = HandshakeMessages.decode(m.type(), new TlsReader(TestBytes.body(m)));
        assertEquals(m, copy);
        assertNotEquals(m, new HelloRequest().equals(m) ? new ServerHelloDone() : new HelloRequest());
    }

    @Test
    void samplesCoverEveryMessageType() {
        Set<HandshakeType> covered = MessageSamples.all().stream().map(HandshakeMessage::type)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(HandshakeType.class)));
        assertEquals(EnumSet.allOf(HandshakeType.class), covered);
    }
}
