package dev.clasp.crypto;

import dev.clasp.suite.PrfHash;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The running hash of the handshake messages (RFC 5246 7.4.9 handshake_messages, RFC 7627 3 session_hash).
 * The hash is known only once ServerHello picks the suite, so bytes are buffered until {@link #select}; the raw
 * bytes are kept for the whole handshake because CertificateVerify signs them (RFC 5246 7.4.8).
 * Not thread-safe: one per handshake.
 */
public final class TranscriptHash {
    /**
     * A closed transcript, for contexts whose handshake is over: every use but {@link #close} and the getters
     * throws, and close leaves it as it is, so it is never written (safe to share).
     */
    public static final TranscriptHash CLOSED = closed();

    private byte[] buf = new byte[2048];
    private int len;
    private boolean released;
    private boolean closed;
    private MessageDigest digest;
    private PrfHash hash;

    public TranscriptHash() {
    }

    /** Appends {@code b[off, off+len)} to the transcript. */
    public void update(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", array " + b.length);
        }
        if (closed) {
            throw new IllegalStateException("transcript closed: the handshake is over");
        }
        if (released) {
            digest.update(b, off, len);
            return;
        }
        if (this.len > buf.length - len) {
            int cap = Math.max(buf.length * 2, this.len + len);
            buf = Arrays.copyOf(buf, cap);
        }
        System.arraycopy(b, off, buf, this.len, len);
        this.len += len;
        if (digest != null) {
            digest.update(b, off, len);
        }
    }

    /**
     * Fixes the hash to {@code h} and feeds it everything buffered so far.
     *
     * @throws IllegalStateException if a hash was already selected
     */
    public void select(PrfHash h) {
        if (digest != null || closed) {
            throw new IllegalStateException("transcript hash already selected: " + hash);
        }
        digest = newDigest(h);
        hash = h;
        digest.update(buf, 0, len);
    }

    /** The selected hash, or {@code null} before {@link #select}. */
    public PrfHash hash() {
        return hash;
    }

    /**
     * The digest of all bytes so far; later updates continue the same running hash.
     *
     * @throws IllegalStateException before {@link #select}
     */
    public byte[] current() {
        if (closed) {
            throw new IllegalStateException("transcript closed: the handshake is over");
        }
        if (digest == null) {
            throw new IllegalStateException("transcript hash not selected yet");
        }
        try {
            return ((MessageDigest) digest.clone()).digest();
        } catch (CloneNotSupportedException e) {
            // Some providers' digests cannot be cloned: re-digest the kept bytes instead.
            MessageDigest md = newDigest(hash);
            md.update(buf, 0, len);
            return md.digest();
        }
    }

    /**
     * Drops the raw bytes once the handshake is over and nothing will sign them (they are several KiB with the
     * certificate flights, held for the connection's life otherwise). The running digest stays. A digest that
     * cannot be cloned keeps them, since {@link #current} re-digests them then.
     *
     * @throws IllegalStateException before {@link #select}
     */
    public void releaseMessages() {
        if (digest == null) {
            throw new IllegalStateException("transcript hash not selected yet");
        }
        try {
            digest.clone();
        } catch (CloneNotSupportedException e) {
            return; // current() re-digests the kept bytes for such a digest: keep them
        }
        released = true;
        buf = new byte[0];
    }

    /**
     * Drops everything once the handshake is over (both Finished messages checked): the raw bytes and the running
     * digest, which an idle connection would otherwise keep for its life. A renegotiation has a transcript of its
     * own. Any later use throws.
     */
    public void close() {
        if (closed) {
            return;
        }
        released = true;
        closed = true;
        buf = new byte[0];
        digest = null;
    }

    private static TranscriptHash closed() {
        TranscriptHash t = new TranscriptHash();
        t.close();
        return t;
    }

    /**
     * A copy of the raw handshake bytes so far.
     *
     * @throws IllegalStateException after {@link #releaseMessages}
     */
    public byte[] messagesSoFar() {
        if (released) {
            throw new IllegalStateException("transcript messages were released");
        }
        return Arrays.copyOf(buf, len);
    }

    /** Number of bytes so far. */
    public int length() {
        return len;
    }

    private static MessageDigest newDigest(PrfHash h) {
        try {
            return MessageDigest.getInstance(h.digestAlgorithm());
        } catch (NoSuchAlgorithmException e) {
            // SHA-256 and SHA-384 are mandatory in every Java SE runtime.
            throw new IllegalStateException("no " + h.digestAlgorithm(), e);
        }
    }

    @Override
    public String toString() {
        return "TranscriptHash[" + (hash == null ? "unselected" : hash) + ", " + len + " bytes]";
    }
}
