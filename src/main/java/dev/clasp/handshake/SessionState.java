package dev.clasp.handshake;

import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.SignatureScheme;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIServerName;

/**
 * What a handshake learns that the JSSE session exposes. Filled in by the handshake states as they go (so the
 * trust manager sees a useful handshake session), read by the engine's session object. Confined to the
 * connection's lock; the fields are volatile so a session handed to another thread sees the final values.
 */
public final class SessionState {
    /** The empty array the byte[] fields start from (shared: it has nothing to write). */
    static final byte[] NO_BYTES = new byte[0];
    public volatile byte[] sessionId = NO_BYTES;
    public volatile CipherSuite cipherSuite;
    public volatile NamedGroup namedGroup;
    public volatile SignatureScheme localSignatureScheme;
    public volatile SignatureScheme peerSignatureScheme;
    public volatile X509Certificate[] peerCertificates;
    public volatile X509Certificate[] localCertificates;
    public volatile List<SNIServerName> requestedServerNames = List.of();
    public volatile List<SignatureScheme> localSupportedSignatureSchemes = List.of();
    public volatile List<SignatureScheme> peerSupportedSignatureSchemes = List.of();
    public volatile boolean extendedMasterSecret;
    /** RFC 7366 encrypt-then-MAC in use (CBC suites only). */
    public volatile boolean encryptThenMac;
    public volatile boolean secureRenegotiation;
    /**
     * RFC 6066 4: the negotiated max_fragment_length in bytes (512..4096), 0 for none. Part of the session: "The
     * negotiated length applies for the duration of the session including session resumptions."
     */
    public volatile int maxFragmentLength;
    /** This handshake's RFC 8449 record_size_limit from the peer (as sent), 0 when not negotiated. */
    public volatile int peerRecordSizeLimit;
    /** The local SSLParameters' maximum packet size when the handshake ran (SunJSSE keeps it in the session). */
    public volatile int maximumPacketSize;
    public volatile String applicationProtocol;
    public volatile long creationTime = System.currentTimeMillis();
    public volatile String peerHost;
    public volatile int peerPort = -1;
    /** Secret: never logged, never in toString. */
    volatile byte[] masterSecret;
    /** Whether this handshake resumed an earlier session (abbreviated handshake). */
    public volatile boolean resumed;
    public volatile byte[] clientVerifyData = NO_BYTES;
    public volatile byte[] serverVerifyData = NO_BYTES;
    /** Client: the RFC 5077 ticket the server issued for this session (opaque to us), or null. */
    public volatile byte[] ticket;
    /** Client: when the ticket arrived (ms) and its lifetime hint (s, 0 = unspecified; RFC 5077 3.3). */
    public volatile long ticketReceived;
    public volatile long ticketLifetimeHint;
    /** Server: this handshake resumed a session from a ticket rather than from the session cache. */
    public volatile boolean resumedFromTicket;
    /**
     * Client: the DER OCSP responses the server stapled (RFC 6066 8: one, for its leaf), empty when none came. The
     * arrays must not be mutated.
     */
    public volatile List<byte[]> statusResponses = List.of();

    public boolean hasMasterSecret() {
        return masterSecret != null;
    }

    /**
     * Whether a later handshake may resume this session. Only sessions with the extended master secret are
     * resumed, so a resumed session is always bound to its original handshake (RFC 7627 5.3).
     */
    boolean isResumable() {
        return masterSecret != null && extendedMasterSecret && cipherSuite != null && sessionId.length > 0;
    }

    /**
     * Whether a context with the extended master secret turned off ({@code jdk.tls.useExtendedMasterSecret=false})
     * may resume this session: one made without it, as SunJSSE does when the extension is off.
     */
    boolean isResumableWithoutExtendedMasterSecret() {
        return masterSecret != null && !extendedMasterSecret && cipherSuite != null && sessionId.length > 0;
    }

    /** {@link #isResumable()} or, with the extension off, {@link #isResumableWithoutExtendedMasterSecret()}. */
    boolean isResumable(boolean useExtendedMasterSecret) {
        return useExtendedMasterSecret ? isResumable() : isResumableWithoutExtendedMasterSecret();
    }

    /** Takes over what the abbreviated handshake keeps from the session it resumes. */
    void resumeFrom(SessionState cached) {
        sessionId = cached.sessionId;
        cipherSuite = cached.cipherSuite;
        namedGroup = cached.namedGroup;
        localSignatureScheme = cached.localSignatureScheme;
        peerSignatureScheme = cached.peerSignatureScheme;
        peerCertificates = cached.peerCertificates;
        localCertificates = cached.localCertificates;
        peerSupportedSignatureSchemes = cached.peerSupportedSignatureSchemes;
        extendedMasterSecret = cached.extendedMasterSecret;
        encryptThenMac = cached.encryptThenMac;
        maxFragmentLength = cached.maxFragmentLength;
        byte[] m = cached.masterSecret;
        // A copy: the cached session may be invalidated (and its secret wiped) while this handshake runs.
        masterSecret = m == null ? null : m.clone();
        creationTime = cached.creationTime;
        ticket = cached.ticket;
        ticketReceived = cached.ticketReceived;
        ticketLifetimeHint = cached.ticketLifetimeHint;
        statusResponses = cached.statusResponses;
        resumed = true;
    }

    /**
     * {@link #resumeFrom} a private copy ({@link #forResumption}) that nothing else will use: its master secret
     * array moves here instead of being cloned, so no second copy is left in the dropped snapshot.
     */
    void takeOver(SessionState copy) {
        byte[] m = copy.masterSecret;
        copy.masterSecret = null;
        resumeFrom(copy);
        masterSecret = m;
    }

    /**
     * A private copy of this session for one resumption attempt, its master secret cloned now, so that wiping this
     * session later (invalidate, expiry) cannot reach a handshake in progress; null when the secret is gone.
     */
    SessionState forResumption() {
        SessionState copy = new SessionState();
        copy.requestedServerNames = requestedServerNames;
        copy.resumeFrom(this);
        copy.resumed = false;
        return copy.masterSecret == null ? null : copy;
    }

    /**
     * Zero-fills and drops the master secret, when the session is invalidated, expires or leaves the cache: it
     * can no longer be resumed, and the secret does not linger on the heap until the object is collected.
     */
    public void destroyMasterSecret() {
        byte[] m = masterSecret;
        masterSecret = null;
        if (m != null) {
            java.util.Arrays.fill(m, (byte) 0);
        }
    }

    /**
     * Whether {@code other} is the same session (the same master secret, compared in constant time): how the
     * engine makes sure a cached session object it looks up by id is the one a handshake resumed.
     */
    public boolean sameSession(SessionState other) {
        byte[] a = masterSecret;
        byte[] b = other == null ? null : other.masterSecret;
        return a != null && b != null && java.security.MessageDigest.isEqual(a, b);
    }

    /** Client: the ticket to present, unless the server's lifetime hint says it has expired. */
    byte[] presentableTicket(long now) {
        byte[] t = ticket;
        long hint = ticketLifetimeHint;
        if (t == null || (hint > 0 && now - ticketReceived > hint * 1000L)) {
            return null;
        }
        return t;
    }

    /** The master secret of a resumable session, for the abbreviated handshake's key derivation. */
    byte[] masterSecret() {
        return masterSecret;
    }

    @Override
    public String toString() {
        return "SessionState[" + cipherSuite + ", group=" + namedGroup + ", ems=" + extendedMasterSecret + "]";
    }
}
