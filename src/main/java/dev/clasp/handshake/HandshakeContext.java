package dev.clasp.handshake;

import dev.clasp.config.TlsConfig;
import dev.clasp.crypto.TranscriptHash;

/**
 * The services one handshake runs against: immutable policy, the key/trust managers, the output port,
 * the session being built, the running transcript, the sessions it may resume and the (usually disabled) key log. Negotiated values live in the states, not here.
 */
public record HandshakeContext(TlsConfig config, Authenticator auth, HandshakeOutput out, SessionState session,
        TranscriptHash transcript, SessionCache cache, SecretLog secretLog,
        RenegotiationInfoNegotiation.Prior prior) {

    /** An initial handshake (nothing to renegotiate). */
    public HandshakeContext(TlsConfig config, Authenticator auth, HandshakeOutput out, SessionState session,
            TranscriptHash transcript, SessionCache cache, SecretLog secretLog) {
        this(config, auth, out, session, transcript, cache, secretLog, null);
    }

    /**
     * The context of a renegotiation of the handshake {@code this} ran (RFC 5746): new policy, session and
     * transcript, the same services, and this handshake's verify_data to bind the two.
     */
    public HandshakeContext renegotiation(TlsConfig next, SessionState nextSession, TranscriptHash nextTranscript) {
        return new HandshakeContext(next, auth, out, nextSession, nextTranscript, cache, secretLog,
                new RenegotiationInfoNegotiation.Prior(session.clientVerifyData, session.serverVerifyData,
                        session.encryptThenMac));
    }

    /**
     * This context once its handshake is over: the same services, policy, session and prior, and the shared closed
     * transcript instead of this handshake's (an established connection keeps no transcript object).
     */
    public HandshakeContext settled() {
        return new HandshakeContext(config, auth, out, session, TranscriptHash.CLOSED, cache, secretLog, prior);
    }

    /** Whether this handshake renegotiates an earlier one on the same connection. */
    public boolean isRenegotiation() {
        return prior != null;
    }

    /** A context without resumption or key log. */
    public HandshakeContext(TlsConfig config, Authenticator auth, HandshakeOutput out, SessionState session,
            TranscriptHash transcript) {
        this(config, auth, out, session, transcript, SessionCache.NONE, SecretLog.NONE);
    }
}
