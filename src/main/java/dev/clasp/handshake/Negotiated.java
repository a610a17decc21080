package dev.clasp.handshake;

import dev.clasp.record.RecordProtection;
import dev.clasp.suite.CipherSuite;

/**
 * The outcome of key exchange that the closing states need: suite, master secret, the client random (for the key
 * log, written once the Finished checks out) and the record protection for each direction. {@code pendingWrite}
 * is null once it has been installed. {@code sendTicket}: a server that finishes second sends NewSessionTicket
 * before its ChangeCipherSpec (RFC 5077 3.1).
 */
record Negotiated(CipherSuite suite, byte[] masterSecret, byte[] clientRandom, RecordProtection read,
        RecordProtection pendingWrite, boolean sendTicket) {

    /** Without a NewSessionTicket to send. */
    Negotiated(CipherSuite suite, byte[] masterSecret, byte[] clientRandom, RecordProtection read,
            RecordProtection pendingWrite) {
        this(suite, masterSecret, clientRandom, read, pendingWrite, false);
    }

    /** Zero-fills the master secret: the handshake that derived it failed (see HandshakeState#destroySecrets). */
    void destroy() {
        java.util.Arrays.fill(masterSecret, (byte) 0);
    }

    @Override
    public String toString() {
        return "Negotiated[" + suite + "]";
    }
}
