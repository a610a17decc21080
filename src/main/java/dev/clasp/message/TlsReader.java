package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import java.util.Arrays;

/**
 * Reads TLS presentation-language values (RFC 5246 4) from a byte range. Every read past the end and every
 * vector whose length prefix runs past its container throws {@code TlsAlertException(DECODE_ERROR)}.
 * Vectors are read through length-limited sub-readers that the caller must consume exactly ({@link #expectEnd}).
 */
public final class TlsReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    public TlsReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public TlsReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new IndexOutOfBoundsException();
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    private void need(int n, String what) throws TlsAlertException {
        if (n > end - pos) {
            throw TlsAlertException.decodeError(what + ": needs " + n + " bytes, " + (end - pos) + " left");
        }
    }

    public int u8(String what) throws TlsAlertException {
        need(1, what);
        return buf[pos++] & 0xFF;
    }

    public int u16(String what) throws TlsAlertException {
        need(2, what);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public int u24(String what) throws TlsAlertException {
        need(3, what);
        int v = ((buf[pos] & 0xFF) << 16) | ((buf[pos + 1] & 0xFF) << 8) | (buf[pos + 2] & 0xFF);
        pos += 3;
        return v;
    }

    public long u32(String what) throws TlsAlertException {
        need(4, what);
        long v = ((long) (buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16)
                | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    /** Exactly {@code n} bytes, copied. */
    public byte[] bytes(int n, String what) throws TlsAlertException {
        need(n, what);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** All remaining bytes, copied. */
    public byte[] rest() {
        byte[] out = Arrays.copyOfRange(buf, pos, end);
        pos = end;
        return out;
    }

    /** A sub-reader over a vector with a length prefix of {@code lengthBytes} (1, 2 or 3) bytes. */
    public TlsReader vector(int lengthBytes, String what) throws TlsAlertException {
        int len = switch (lengthBytes) {
            case 1 -> u8(what);
            case 2 -> u16(what);
            case 3 -> u24(what);
            default -> throw new IllegalArgumentException("lengthBytes " + lengthBytes);
        };
        need(len, what);
        TlsReader sub = new TlsReader(buf, pos, len);
        pos += len;
        return sub;
    }

    public TlsReader vector8(String what) throws TlsAlertException {
        return vector(1, what);
    }

    public TlsReader vector16(String what) throws TlsAlertException {
        return vector(2, what);
    }

    public TlsReader vector24(String what) throws TlsAlertException {
        return vector(3, what);
    }

    /** The contents of a length-prefixed opaque vector, copied. */
    public byte[] opaque8(String what) throws TlsAlertException {
        return vector8(what).rest();
    }

    public byte[] opaque16(String what) throws TlsAlertException {
        return vector16(what).rest();
    }

    public byte[] opaque24(String what) throws TlsAlertException {
        return vector24(what).rest();
    }

    /** Requires that everything was consumed: trailing bytes are a decode_error. */
    public void expectEnd(String what) throws TlsAlertException {
        if (pos != end) {
            throw TlsAlertException.decodeError(what + ": " + (end - pos) + " unexpected trailing bytes");
        }
    }
}
