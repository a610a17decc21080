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
