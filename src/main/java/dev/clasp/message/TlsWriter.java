package dev.clasp.message;

import java.util.Arrays;

/** Writes TLS presentation-language values into a growable buffer. */
public final class TlsWriter {
    /** Writes the body of a length-prefixed vector. */
    @FunctionalInterface
    public interface Body {
        void write(TlsWriter w);
    }

    private byte[] buf;
    private int len;
    /** Holds a secret: a buffer outgrown is zero-filled, and {@link #wipe} clears the last one. */
    private boolean sensitive;

    public TlsWriter() {
        this(256);
    }

    public TlsWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** A writer for an encoding that carries a secret (a session ticket's plaintext): see {@link #wipe}. */
    public static TlsWriter sensitive(int initialCapacity) {
        TlsWriter w = new TlsWriter(initialCapacity);
        w.sensitive = true;
        return w;
    }

    /** Zero-fills what was written; for a {@link #sensitive} writer, its outgrown buffers already were. */
    public void wipe() {
        Arrays.fill(buf, (byte) 0);
        len = 0;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            byte[] old = buf;
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
            if (sensitive) {
                Arrays.fill(old, (byte) 0);
            }
        }
    }

    public int size() {
        return len;
    }

    public TlsWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public TlsWriter u16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public TlsWriter u24(int v) {
        ensure(3);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public TlsWriter u32(long v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public TlsWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public TlsWriter bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** A vector with a {@code lengthBytes}-byte length prefix around whatever {@code body} writes. */
    public TlsWriter vector(int lengthBytes, Body body) {
        ensure(lengthBytes);
        int at = len;
        len += lengthBytes;
        body.write(this);
        int n = len - at - lengthBytes;
        long max = (1L << (8 * lengthBytes)) - 1;
        if (n > max) {
            throw new IllegalArgumentException("vector of " + n + " bytes exceeds its " + lengthBytes + "-byte length");
        }
        for (int i = lengthBytes - 1; i >= 0; i--) {
            buf[at + i] = (byte) (n >>> (8 * (lengthBytes - 1 - i)));
        }
        return this;
    }

    public TlsWriter vector8(Body body) {
        return vector(1, body);
    }

    public TlsWriter vector16(Body body) {
        return vector(2, body);
    }

    public TlsWriter vector24(Body body) {
        return vector(3, body);
    }

    public TlsWriter opaque8(byte[] b) {
        return vector8(w -> w.bytes(b));
    }

    public TlsWriter opaque16(byte[] b) {
        return vector16(w -> w.bytes(b));
    }

    public TlsWriter opaque24(byte[] b) {
        return vector24(w -> w.bytes(b));
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
