package dev.clasp.it.nativepeer;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * Test-only driver of an {@link SSLEngine} over a blocking {@link Socket} (there is no Clasp SSLSocket yet).
 * Every blocking read is bounded by the socket's SO_TIMEOUT and every loop by one overall deadline, so a
 * silent peer fails the test instead of hanging it. Delegated tasks run inline. Single-threaded use only.
 */
final class EngineChannel implements Closeable {
    private final SSLEngine engine;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final long deadline;
    private ByteBuffer netIn;       // write mode: bytes read from the socket, not yet unwrapped
    private ByteBuffer netOut;      // scratch for wrap
    private ByteBuffer appIn;       // write mode: decrypted bytes not yet returned by read()
    /** The peer's close_notify arrived (the engine's inbound side is done). */
    private boolean peerClosed;
    /** The TCP stream ended; with {@code !peerClosed} that is a truncation. */
    private boolean tcpEof;

    EngineChannel(SSLEngine engine, Socket socket, Duration timeout) throws IOException {
        this.engine = engine;
        this.socket = socket;
        this.deadline = System.nanoTime() + timeout.toNanos();
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        int packet = engine.getSession().getPacketBufferSize();
        int app = engine.getSession().getApplicationBufferSize();
        netIn = ByteBuffer.allocate(packet * 2);
        netOut = ByteBuffer.allocate(packet * 2);
        appIn = ByteBuffer.allocate(app * 2);
    }

    SSLEngine engine() {
        return engine;
    }

    boolean peerClosed() {
        return peerClosed;
    }

    boolean tcpEof() {
        return tcpEof;
    }

    /** Runs the handshake to completion; application data that arrives with it stays buffered for read(). */
    void handshake() throws IOException {
        engine.beginHandshake();
        while (true) {
            checkDeadline("handshake");
            HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    SSLEngineResult r = wrapAndFlush(ByteBuffer.allocate(0));
                    if (r.getStatus() == Status.CLOSED && engine.isOutboundDone()) {
                        throw new SSLException("engine closed during handshake: " + r);
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrapOnce()) {
                        throw new EOFException("peer closed the connection during the handshake (close_notify="
                                + peerClosed + ", tcpEof=" + tcpEof + ")");
                    }
                }
                case FINISHED, NOT_HANDSHAKING -> {
                    return;
                }
                default -> throw new IllegalStateException("unexpected handshake status " + hs);
            }
        }
    }

    /** Encrypts and sends all of {@code data} (as many records as it takes). */
    void write(byte[] data) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(data);
        while (src.hasRemaining()) {
            checkDeadline("write");
            SSLEngineResult r = wrapAndFlush(src);
            if (r.getStatus() == Status.CLOSED) {
                throw new SSLException("engine closed while writing: " + r);
            }
        }
    }

    /** Reads until {@code n} application bytes arrived or the stream ended (close_notify or TCP EOF). */
    byte[] read(int n) throws IOException {
        while (appIn.position() < n) {
            checkDeadline("read " + n + " bytes (have " + appIn.position() + ")");
            if (!unwrapOnce()) {
                break;
            }
        }
        appIn.flip();
        byte[] got = new byte[Math.min(n, appIn.remaining())];
        appIn.get(got);
        appIn.compact();
        return got;
    }

    /** Reads everything up to the end of the stream (the peer's close_notify, or TCP EOF). */
    byte[] readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk;
        while ((chunk = read(Integer.MAX_VALUE)).length > 0) {
            all.write(chunk);
        }
        return all.toByteArray();
    }

    /**
     * Sends close_notify; with {@code awaitPeer}, then reads (and discards) until the peer's close_notify or
     * EOF, bounded by the deadline. Returns whether the peer's close_notify was seen. Closes the socket.
     */
    boolean closeGracefully(boolean awaitPeer) throws IOException {
        try {
            engine.closeOutbound();
            while (!engine.isOutboundDone()) {
                checkDeadline("close");
                SSLEngineResult r = wrapAndFlush(ByteBuffer.allocate(0));
                if (r.bytesProduced() == 0 && r.getStatus() == Status.CLOSED) {
                    break;
                }
            }
            if (awaitPeer) {
                while (!peerClosed && !tcpEof) {
                    checkDeadline("await close_notify");
                    if (!unwrapOnce()) {
                        break;
                    }
                }
            }
            return peerClosed;
        } finally {
            socket.close();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ------------------------------------------------------------------------------------------- internals

    private SSLEngineResult wrapAndFlush(ByteBuffer src) throws IOException {
        while (true) {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(netOut.capacity() * 2);
                continue;
            }
            netOut.flip();
            if (netOut.hasRemaining()) {
                out.write(netOut.array(), 0, netOut.limit());
                out.flush();
            }
            if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            return r;
        }
    }

    /**
     * One step of input: unwraps a buffered record, or reads more from the socket when none is complete.
     * Answers what the engine asks for afterwards (tasks, a wrap such as the close_notify reply). Returns false
     * at the end of the stream (close_notify received, or TCP EOF).
     */
    private boolean unwrapOnce() throws IOException {
        if (peerClosed || engine.isInboundDone()) {
            peerClosed = true;
            return false;
        }
        netIn.flip();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                if (!netIn.hasRemaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() * 2);
                    netIn.flip();
                    bigger.put(netIn);
                    netIn = bigger;
                }
                return fill();
            }
            case BUFFER_OVERFLOW -> {
                ByteBuffer bigger = ByteBuffer.allocate(appIn.capacity() * 2 + engine.getSession().getApplicationBufferSize());
                appIn.flip();
                bigger.put(appIn);
                appIn = bigger;
                return true;
            }
            case CLOSED -> {
                peerClosed = true;
                if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && !engine.isOutboundDone()) {
                    wrapAndFlush(ByteBuffer.allocate(0)); // our close_notify in reply
                }
                return false;
            }
            default -> {
                HandshakeStatus hs = r.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    runTasks();
                }
                return true;
            }
        }
    }

    /** Reads at least one byte from the socket into netIn; false (and tcpEof) at the end of the stream. */
    private boolean fill() throws IOException {
        int n;
        try {
            n = in.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no data from the peer within the timeout (engine "
                    + engine.getHandshakeStatus() + ")");
        }
        if (n < 0) {
            tcpEof = true;
            return false;
        }
        netIn.position(netIn.position() + n);
        return true;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private void checkDeadline(String what) throws SocketTimeoutException {
        if (System.nanoTime() - deadline > 0) {
            throw new SocketTimeoutException("deadline passed during " + what);
        }
    }
}
