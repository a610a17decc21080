package dev.clasp.engine;

import dev.clasp.alert.PeerAlertException;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.config.TlsConfig;
import dev.clasp.core.Connection;
import dev.clasp.handshake.Authenticator;
import dev.clasp.handshake.SessionCache;
import dev.clasp.handshake.SessionState;
import dev.clasp.handshake.TicketSealer;
import dev.clasp.record.RecordWriter;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.security.Principal;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * Clasp's {@link SSLEngine}: JSSE glue over the sans-I/O {@link Connection}. It checks arguments, serialises
 * calls with a lock, maps faults to JSSE exception types and keeps the session objects; every TLS decision
 * is made in the core.
 */
public final class ClaspSSLEngine extends SSLEngine {
    /** RFC 5246 6.2.1: type, version, length. */
    private static final int RECORD_HEADER_LENGTH = 5;
    private final EngineContext ctx;
    private final ReentrantLock lock = new ReentrantLock();
    private final SSLParameters params;
    private boolean modeSet;
    private boolean clientMode;
    private boolean serverNamesSet;
    private BiFunction<SSLEngine, List<String>, String> alpnSelector;

    /** The SSLSocket this engine serves, or null: key and trust managers get it instead of the engine. */
    private final Socket owner;
    private String peerHost;
    private int peerPort;
    /** Largest record plaintext accepted: 2^14, or 2^15 with jsse.SSLEngine.acceptLargeFragments. */
    private final int maxPlaintext;

    private Connection connection;
    /** Which handshake of the connection {@link #handshakeSession} belongs to (see Connection.generation). */
    private int generation;
    /** Counts completed handshakes (first and renegotiations), for the socket's listeners. */
    private int handshakesCompleted;
    private SessionState handshakeState;
    private ClaspSSLSession handshakeSession;
    private ClaspSSLSession session;
    /** This connection's ALPN result (RFC 7301): per handshake, not per session, since resumption may change it. */
    private String applicationProtocol;
    private boolean closedBeforeStart;
    private boolean inboundClosedBeforeStart;

    public ClaspSSLEngine(EngineContext ctx, String peerHost, int peerPort) {
        this(ctx, peerHost, peerPort, null);
    }

    ClaspSSLEngine(EngineContext ctx, String peerHost, int peerPort, Socket owner) {
        super(peerHost, peerPort);
        this.ctx = ctx;
        this.owner = owner;
        this.peerHost = peerHost;
        this.peerPort = peerPort;
        this.maxPlaintext = maxPlaintext();
        this.params = Parameters.defaults(names(ctx.defaultServerSuites()),
                ctx.defaultServerProtocols().toArray(new String[0]));
        this.session = nullSession();
    }

    @Override
    public String getPeerHost() {
        return peerHost;
    }

    @Override
    public int getPeerPort() {
        return peerPort;
    }

    /** A socket learns its peer when it connects, after the engine was made. */
    void setPeer(String host, int port) {
        lock.lock();
        try {
            if (connection == null) {
                peerHost = host;
                peerPort = port;
                session.state().peerHost = host;
                session.state().peerPort = port;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether no handshake is running: a fault now is not a handshake failure (a renegotiation's would be). */
    private boolean settled() {
        return connection.isHandshakeComplete() && !connection.isHandshaking();
    }

    /** How many handshakes (the first and each renegotiation) have completed. */
    int handshakesCompleted() {
        lock.lock();
        try {
            return handshakesCompleted;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a renegotiation is in progress on an established connection. */
    boolean isRenegotiating() {
        lock.lock();
        try {
            return connection != null && connection.isHandshakeComplete() && connection.isHandshaking();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the first handshake completed. */
    boolean isHandshakeComplete() {
        lock.lock();
        try {
            return connection != null && connection.isHandshakeComplete();
        } finally {
            lock.unlock();
        }
    }

    /**
     * SunJSSE's {@code jsse.SSLEngine.acceptLargeFragments}: accept records up to 2^15 from non-compliant peers.
     * Read when an engine is made, as SunJSSE reads it per session (OpenJDK's SSLEngine/AcceptLargeFragments sets
     * it after {@code SSLContext.getDefault()}).
     */
    private static int maxPlaintext() {
        return Boolean.getBoolean("jsse.SSLEngine.acceptLargeFragments") ? 2 * RecordWriter.MAX_PLAINTEXT
                : RecordWriter.MAX_PLAINTEXT;
    }

    private ClaspSSLSession nullSession() {
        SessionState s = new SessionState();
        s.peerHost = getPeerHost();
        s.peerPort = getPeerPort();
        return new ClaspSSLSession(s, null, true, maxPlaintext);
    }

    private static String[] names(List<dev.clasp.suite.CipherSuite> suites) {
        return suites.stream().map(Enum::name).toArray(String[]::new);
    }

    /** Runs {@code body} under the engine lock (JSSE getters and setters may come from any thread). */
    private <T> T locked(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    private void lockedRun(Runnable body) {
        lock.lock();
        try {
            body.run();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------ wrap/unwrap

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        if (srcs == null || dst == null) {
            throw new IllegalArgumentException("source buffers and destination buffer must not be null");
        }
        if (offset < 0 || length < 0 || offset > srcs.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + srcs.length);
        }
        for (int i = offset; i < offset + length; i++) {
            if (srcs[i] == null) {
                throw new IllegalArgumentException("source buffer " + i + " is null");
            }
        }
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        lock.lock();
        try {
            if (connection == null && inboundClosedBeforeStart && !closedBeforeStart) {
                // Nothing can be received, so no handshake starts (SunJSSE): nothing to send yet.
                return new SSLEngineResult(Status.OK, HandshakeStatus.NOT_HANDSHAKING, 0, 0);
            }
            if (!ensureConnection()) {
                return new SSLEngineResult(Status.CLOSED, getHandshakeStatus(), 0, 0);
            }
            SSLEngineResult r = connection.wrap(srcs, offset, length, dst);
            afterCall();
            return r;
        } catch (TlsAlertException e) {
            afterCall();
            invalidateAfterFatalAlert();
            throw Exceptions.local(e, settled());
        } catch (PeerAlertException e) {
            afterCall();
            invalidateAfterFatalAlert();
            throw Exceptions.peer(e, settled(), connection);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        if (src == null || dsts == null) {
            throw new IllegalArgumentException("source buffer and destination buffers must not be null");
        }
        if (offset < 0 || length < 0 || offset > dsts.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + dsts.length);
        }
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i] == null) {
                throw new IllegalArgumentException("destination buffer " + i + " is null");
            }
            if (dsts[i].isReadOnly()) {
                throw new ReadOnlyBufferException();
            }
        }
        lock.lock();
        try {
            if (!ensureConnection()) {
                // Closed for output before the start; the inbound side stays open (SunJSSE) but no handshake
                // will run: an incomplete record header still reads as an underflow, anything else as closed.
                Status st = !inboundClosedBeforeStart && src.remaining() < RECORD_HEADER_LENGTH
                        ? Status.BUFFER_UNDERFLOW : Status.CLOSED;
                return new SSLEngineResult(st, getHandshakeStatus(), 0, 0);
            }
            SSLEngineResult r = connection.unwrap(src, dsts, offset, length);
            afterCall();
            return r;
        } catch (TlsAlertException e) {
            afterCall();
            invalidateAfterFatalAlert();
            throw Exceptions.local(e, settled());
        } catch (PeerAlertException e) {
            afterCall();
            invalidateAfterFatalAlert();
            throw Exceptions.peer(e, settled(), connection);
        } finally {
            lock.unlock();
        }
    }

    /** Creates and starts the connection on first use; false when the engine was closed before starting. */
    private boolean ensureConnection() throws SSLException {
        if (connection != null) {
            return true;
        }
        if (closedBeforeStart) {
            return false;
        }
        if (!modeSet) {
            throw new IllegalStateException("Client/Server mode has not yet been set.");
        }
        TlsConfig config;
        try {
            config = buildConfig();
        } catch (SSLException e) {
            closedBeforeStart = true;
            inboundClosedBeforeStart = true;
            throw e;
        }
        SessionState state = new SessionState();
        state.peerHost = getPeerHost();
        state.peerPort = getPeerPort();
        handshakeState = state;
        handshakeSession = new ClaspSSLSession(state, clientMode ? ctx.clientSessions() : ctx.serverSessions(),
                false, maxPlaintext);
        Services services = new Services();
        connection = new Connection(config, services, state, maxPlaintext, services,
                ctx.keyLog(), ctx.debug().listener(clientMode, getPeerHost(), getPeerPort()));
        connection.setRenegotiationConfig(services);
        return true;
    }

    /** The policy for a handshake from the parameters as they are now. */
    private TlsConfig buildConfig() throws SSLException {
        return EngineConfig.build(ctx, effectiveParameters(), clientMode, getPeerHost(), getPeerPort(),
                ctx.trustManager(), alpnSelector == null ? null : offered -> alpnSelector.apply(this, offered));
    }

    private void afterCall() {
        if (connection != null && connection.generation() != generation && connection.isHandshaking()) {
            // A renegotiation began (RFC 5746): it builds a new session; the current one stays until it completes.
            generation = connection.generation();
            handshakeState = connection.session();
            handshakeSession = new ClaspSSLSession(handshakeState, sessionContext(), false, maxPlaintext);
        }
        if (connection != null && connection.isHandshakeComplete() && !connection.isHandshaking()
                && handshakeSession != null && connection.session() != handshakeState) {
            handshakeSession = null; // the peer refused the renegotiation: the established session stays
        }
        if (connection != null && connection.isHandshakeComplete() && !connection.isHandshaking()
                && handshakeSession != null) {
            ClaspSessionContext sc = sessionContext();
            ClaspSSLSession established = handshakeSession;
            if (handshakeState.resumed) {
                // A resumed handshake continues the cached session: the same SSLSession object, as SunJSSE. A
                // ticket's session id is the client's choice, so the cached object must hold the same secret.
                ClaspSSLSession cached = sc.lookUp(handshakeState.sessionId);
                if (cached != null && cached.state().sameSession(handshakeState)) {
                    established = cached;
                    // The handshake's copy of the secret is not needed any more (the keys are derived): only the
                    // cached session's remains, so invalidating or expiring that one wipes the last copy.
                    handshakeState.destroyMasterSecret();
                    if (handshakeState.ticket != null) {
                        // Client: a renewed ticket replaces the old one (RFC 5077 3.3).
                        cached.state().ticket = handshakeState.ticket;
                        cached.state().ticketReceived = handshakeState.ticketReceived;
                        cached.state().ticketLifetimeHint = handshakeState.ticketLifetimeHint;
                    }
                }
            }
            if (established.state() == handshakeState) {
                // A new session: its chains (never written, the session hands out copies) are shared with the
                // context's other sessions that hold the same certificates.
                handshakeState.peerCertificates = ctx.interner().shareArray(handshakeState.peerCertificates);
                handshakeState.localCertificates = ctx.interner().shareArray(handshakeState.localCertificates);
            }
            handshakeSession = null;
            applicationProtocol = handshakeState.applicationProtocol;
            session = established;
            established.handshakeDone(handshakeState.resumed, handshakeState.resumedFromTicket);
            handshakesCompleted++;
            if (!handshakeState.resumedFromTicket || established.state() != handshakeState) {
                // A server session resumed from a ticket alone stays out of the id cache: the ticket is its store.
                sc.put(established);
            }
        }
    }

    /**
     * RFC 5246 7.2.2: "any connection terminated with a fatal alert MUST NOT be resumed", so the established
     * session (if any) is invalidated, which also wipes its master secret; as SunJSSE does on a fatal alert sent
     * or received. (A handshake that fails before completing has no established session here; its own secrets
     * are wiped by the connection.)
     */
    private void invalidateAfterFatalAlert() {
        if (session != null) {
            session.invalidate();
        }
    }

    private ClaspSessionContext sessionContext() {
        return clientMode ? ctx.clientSessions() : ctx.serverSessions();
    }

    @Override
    public Runnable getDelegatedTask() {
        lock.lock();
        try {
            if (connection == null) {
                return null;
            }
            Connection c = connection;
            return c.takeTask(() -> {
                lock.lock();
                try {
                    c.runTask();
                    afterCall();
                } finally {
                    lock.unlock();
                }
            });
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------- closing

    @Override
    public void closeInbound() throws SSLException {
        lock.lock();
        try {
            if (connection == null) {
                inboundClosedBeforeStart = true;
                return;
            }
            if (connection.closeInbound()) {
                // SunJSSE's exact words (a possible truncation attack), which applications such as Netty match on.
                throw new SSLException("closing inbound before receiving peer's close_notify");
            }
        } catch (TlsAlertException e) {
            throw Exceptions.local(e, settled());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isInboundDone() {
        return locked(() -> connection == null ? inboundClosedBeforeStart : connection.isInboundDone());
    }

    @Override
    public void closeOutbound() {
        lock.lock();
        try {
            if (connection == null) {
                closedBeforeStart = true;
                return;
            }
            connection.closeOutbound();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isOutboundDone() {
        return locked(() -> connection == null ? closedBeforeStart : connection.isOutboundDone());
    }

    // ------------------------------------------------------------------------------------------- handshake

    @Override
    public void beginHandshake() throws SSLException {
        lock.lock();
        try {
            if (connection != null && connection.isStarted()) {
                if (connection.isOutboundDone() || connection.isInboundDone()) {
                    throw new SSLException("the engine is closed");
                }
                if (connection.isHandshakeComplete() && !connection.renegotiate()) {
                    // RFC 5746: no legacy renegotiation, ever.
                    throw new SSLHandshakeException("the peer does not support secure renegotiation (RFC 5746)");
                }
                afterCall();
                return;
            }
            if (!ensureConnection()) {
                throw new SSLException("the engine is closed");
            }
            connection.start();
        } catch (TlsAlertException e) {
            throw Exceptions.local(e, false);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public HandshakeStatus getHandshakeStatus() {
        lock.lock();   // hot: asked after every wrap/unwrap, so no lambda here
        try {
            return connection == null ? HandshakeStatus.NOT_HANDSHAKING : connection.handshakeStatus();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SSLSession getSession() {
        return locked(() -> session);
    }

    @Override
    public SSLSession getHandshakeSession() {
        return locked(() -> handshakeSession);
    }

    @Override
    public String getApplicationProtocol() {
        return locked(() -> connection != null && connection.isHandshakeComplete() ? applicationProtocol : null);
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return locked(() -> handshakeState != null && handshakeSession != null ? handshakeState.applicationProtocol : null);
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        lockedRun(() -> alpnSelector = selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return locked(() -> alpnSelector);
    }

    // ------------------------------------------------------------------------------------------ parameters

    @Override
    public String[] getSupportedCipherSuites() {
        return EngineConfig.supportedCipherSuites(ctx);
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return locked(() -> params.getCipherSuites());
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        String[] checked = EngineConfig.checkCipherSuites(suites);
        lock.lock();
        try {
            params.setCipherSuites(checked);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String[] getSupportedProtocols() {
        return EngineConfig.supportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return locked(() -> params.getProtocols());
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        String[] checked = EngineConfig.checkProtocols(protocols);
        lock.lock();
        try {
            params.setProtocols(checked);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setUseClientMode(boolean mode) {
        lock.lock();
        try {
            if (connection != null) {
                throw new IllegalArgumentException("cannot change the client/server mode after the handshake began");
            }
            if (!modeSet || clientMode != mode) {
                params.setCipherSuites(names(mode ? ctx.defaultClientSuites() : ctx.defaultServerSuites()));
                params.setProtocols((mode ? ctx.defaultProtocols() : ctx.defaultServerProtocols()).toArray(new String[0]));
            }
            modeSet = true;
            clientMode = mode;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean getUseClientMode() {
        return locked(() -> clientMode);
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        lockedRun(() -> params.setNeedClientAuth(need));
    }

    @Override
    public boolean getNeedClientAuth() {
        return locked(() -> params.getNeedClientAuth());
    }

    @Override
    public void setWantClientAuth(boolean want) {
        lockedRun(() -> params.setWantClientAuth(want));
    }

    @Override
    public boolean getWantClientAuth() {
        return locked(() -> params.getWantClientAuth());
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        // Every handshake creates a session until resumption lands; the flag is kept for the API's sake.
        lock.lock();
        try {
            enableSessionCreation = flag;
        } finally {
            lock.unlock();
        }
    }

    private boolean enableSessionCreation = true;

    @Override
    public boolean getEnableSessionCreation() {
        return locked(() -> enableSessionCreation);
    }

    @Override
    public SSLParameters getSSLParameters() {
        return locked(() -> Parameters.copy(effectiveParameters()));
    }

    @Override
    public void setSSLParameters(SSLParameters p) {
        if (p == null) {
            throw new IllegalArgumentException("parameters must not be null");
        }
        String[] suites = p.getCipherSuites() == null ? null : EngineConfig.checkCipherSuites(p.getCipherSuites());
        String[] protocols = p.getProtocols() == null ? null : EngineConfig.checkProtocols(p.getProtocols());
        lock.lock();
        try {
            if (p.getServerNames() != null) {
                serverNamesSet = true;
            }
            Parameters.apply(p, params, suites, protocols);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The parameters with the SNI name derived from the peer host when the application set none. SunJSSE
     * reports it in either mode; only a client sends it.
     */
    private SSLParameters effectiveParameters() {
        SSLParameters p = Parameters.copy(params);
        if (!serverNamesSet) {
            p.setServerNames(EngineConfig.sniFromHost(getPeerHost()));
        }
        return p;
    }

    /**
     * What the connection asks of the engine, one object for all of it (an idle connection keeps it for a
     * renegotiation): the key and trust managers, given this engine as their extended JSSE interfaces expect; the
     * session cache as the handshake sees it; and the policy for a renegotiation, built from the parameters as they
     * are when it starts (e.g. setNeedClientAuth(true) first), or null to keep the first handshake's.
     */
    private final class Services implements Authenticator, SessionCache, Supplier<TlsConfig> {
        @Override
        public TlsConfig get() {
            try {
                return buildConfig();
            } catch (SSLException e) {
                return null; // keep the first handshake's policy
            }
        }

        @Override
        public SessionState find(byte[] sessionId) {
            ClaspSSLSession s = sessionContext().lookUp(sessionId);
            return s == null ? null : s.state();
        }

        @Override
        public SessionState findForPeer(String host, int port) {
            ClaspSSLSession s = sessionContext().lookUpPeer(host, port);
            return s == null ? null : s.state();
        }

        @Override
        public TicketSealer ticketSealer() {
            return clientMode ? null : ctx.serverSessions().ticketSealer();
        }

        @Override
        public boolean isInvalidated(byte[] sessionId) {
            return !clientMode && ctx.serverSessions().isInvalidated(sessionId);
        }

        @Override
        public boolean offerTickets() {
            return clientMode && ctx.clientSessions().ticketsEnabled();
        }

        @Override
        public List<dev.clasp.suite.SignatureScheme> share(List<dev.clasp.suite.SignatureScheme> schemes) {
            return ctx.interner().share(schemes);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (owner != null) {
                ctx.trustManager().checkServerTrusted(chain, authType, owner);
            } else {
                ctx.trustManager().checkServerTrusted(chain, authType, ClaspSSLEngine.this);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (owner != null) {
                ctx.trustManager().checkClientTrusted(chain, authType, owner);
            } else {
                ctx.trustManager().checkClientTrusted(chain, authType, ClaspSSLEngine.this);
            }
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers) {
            return owner != null ? ctx.keyManager().chooseServerAlias(keyType, issuers, owner)
                    : ctx.keyManager().chooseEngineServerAlias(keyType, issuers, ClaspSSLEngine.this);
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers) {
            return owner != null ? ctx.keyManager().chooseClientAlias(keyTypes, issuers, owner)
                    : ctx.keyManager().chooseEngineClientAlias(keyTypes, issuers, ClaspSSLEngine.this);
        }

        @Override
        public X509Certificate[] acceptedIssuers() {
            X509Certificate[] issuers = ctx.trustManager().getAcceptedIssuers();
            return issuers == null ? new X509Certificate[0] : issuers;
        }
    }
}
