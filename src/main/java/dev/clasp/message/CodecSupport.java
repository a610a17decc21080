package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Small helpers shared by the message and extension codecs: u16 lists, equality and short printing of byte
 * arrays, and constructor argument checks. Internal to {@code dev.clasp.message} and {@code dev.clasp.message.ext}.
 */
public final class CodecSupport {
    /** How many leading bytes {@link #describe(byte[])} prints. */
    private static final int HEX_PREFIX = 8;
    /** How many entries list descriptions print before summarising the rest. */
    public static final int LIST_PREFIX = 64;

    private CodecSupport() {
    }

    /**
     * Reads the contents of a vector of u16 values that the RFC declares as {@code <2..2^16-2>}: the vector must be
     * non-empty and of even length (DECODE_ERROR otherwise). Consumes {@code vector} exactly.
     */
    public static List<Integer> readU16List(TlsReader vector, String what) throws TlsAlertException {
        int n = vector.remaining();
        if (n == 0) {
            throw TlsAlertException.decodeError(what + ": empty list");
        }
        if ((n & 1) != 0) {
            throw TlsAlertException.decodeError(what + ": odd length " + n);
        }
        List<Integer> out = new ArrayList<>(n / 2);
        while (vector.hasRemaining()) {
            out.add(vector.u16(what));
        }
        vector.expectEnd(what);
        return List.copyOf(out);
    }

    /** Writes {@code values} as a vector16 of u16. */
    public static void writeU16List(TlsWriter w, List<Integer> values) {
        w.vector16(v -> {
            for (int x : values) {
                v.u16(x);
            }
        });
    }

    /** An immutable, null-free copy of a list of u16 values; non-empty and fitting a vector16 when required. */
    public static List<Integer> u16List(List<Integer> values, String what, boolean nonEmpty) {
        List<Integer> copy = List.copyOf(values);
        require(!nonEmpty || !copy.isEmpty(), what + " must not be empty");
        require(copy.size() <= 0xFFFF / 2, what + " too long");
        for (int v : copy) {
            requireRange(v, 0xFFFF, what);
        }
        return copy;
    }

    /** {@code IllegalArgumentException} unless {@code ok}: constructors reject values the wire cannot carry. */
    public static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Requires {@code 0 <= value <= max}. */
    public static void requireRange(long value, long max, String what) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " out of range: " + value);
        }
    }

    /** Requires a non-null array of at most {@code max} bytes (and at least one when {@code nonEmpty}). */
    public static byte[] requireBytes(byte[] b, int max, boolean nonEmpty, String what) {
        if (b == null) {
            throw new NullPointerException(what);
        }
        require(b.length <= max, what + " longer than " + max + " bytes: " + b.length);
        require(!nonEmpty || b.length > 0, what + " must not be empty");
        return b;
    }

    /** Element-wise equality of two lists of byte arrays. */
    public static boolean equalBytesLists(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Hash consistent with {@link #equalBytesLists}. */
    public static int hashBytesList(List<byte[]> list) {
        int h = 1;
        for (byte[] b : list) {
            h = 31 * h + Arrays.hashCode(b);
        }
        return h;
    }

    /** Short form of a byte array for toString and traces: {@code 32B:0a1b2c3d4e5f6071…}. */
    public static String describe(byte[] b) {
        if (b == null) {
            return "null";
        }
        String hex = HexFormat.of().formatHex(b, 0, Math.min(b.length, HEX_PREFIX));
        return b.length + "B" + (b.length == 0 ? "" : ":" + hex + (b.length > HEX_PREFIX ? "…" : ""));
    }

    /** Short form of a list of byte arrays: {@code [812B:3082..., 640B:3082...]}, at most 8 entries. */
    public static String describe(List<byte[]> list) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            if (i == HEX_PREFIX) {
                sb.append(", …").append(list.size() - HEX_PREFIX).append(" more");
                break;
            }
            sb.append(i == 0 ? "" : ", ").append(describe(list.get(i)));
        }
        return sb.append(']').toString();
    }

    /** {@code [0x001D, 0x0017, …]}: a u16 list for toString, at most {@value #LIST_PREFIX} entries. */
    public static String describeU16List(List<Integer> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i == LIST_PREFIX) {
                sb.append(", …").append(values.size() - LIST_PREFIX).append(" more");
                break;
            }
            sb.append(i == 0 ? "" : ", ").append(hex16(values.get(i)));
        }
        return sb.append(']').toString();
    }

    /** {@code 0x1234}-style formatting of a u16 code point. */
    public static String hex16(int v) {
        return String.format("0x%04X", v);
    }
}
