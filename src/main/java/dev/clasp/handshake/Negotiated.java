package dev.clasp.handshake;

import dev.clasp.record.RecordProtection;
import dev.clasp.suite.CipherSuite;

/**
 * The outcome of key exchange that the closing states need: suite, master secret and the record protection
 * for each direction. {@code pendingWrite} is null once it has been installed.
 */
record Negotiated(CipherSuite suite, byte[] masterSecret, RecordProtection read, RecordProtection pendingWrite) {
    @Override
    public String toString() {
        return "Negotiated[" + suite + "]";
    }
}
