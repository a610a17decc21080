package dev.clasp.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import javax.net.ssl.HandshakeCompletedEvent;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * Clasp's {@link SSLSocket}: drives a {@link ClaspSSLEngine} over a plain TCP socket's streams and has no TLS
 * logic of its own. The transport is either a socket this class connects itself or one the application
 * layered it over. One reader and one writer may work at the same time; the handshake runs under its own lock.
 */
public final class ClaspSSLSocket extends SSLSocket {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** First capacity of the read buffers (network and application); they grow when a record needs more. */
    static final int INITIAL_BUFFER = 4096;
    /** Unread application data kept while a renegotiation runs on {@link #startHandshake()}, at most. */
    static final int MAX_RENEGOTIATION_BUFFER = 1 << 20;

    private final Socket base;
    private final boolean layered;
    private final boolean autoClose;
    private final ClaspSSLEngine engine;
    private final ReentrantLock handshakeLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final List<HandshakeCompletedListener> listeners = new CopyOnWriteArrayList<>();
    private final AppInputStream appInput = new AppInputStream();
    private final AppOutputStream appOutput = new AppOutputStream();

    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private volatile boolean closed;
    private volatile boolean inputShut;
    private volatile boolean outputShut;
    private volatile boolean eof;
    /** How many completed handshakes the listeners have heard of (each renegotiation fires them again). */
    private int listenersNotified;

    /** An unconnected client socket, or one this class connects ({@code host} may be null). */
    ClaspSSLSocket(EngineContext ctx, String host, int port) {
        this(ctx, new Socket(), false, true, host, port, true);
    }

    /** A socket over an existing transport. */
    ClaspSSLSocket(EngineContext ctx, Socket base, boolean layered, boolean autoClose, String host, int port,
            boolean clientMode) {
        this.base = base;
        this.layered = layered;
        this.autoClose = autoClose;
        this.engine = new ClaspSSLEngine(ctx, host, port, this);
        engine.setUseClientMode(clientMode);
        // The read buffers start small and grow to what records need (at most the engine's packet and application
        // sizes, 18 and 16 KB): a socket that handshakes and exchanges short messages never needs the 34 KB that
        // full-size ones would hold for its whole life. The engine asks for room for its largest record before any
        // wrap (as SunJSSE's does), so the write buffer has the packet size from the start.
        netIn = ByteBuffer.allocate(INITIAL_BUFFER);
        netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        appIn = ByteBuffer.allocate(INITIAL_BUFFER);
        appIn.flip();
    }

    /** Bytes an SSLServerSocketFactory caller already read from the transport (a peeked ClientHello). */
    void preload(byte[] consumed) {
        if (consumed.length > netIn.capacity()) {
            netIn = ByteBuffer.allocate(consumed.length + netIn.capacity());
        }
        netIn.put(consumed);
    }

    // ------------------------------------------------------------------------------------------- connect

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (layered) {
            throw new SocketException("a layered socket is already connected");
        }
        if (!(endpoint instanceof InetSocketAddress isa)) {
            throw new IllegalArgumentException("unsupported address type: " + endpoint);
        }
        base.connect(endpoint, timeout);
        engine.setPeer(isa.getHostString(), isa.getPort());
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        base.bind(bindpoint);
    }

    // ----------------------------------------------------------------------------------------- handshake

    @Override
    public void startHandshake() throws IOException {
        checkConnected();
        handshakeLock.lock();
        try {
            if (engine.isHandshakeComplete()) {
                engine.beginHandshake();   // RFC 5746 renegotiation (the engine refuses it without secure renegotiation)
                runRenegotiation();
                notifyListeners();
                return;
            }
            engine.beginHandshake();
            runHandshake();
        } finally {
            handshakeLock.unlock();
        }
        notifyListeners();
    }

    /** The implicit handshake of the first read, write or getSession; concurrent callers wait for one run. */
    private void ensureHandshake() throws IOException {
        if (engine.isHandshakeComplete()) {
            return;
        }
        checkConnected();
        handshakeLock.lock();
        try {
            if (engine.isHandshakeComplete()) {
                return;
            }
            engine.beginHandshake();
            runHandshake();
        } finally {
            handshakeLock.unlock();
        }
        notifyListeners();
    }

    /** Wraps, unwraps and runs tasks until the engine stops handshaking. */
    private void runHandshake() throws IOException {
        try {
            for (int i = 0; i < 100_000; i++) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                switch (hs) {
                    case NEED_TASK -> runTasks();
                    case NEED_WRAP -> wrapHandshake();
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        readLock.lock();
                        try {
                            if (appIn.hasRemaining()) {
                                throw new SSLException("application data received during the handshake");
                            }
                            appIn.clear();
                            SSLEngineResult r = unwrapRecord();
                            appIn.flip();
                            if (r.getStatus() == Status.CLOSED && !engine.isHandshakeComplete()) {
                                sendPending();
                                throw new SSLHandshakeException("the peer closed the connection during the handshake");
                            }
                        } finally {
                            readLock.unlock();
                        }
                    }
                    default -> {
                        if (engine.isHandshakeComplete()) {
                            return;
                        }
                        throw new SSLHandshakeException("the handshake stopped before completing");
                    }
                }
            }
            throw new SSLHandshakeException("the handshake did not complete");
        } catch (SSLException e) {
            failed(e);
            throw e;
        }
    }

    /**
     * Drives a renegotiation to its end. Application data that arrives meanwhile (records of the old keys, or
     * of the new ones after the peer's Finished) is kept for the next read.
     */
    private void runRenegotiation() throws IOException {
        try {
            for (int i = 0; i < 100_000 && engine.isRenegotiating(); i++) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK -> runTasks();
                    case NEED_WRAP -> wrapHandshake();
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        readLock.lock();
                        try {
                            if (appIn.remaining() > MAX_RENEGOTIATION_BUFFER) {
                                // A peer that streams data and never answers the handshake would otherwise
                                // have us buffer without bound (issue 6 "Limits").
                                engine.closeOutbound();
                                throw new SSLException("more than " + MAX_RENEGOTIATION_BUFFER + " bytes of "
                                        + "application data arrived unread while renegotiating; the peer does not "
                                        + "complete the handshake");
                            }
                            if (appIn.hasRemaining()) {
                                ByteBuffer bigger = ByteBuffer.allocate(appIn.remaining()
                                        + engine.getSession().getApplicationBufferSize());
                                bigger.put(appIn);
                                appIn = bigger;
                            } else {
                                appIn.clear();
                            }
                            SSLEngineResult r;
                            try {
                                r = unwrapRecord();
                            } finally {
                                appIn.flip();
                            }
                            if (r.getStatus() == Status.CLOSED) {
                                throw new SSLHandshakeException("the peer closed the connection during renegotiation");
                            }
                        } finally {
                            readLock.unlock();
                        }
                    }
                    default -> {
                        return;
                    }
                }
            }
        } catch (SSLException e) {
            failed(e);
            throw e;
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** After a fatal error: send the alert the engine queued (best effort) and close the transport. */
    private void failed(IOException e) {
        try {
            writeLock.tryLock(1, TimeUnit.SECONDS);
            try {
                if (writeLock.isHeldByCurrentThread()) {
                    sendPending();
                }
            } finally {
                if (writeLock.isHeldByCurrentThread()) {
                    writeLock.unlock();
                }
            }
        } catch (IOException | InterruptedException | RuntimeException ignored) {
            // the alert is a courtesy; the exception the caller sees is what matters
        }
        closeTransport();
    }

    private void notifyListeners() {
        if (listeners.isEmpty()) {
            return;
        }
        synchronized (this) {
            int done = engine.handshakesCompleted();
            if (listenersNotified >= done) {
                return;
            }
            listenersNotified = done;
        }
        HandshakeCompletedEvent event = new HandshakeCompletedEvent(this, engine.getSession());
        List<HandshakeCompletedListener> snapshot = List.copyOf(listeners);
        // As SunJSSE: listeners run on their own thread so they cannot block the connection.
        Thread t = new Thread(() -> snapshot.forEach(l -> l.handshakeCompleted(event)),
                "Clasp-HandshakeCompleted");
        t.setDaemon(true);
        t.start();
    }

    // ---------------------------------------------------------------------------------------------- I/O

    /** Wraps {@code src} (or queued handshake/alert records) and writes the records; caller holds writeLock. */
    private SSLEngineResult wrapAndSend(ByteBuffer src) throws IOException {
        for (int i = 0; i < 64; i++) {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(grown(netOut.capacity(), engine.getSession().getPacketBufferSize()));
                continue;
            }
            netOut.flip();
            if (netOut.hasRemaining()) {
                base.getOutputStream().write(netOut.array(), 0, netOut.limit());
                base.getOutputStream().flush();
            }
            return r;
        }
        throw new SSLException("cannot wrap: destination buffer keeps overflowing");
    }

    /** One handshake wrap under the write lock, for the handshake and renegotiation loops. */
    private void wrapHandshake() throws IOException {
        writeLock.lock();
        try {
            wrapAndSend(EMPTY);
        } finally {
            writeLock.unlock();
        }
    }

    /** Sends whatever the engine has queued (alerts, close_notify, handshake records). */
    private void sendPending() throws IOException {
        for (int i = 0; i < 16 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
            SSLEngineResult r = wrapAndSend(EMPTY);
            if (r.bytesProduced() == 0) {
                break;
            }
        }
    }

    /**
     * Reads from the transport until the engine has consumed one record into {@link #appIn} (in write mode; it
     * may be replaced by a bigger one holding what it held); caller holds readLock. EOF without close_notify: during the handshake an SSLHandshakeException, after it
     * a normal end of stream (as SunJSSE without com.sun.net.ssl.requireCloseNotify).
     */
    private SSLEngineResult unwrapRecord() throws IOException {
        for (int i = 0; i < 1_000_000; i++) {
            netIn.flip();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
            }
            switch (r.getStatus()) {
                case OK, CLOSED -> {
                    return r;
                }
                case BUFFER_OVERFLOW -> {
                    int appSize = engine.getSession().getApplicationBufferSize();
                    if (appIn.capacity() - appIn.position() >= appSize) {
                        throw new SSLException("application buffer too small for a record");
                    }
                    ByteBuffer bigger = ByteBuffer.allocate(Math.max(grown(appIn.capacity(), appSize),
                            appIn.position() + appSize));
                    appIn.flip();
                    bigger.put(appIn);
                    appIn = bigger;
                }
                case BUFFER_UNDERFLOW -> {
                    if (!netIn.hasRemaining()) {
                        // Full, and the record at its start is longer: room for that record at least (the engine
                        // refuses a header announcing more than a record may hold before asking for its body).
                        int needed = netIn.position() >= 5
                                ? 5 + ((netIn.get(3) & 0xff) << 8 | (netIn.get(4) & 0xff)) : 0;
                        ByteBuffer bigger = ByteBuffer.allocate(Math.max(needed,
                                grown(netIn.capacity(), engine.getSession().getPacketBufferSize())));
                        netIn.flip();
                        bigger.put(netIn);
                        netIn = bigger;
                    }
                    int n = base.getInputStream().read(netIn.array(), netIn.position(), netIn.remaining());
                    if (n < 0) {
                        eof = true;
                        if (!engine.isHandshakeComplete()) {
                            throw new SSLHandshakeException("Remote host terminated the handshake");
                        }
                        return new SSLEngineResult(Status.CLOSED, engine.getHandshakeStatus(), 0, 0);
                    }
                    netIn.position(netIn.position() + n);
                }
                default -> throw new IllegalStateException(r.toString());
            }
        }
        throw new SSLException("no record after many reads");
    }

    /** The next capacity of a buffer that was too small: the engine's full size first, then doubling. */
    private static int grown(int capacity, int fullSize) {
        return capacity < fullSize ? fullSize : capacity * 2;
    }

    private int read(byte[] b, int off, int len) throws IOException {
        if (b == null) {
            throw new NullPointerException("buffer");
        }
        if (off < 0 || len < 0 || len > b.length - off) {
            throw new IndexOutOfBoundsException();
        }
        checkConnected();
        if (inputShut) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        ensureHandshake();
        readLock.lock();
        try {
            for (int i = 0; i < 1_000_000; i++) {
                if (appIn.hasRemaining()) {
                    int n = Math.min(len, appIn.remaining());
                    appIn.get(b, off, n);
                    return n;
                }
                if (eof || engine.isInboundDone() || inputShut) {
                    return -1;
                }
                appIn.clear();
                SSLEngineResult r;
                try {
                    r = unwrapRecord();
                } finally {
                    appIn.flip();
                }
                if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    runTasks();          // a renegotiation the peer started (RFC 5746)
                }
                if (r.getHandshakeStatus() == HandshakeStatus.NEED_WRAP
                        || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    writeLock.lock();
                    try {
                        sendPending();   // close_notify reply, no_renegotiation warning, renegotiation flight
                    } finally {
                        writeLock.unlock();
                    }
                }
                notifyListeners();       // when a renegotiation completed while reading
                if (r.getStatus() == Status.CLOSED && !appIn.hasRemaining()) {
                    return -1;
                }
            }
            throw new SSLException("no application data after many records");
        } catch (SSLException e) {
            failed(e);
            throw e;
        } finally {
            readLock.unlock();
        }
    }

    private void write(byte[] b, int off, int len) throws IOException {
        if (b == null) {
            throw new NullPointerException("buffer");
        }
        if (off < 0 || len < 0 || len > b.length - off) {
            throw new IndexOutOfBoundsException();
        }
        checkConnected();
        if (outputShut) {
            throw new SocketException("Socket output is shutdown");
        }
        if (len == 0) {
            return;
        }
        ensureHandshake();
        writeLock.lock();
        try {
            ByteBuffer src = ByteBuffer.wrap(b, off, len);
            for (int i = 0; src.hasRemaining(); i++) {
                SSLEngineResult r = wrapAndSend(src);
                if (r.getStatus() == Status.CLOSED) {
                    throw new SocketException("connection closed");
                }
                if (i > 1_000_000) {
                    throw new SSLException("cannot write application data");
                }
            }
        } catch (SSLException e) {
            failed(e);
            throw e;
        } finally {
            writeLock.unlock();
        }
    }

    private void checkConnected() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        if (!base.isConnected()) {
            throw new SocketException("Socket is not connected");
        }
    }

    /** The application's view of the TLS stream. */
    private final class AppInputStream extends InputStream {
        private final byte[] one = new byte[1];

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return ClaspSSLSocket.this.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            if (closed) {
                throw new SocketException("Socket is closed");
            }
            if (!readLock.tryLock()) {
                return 0;
            }
            try {
                return appIn.remaining();
            } finally {
                readLock.unlock();
            }
        }

        @Override
        public void close() throws IOException {
            ClaspSSLSocket.this.close();
        }
    }

    private final class AppOutputStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            ClaspSSLSocket.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ClaspSSLSocket.this.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            ClaspSSLSocket.this.close();
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        checkConnected();
        if (inputShut) {
            throw new SocketException("Socket input is shutdown");
        }
        return appInput;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        checkConnected();
        if (outputShut) {
            throw new SocketException("Socket output is shutdown");
        }
        return appOutput;
    }

    // ------------------------------------------------------------------------------------------- closing

    /** Sends close_notify (when a handshake began) and closes the transport unless layered without autoClose. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (base.isConnected() && !engine.isOutboundDone()) {
                engine.closeOutbound();
                if (writeLock.tryLock(1, TimeUnit.SECONDS)) {
                    try {
                        sendPending();
                    } finally {
                        writeLock.unlock();
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // the peer may be gone already; closing goes on
        } finally {
            closeTransport();
        }
    }

    private void closeTransport() {
        if (!layered || autoClose) {
            try {
                base.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed || base.isClosed();
    }

    /**
     * As SunJSSE: shuts the transport's input, then reports a possible truncation (SSLException) when the
     * handshake began and the peer's close_notify was not received. A second call does nothing.
     */
    @Override
    public void shutdownInput() throws IOException {
        if (inputShut) {
            return;
        }
        inputShut = true;
        try {
            if (!layered || autoClose) {
                base.shutdownInput();
            }
        } finally {
            engine.closeInbound();
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (outputShut) {
            throw new SocketException("Socket output is already shutdown");
        }
        if (base.isConnected() && !engine.isOutboundDone()) {
            engine.closeOutbound();
            writeLock.lock();
            try {
                sendPending();
            } finally {
                writeLock.unlock();
            }
        }
        outputShut = true;
        if (!layered || autoClose) {
            base.shutdownOutput();
        }
    }

    @Override
    public boolean isInputShutdown() {
        return inputShut || base.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShut || base.isOutputShutdown();
    }

    // ------------------------------------------------------------------------------------------ sessions

    @Override
    public SSLSession getSession() {
        try {
            if (!closed && base.isConnected()) {
                ensureHandshake();
            }
        } catch (IOException e) {
            // SunJSSE: a failed handshake leaves the null session, the exception is not thrown here
        }
        return engine.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return engine.getHandshakeSession();
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener is null");
        }
        listeners.add(listener);
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener is null");
        }
        if (!listeners.remove(listener)) {
            throw new IllegalArgumentException("listener not registered");
        }
    }

    // ------------------------------------------------------------------------------- parameters (engine)

    @Override
    public String[] getSupportedCipherSuites() {
        return engine.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return engine.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        engine.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return engine.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return engine.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        engine.setEnabledProtocols(protocols);
    }

    @Override
    public void setUseClientMode(boolean mode) {
        engine.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return engine.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        engine.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return engine.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        engine.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return engine.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        engine.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return engine.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return engine.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        engine.setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
        return engine.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return engine.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, List<String>, String> selector) {
        handshakeSelector = selector;
        engine.setHandshakeApplicationProtocolSelector(
                selector == null ? null : (e, offered) -> selector.apply(this, offered));
    }

    private volatile BiFunction<SSLSocket, List<String>, String> handshakeSelector;

    @Override
    public BiFunction<SSLSocket, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return handshakeSelector;
    }

    SSLEngine engine() {
        return engine;
    }

    // ------------------------------------------------------------------------ java.net.Socket, delegated

    @Override
    public InetAddress getInetAddress() {
        return base.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return base.getLocalAddress();
    }

    @Override
    public int getPort() {
        return base.getPort();
    }

    @Override
    public int getLocalPort() {
        return base.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return base.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return base.getLocalSocketAddress();
    }

    @Override
    public SocketChannel getChannel() {
        return null;
    }

    @Override
    public boolean isConnected() {
        return base.isConnected();
    }

    @Override
    public boolean isBound() {
        return base.isBound();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        base.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return base.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        base.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return base.getSoLinger();
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        throw new SocketException("urgent data is not supported on a TLS socket");
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        throw new SocketException("OOB data is not supported on a TLS socket");
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        return false;
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        base.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return base.getSoTimeout();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        base.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return base.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        base.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return base.getReceiveBufferSize();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        base.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return base.getKeepAlive();
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        base.setTrafficClass(tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return base.getTrafficClass();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        base.setReuseAddress(on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return base.getReuseAddress();
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        base.setPerformancePreferences(connectionTime, latency, bandwidth);
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        base.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return base.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return base.supportedOptions();
    }

    @Override
    public String toString() {
        return "ClaspSSLSocket[" + engine.getPeerHost() + ":" + engine.getPeerPort() + ", " + engine.getSession() + "]";
    }
}
