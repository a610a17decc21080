package dev.clasp.handshake;

import dev.clasp.config.TlsConfig;
import dev.clasp.crypto.TranscriptHash;

/**
 * The services one handshake runs against: immutable policy, the key/trust managers, the output port,
 * the session being built, the running transcript, the sessions it may resume and the (usually disabled) key log. Negotiated values live in the states, not here.
 */
public record HandshakeContext(TlsConfig config, Authenticator auth, HandshakeOutput out, SessionState session,
        TranscriptHash transcript, SessionCache cache, SecretLog secretLog) {

    /** A context without resumption or key log. */
    public HandshakeContext(TlsConfig config, Authenticator auth, HandshakeOutput out, SessionState session,
            TranscriptHash transcript) {
        this(config, auth, out, session, transcript, SessionCache.NONE, SecretLog.NONE);
    }
}
