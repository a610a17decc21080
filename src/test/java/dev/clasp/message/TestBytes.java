package dev.clasp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import java.util.Arrays;
import java.util.HexFormat;

/** Test helpers: hex literals, filled arrays, alert assertions. */
public final class TestBytes {
    private TestBytes() {
    }

    /** Decoder under test: body bytes in, value out. */
    @FunctionalInterface
    public interface Decoder {
        Object decode(TlsReader r) throws TlsAlertException;
    }

    /** Parses hex, ignoring whitespace (so literals can be split and commented per field). */
    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    public static String toHex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** {@code n} bytes of value {@code v}. */
    public static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    /** {@code n} bytes counting up from {@code start}. */
    public static byte[] counting(int n, int start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (start + i);
        }
        return b;
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Decodes {@code bytes} and requires the given alert. */
    public static TlsAlertException assertAlert(AlertDescription expected, Decoder decoder, byte[] bytes) {
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> decoder.decode(new TlsReader(bytes)),
                () -> "expected " + expected + " for " + toHex(bytes));
        assertEquals(expected, e.description(), () -> "for " + toHex(bytes) + ": " + e.getMessage());
        return e;
    }

    /** The body of a handshake message: {@code encode()} without its 4-byte header. */
    public static byte[] body(HandshakeMessage m) {
        byte[] full = m.encode();
        return Arrays.copyOfRange(full, 4, full.length);
    }
}
