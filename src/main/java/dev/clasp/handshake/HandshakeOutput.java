package dev.clasp.handshake;

import dev.clasp.alert.AlertDescription;
import dev.clasp.message.HandshakeMessage;
import dev.clasp.record.RecordProtection;

/** What a handshake state may do to the connection. Implemented by the core. */
public interface HandshakeOutput {

    /** Queues a handshake message and appends its encoding to the transcript. */
    void send(HandshakeMessage message);

    /** Queues ChangeCipherSpec; every record after it is protected by {@code write}. */
    void sendChangeCipherSpec(RecordProtection write);

    /** A ChangeCipherSpec was received: records after it are opened with {@code read}. */
    void changeReadProtection(RecordProtection read);

    /**
     * Record size limits the hellos settled. {@code maxFragmentLength} (RFC 6066 4, bytes, 0 for none) applies to
     * both directions from the next record on; otherwise {@code sendLimit} (the peer's record_size_limit, RFC 8449)
     * applies to what we send from the next record on and {@code receiveLimit} (ours) to the peer's protected
     * records, from its ChangeCipherSpec on (0: no limit). Called once per handshake, before the ServerHello goes
     * out (server) or after it was checked (client).
     */
    default void recordLimits(int maxFragmentLength, int sendLimit, int receiveLimit) {
    }

    /** Queues a warning alert. */
    void sendWarning(AlertDescription description);

    /** The handshake is over (our last flight is queued, the peer's is verified). */
    void handshakeComplete();

    /**
     * A renegotiation starts (RFC 5746): the core makes the new handshake's context (policy as the application
     * has it now, a fresh session and transcript, this handshake's verify_data) and reports handshaking again.
     */
    HandshakeContext renegotiate();
}
