package dev.clasp.engine;

import dev.clasp.handshake.SessionState;
import dev.clasp.record.RecordReader;
import dev.clasp.record.RecordWriter;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.ProtocolVersion;
import dev.clasp.suite.SignatureScheme;
import java.security.Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSessionBindingEvent;
import javax.net.ssl.SSLSessionBindingListener;
import javax.net.ssl.SSLSessionContext;

/** The JSSE view of a {@link SessionState}: live while handshaking, then the established session. */
public final class ClaspSSLSession extends ExtendedSSLSession {
    private final SessionState state;
    private final ClaspSessionContext context;
    private final boolean nullSession;
    private final int packetBufferSize;
    private final int applicationBufferSize;
    /** Application values (putValue), made on the first put: most sessions never get one. Guarded by this. */
    private Map<String, Object> values;
    private volatile boolean invalidated;
    private volatile boolean resumed;
    private volatile boolean ticketResumed;
    private volatile long lastAccessedTime;

    ClaspSSLSession(SessionState state, ClaspSessionContext context, boolean nullSession, int maxPlaintext) {
        this.state = state;
        this.context = context;
        this.nullSession = nullSession;
        this.applicationBufferSize = maxPlaintext;
        this.packetBufferSize = RecordReader.maxRecordLength(maxPlaintext);
        this.lastAccessedTime = state.creationTime;
    }

    SessionState state() {
        return state;
    }

    void touch() {
        lastAccessedTime = System.currentTimeMillis();
    }

    /** Records how the latest handshake reached this session: abbreviated (resumed) or full. */
    void handshakeDone(boolean wasResumed, boolean byTicket) {
        resumed = wasResumed;
        ticketResumed = byTicket;
        touch();
    }

    /** Server: whether the latest handshake resumed this session from an RFC 5077 ticket (not the id cache). */
    public boolean isResumedFromTicket() {
        return ticketResumed;
    }

    /** Client: whether the server issued an RFC 5077 ticket for this session (kept to resume with). */
    public boolean hasTicket() {
        return state.ticket != null;
    }

    /**
     * Whether the latest handshake that established or continued this session was an abbreviated one (RFC 5246
     * 7.3). JSSE has no API for this; Clasp-aware tools (the demo, tests) read it here.
     */
    public boolean isResumed() {
        return resumed;
    }

    /**
     * Whether this session's CBC records use RFC 7366 encrypt-then-MAC rather than MAC-then-encrypt (always false
     * for AEAD suites). JSSE has no API for this; Clasp-aware tools and tests read it here.
     */
    public boolean isEncryptThenMac() {
        return state.encryptThenMac;
    }

    @Override
    public byte[] getId() {
        return state.sessionId.clone();
    }

    @Override
    public SSLSessionContext getSessionContext() {
        return nullSession ? null : context;
    }

    @Override
    public long getCreationTime() {
        return state.creationTime;
    }

    @Override
    public long getLastAccessedTime() {
        return lastAccessedTime;
    }

    @Override
    public void invalidate() {
        invalidated = true;
        state.destroyMasterSecret();
        if (context != null) {
            context.remove(state.sessionId);
        }
    }

    @Override
    public boolean isValid() {
        return !invalidated && !nullSession;
    }

    @Override
    public void putValue(String name, Object value) {
        if (name == null || value == null) {
            throw new IllegalArgumentException("name and value must not be null");
        }
        Object old;
        synchronized (this) {
            if (values == null) {
                values = new HashMap<>();
            }
            old = values.put(name, value);
        }
        if (old instanceof SSLSessionBindingListener l) {
            l.valueUnbound(new SSLSessionBindingEvent(this, name));
        }
        if (value instanceof SSLSessionBindingListener l) {
            l.valueBound(new SSLSessionBindingEvent(this, name));
        }
    }

    @Override
    public Object getValue(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null");
        }
        synchronized (this) {
            return values == null ? null : values.get(name);
        }
    }

    @Override
    public void removeValue(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null");
        }
        Object old;
        synchronized (this) {
            old = values == null ? null : values.remove(name);
        }
        if (old instanceof SSLSessionBindingListener l) {
            l.valueUnbound(new SSLSessionBindingEvent(this, name));
        }
    }

    @Override
    public String[] getValueNames() {
        synchronized (this) {
            return values == null ? new String[0] : values.keySet().toArray(new String[0]);
        }
    }

    @Override
    public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
        X509Certificate[] peer = state.peerCertificates;
        if (peer == null || peer.length == 0) {
            throw new SSLPeerUnverifiedException("peer not authenticated");
        }
        return peer.clone();
    }

    @Override
    public Certificate[] getLocalCertificates() {
        X509Certificate[] local = state.localCertificates;
        return local == null || local.length == 0 ? null : local.clone();
    }

    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public javax.security.cert.X509Certificate[] getPeerCertificateChain() throws SSLPeerUnverifiedException {
        throw new UnsupportedOperationException("getPeerCertificateChain is deprecated; use getPeerCertificates");
    }

    @Override
    public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
        return ((X509Certificate) getPeerCertificates()[0]).getSubjectX500Principal();
    }

    @Override
    public Principal getLocalPrincipal() {
        X509Certificate[] local = state.localCertificates;
        return local == null || local.length == 0 ? null : local[0].getSubjectX500Principal();
    }

    @Override
    public String getCipherSuite() {
        return state.cipherSuite == null ? "SSL_NULL_WITH_NULL_NULL" : state.cipherSuite.name();
    }

    @Override
    public String getProtocol() {
        return nullSession || state.cipherSuite == null ? "NONE" : ProtocolVersion.TLS12.jsseName();
    }

    @Override
    public String getPeerHost() {
        return state.peerHost;
    }

    @Override
    public int getPeerPort() {
        return state.peerPort;
    }

    /**
     * As SunJSSE's SSLSessionImpl: with a negotiated max_fragment_length (RFC 6066 4) the larger of the maximum
     * packet size and the largest record that length allows (header + length + the suite's largest expansion, CBC
     * padding of up to 256 bytes included), never more than without it. Without one, the full size: Clasp does not
     * refuse the peer's records for the local maximum packet size, which SunJSSE does.
     */
    @Override
    public int getPacketBufferSize() {
        int mfl = state.maxFragmentLength;
        CipherSuite suite = state.cipherSuite;
        if (nullSession || mfl == 0 || suite == null) {
            return packetBufferSize;
        }
        int packet = RecordWriter.HEADER_LENGTH + mfl + suite.bulkCipher().maxExpansion();
        int max = state.maximumPacketSize;
        return Math.min(packetBufferSize, Math.max(packet, max));
    }

    /** As SunJSSE's: the larger of the negotiated max_fragment_length and what fits the maximum packet size. */
    @Override
    public int getApplicationBufferSize() {
        int mfl = state.maxFragmentLength;
        CipherSuite suite = state.cipherSuite;
        if (nullSession || mfl == 0 || suite == null) {
            return applicationBufferSize;
        }
        int max = state.maximumPacketSize;
        int fits = max > 0 ? max - RecordWriter.HEADER_LENGTH - suite.bulkCipher().expansion() : 0;
        return Math.min(applicationBufferSize, Math.max(mfl, fits));
    }

    /**
     * Certificate signature algorithms accepted in chains besides the handshake's own schemes, as SunJSSE lists
     * them. Trust managers match chains against this list; jdk.certpath.disabledAlgorithms still decides (MD5
     * and SHA-1 under JDK roots stay refused unless the application re-enables them).
     */
    private static final List<String> LEGACY_CERTIFICATE_ALGORITHMS = List.of(
            "SHA224withECDSA", "SHA224withRSA", "SHA224withDSA", "SHA256withDSA",
            "SHA1withECDSA", "SHA1withRSA", "SHA1withDSA", "MD5withRSA");

    @Override
    public String[] getLocalSupportedSignatureAlgorithms() {
        List<String> out = new java.util.ArrayList<>(List.of(names(state.localSupportedSignatureSchemes)));
        for (String legacy : LEGACY_CERTIFICATE_ALGORITHMS) {
            if (!out.contains(legacy)) {
                out.add(legacy);
            }
        }
        return out.toArray(new String[0]);
    }

    @Override
    public String[] getPeerSupportedSignatureAlgorithms() {
        return names(state.peerSupportedSignatureSchemes);
    }

    @Override
    public List<SNIServerName> getRequestedServerNames() {
        return state.requestedServerNames;
    }

    /**
     * The DER OCSP responses the server stapled (RFC 6066 8 CertificateStatus: one, for the leaf), as SunJSSE's
     * list for TLS 1.2; empty when none came. Copies: SunJSSE's PKIX trust manager reads them from the handshake
     * session during {@code checkServerTrusted}.
     */
    @Override
    public List<byte[]> getStatusResponses() {
        List<byte[]> out = new java.util.ArrayList<>();
        for (byte[] r : state.statusResponses) {
            out.add(r.clone());
        }
        return java.util.Collections.unmodifiableList(out);
    }

    // ---- Clasp extensions: negotiated values the JSSE API does not expose (used by dev.clasp.cli) ----

    /** The ECDHE group negotiated (IANA name, e.g. {@code x25519}), or {@code null} before it is known. */
    public String getNamedGroup() {
        return state.namedGroup == null ? null : state.namedGroup.standardName();
    }

    /** The scheme this side signed with (server: ServerKeyExchange; client: CertificateVerify), or {@code null}. */
    public String getLocalSignatureScheme() {
        return state.localSignatureScheme == null ? null : state.localSignatureScheme.standardName();
    }

    /** The scheme the peer signed with (client: ServerKeyExchange; server: CertificateVerify), or {@code null}. */
    public String getPeerSignatureScheme() {
        return state.peerSignatureScheme == null ? null : state.peerSignatureScheme.standardName();
    }

    private static String[] names(List<SignatureScheme> schemes) {
        // SunJSSE reports JCA signature algorithm names here; trust managers match them against certificates.
        return schemes.stream().map(SignatureScheme::jcaAlgorithm).distinct().toArray(String[]::new);
    }

    @Override
    public String toString() {
        return "ClaspSSLSession[" + getProtocol() + ", " + getCipherSuite() + "]";
    }
}
