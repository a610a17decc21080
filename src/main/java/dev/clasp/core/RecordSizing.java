package dev.clasp.core;

import dev.clasp.record.RecordReader;
import dev.clasp.record.RecordWriter;

/**
 * The record size limits in force on one connection, per direction, and those that wait for a ChangeCipherSpec.
 *
 * <p>max_fragment_length (RFC 6066 4) takes effect at once, for every record after the hello that settled it,
 * handshake records included ("the client and server MUST immediately begin fragmenting messages (including
 * handshake messages)"), in both directions. record_size_limit (RFC 8449 4) binds protected records only
 * ("Unprotected messages are not subject to this limit"): what we accept is held to our limit from the peer's
 * ChangeCipherSpec on. What we send keeps the peer's limit from the hello on, handshake records included: smaller
 * records are always allowed, and GnuTLS (3.7) enforces its limit on the unprotected handshake records too. A
 * renegotiation that raises or drops a limit keeps sending within the old one until its ChangeCipherSpec and
 * stops enforcing the old one on receipt at once: strict in what we send, lenient in the change-over for what we
 * accept. The maximum packet size caps every record sent.
 */
final class RecordSizing {
    private static final int PROTOCOL_LIMIT = RecordWriter.MAX_PLAINTEXT;

    private final RecordReader reader;
    private final RecordWriter writer;
    private final int defaultPacketSize;
    private int maximumPacketSize;
    private int send = PROTOCOL_LIMIT;
    private int pendingSend = -1;
    private int pendingReceive = -1;

    RecordSizing(RecordReader reader, RecordWriter writer, int defaultPacketSize, int maximumPacketSize) {
        this.reader = reader;
        this.writer = writer;
        this.defaultPacketSize = defaultPacketSize;
        this.maximumPacketSize = maximumPacketSize;
    }

    /** The SSLParameters' maximum packet size of the handshake now running (0: no cap). */
    void setMaximumPacketSize(int maximumPacketSize) {
        this.maximumPacketSize = maximumPacketSize;
    }

    /**
     * What the hellos settled: {@code maxFragmentLength} (0 for none) now, in both directions; else the peer's
     * record_size_limit for what we send and ours for what we accept (0: no limit), each from its CCS on.
     */
    void negotiated(int maxFragmentLength, int sendLimit, int receiveLimit) {
        if (maxFragmentLength > 0) {
            send = Math.min(send, maxFragmentLength);
            pendingSend = maxFragmentLength;
            reader.setLimit(maxFragmentLength);
            pendingReceive = maxFragmentLength;
            return;
        }
        pendingSend = sendLimit > 0 ? Math.min(sendLimit, PROTOCOL_LIMIT) : PROTOCOL_LIMIT;
        send = Math.min(send, pendingSend);
        pendingReceive = receiveLimit > 0 ? receiveLimit : reader.capacity();
        reader.setLimit(reader.capacity());
    }

    /** Our ChangeCipherSpec went out: the records after it are sent within the pending limit. */
    void writeProtectionChanged() {
        if (pendingSend >= 0) {
            send = pendingSend;
        }
    }

    /** The peer's ChangeCipherSpec arrived: the records after it are held to the pending limit. */
    void readProtectionChanged() {
        if (pendingReceive >= 0) {
            reader.setLimit(pendingReceive);
        }
    }

    /** The largest plaintext the next record sent may carry. */
    int sendLimit() {
        int limit = send;
        if (maximumPacketSize > 0) {
            // SunJSSE: the record, header and protection included, fits the maximum packet size.
            int fit = maximumPacketSize - writer.recordSize(0);
            limit = Math.min(limit, Math.max(1, fit));
        }
        return limit;
    }

    /**
     * The room wrap asks for in its destination: SunJSSE asks for a whole packet buffer before it looks at what is
     * queued, so with no limit in force this stays the default packet buffer size; with one, the largest record
     * this side may now produce (the session's smaller getPacketBufferSize() is then always enough).
     */
    int wrapRoom() {
        int limit = sendLimit();
        return limit >= PROTOCOL_LIMIT ? defaultPacketSize : Math.min(defaultPacketSize, writer.recordSize(limit));
    }
}
