package dev.clasp.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * An echo server on one thread: a Selector over non-blocking SocketChannels, one server-mode SSLEngine per
 * connection. The engine loop handles NEED_TASK (run inline), BUFFER_OVERFLOW (grow the destination),
 * BUFFER_UNDERFLOW (read more, growing the network buffer if it is full), partial channel writes (keep
 * OP_WRITE until flushed, stop reading meanwhile) and close_notify (answer it, flush, close).
 */
final class NioEchoServer implements AutoCloseable {
    private final SSLContext ctx;
    private final Consumer<SSLEngine> created;
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private static final class Conn {
        final SocketChannel ch;
        final SSLEngine engine;
        ByteBuffer netIn;
        ByteBuffer app; // plaintext to echo, write mode
        ByteBuffer netOut; // read mode: bytes not yet written to the channel

        Conn(SocketChannel ch, SSLEngine engine) {
            this.ch = ch;
            this.engine = engine;
            netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
            netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()).flip();
        }
    }

    NioEchoServer(SSLContext ctx, Consumer<SSLEngine> created) throws IOException {
        this.ctx = ctx;
        this.created = created;
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::run, "soak-nio");
        thread.start();
    }

    int port() {
        return listener.socket().getLocalPort();
    }

    Throwable failure() {
        return failure;
    }

    private void run() {
        try {
            while (running) {
                selector.select(100);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        Conn c = (Conn) key.attachment();
                        try {
                            service(key, c);
                        } catch (IOException e) {
                            // SSLException or a reset peer: this connection is over, the client reports it
                            close(key, c);
                        }
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            for (SelectionKey k : selector.keys()) {
                try {
                    k.channel().close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void accept() throws IOException {
        for (SocketChannel ch; (ch = listener.accept()) != null;) {
            ch.configureBlocking(false);
            SSLEngine e = ctx.createSSLEngine();
            e.setUseClientMode(false);
            created.accept(e);
            ch.register(selector, SelectionKey.OP_READ, new Conn(ch, e));
        }
    }

    private static void close(SelectionKey key, Conn c) {
        key.cancel();
        try {
            c.ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void service(SelectionKey key, Conn c) throws IOException {
        if (key.isReadable()) {
            int n = c.ch.read(c.netIn);
            if (n < 0) {
                try {
                    c.engine.closeInbound(); // throws: the peer closed without close_notify
                } catch (SSLException truncated) {
                    // expected for a vanished peer
                }
                close(key, c);
                return;
            }
        }
        for (int guard = 0; guard < 10_000; guard++) {
            if (!flush(key, c)) {
                return; // wait for OP_WRITE
            }
            if (c.engine.isOutboundDone()) {
                close(key, c); // close_notify sent
                return;
            }
            HandshakeStatus hs = c.engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                for (Runnable t; (t = c.engine.getDelegatedTask()) != null;) {
                    t.run();
                }
                continue;
            }
            if (hs == HandshakeStatus.NEED_WRAP || c.app.position() > 0 || c.engine.isInboundDone()) {
                if (c.engine.isInboundDone()) {
                    c.engine.closeOutbound();
                }
                c.app.flip();
                c.netOut.clear();
                SSLEngineResult r = c.engine.wrap(c.app, c.netOut);
                c.app.compact();
                c.netOut.flip();
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    c.netOut = ByteBuffer.allocate(c.netOut.capacity() * 2).flip();
                }
                if (r.bytesProduced() > 0 || r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW
                        || r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    continue;
                }
            }
            c.netIn.flip();
            if (c.app.remaining() < c.engine.getSession().getApplicationBufferSize()) {
                c.app = grow(c.app, c.engine.getSession().getApplicationBufferSize());
            }
            SSLEngineResult r = c.engine.unwrap(c.netIn, c.app);
            c.netIn.compact();
            switch (r.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    if (!c.netIn.hasRemaining()) {
                        c.netIn = grow(c.netIn, c.engine.getSession().getPacketBufferSize());
                    }
                    return; // wait for more bytes
                }
                case BUFFER_OVERFLOW -> c.app = grow(c.app, c.app.capacity());
                case CLOSED -> { } // next round answers with close_notify
                case OK -> {
                    if (r.bytesConsumed() == 0 && r.bytesProduced() == 0
                            && r.getHandshakeStatus() != HandshakeStatus.NEED_TASK
                            && r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                        return; // nothing more to do until the peer sends
                    }
                }
            }
        }
        throw new IllegalStateException("engine loop did not settle for " + c.engine);
    }

    /** Writes pending network bytes; on a partial write asks for OP_WRITE and stops reading. */
    private static boolean flush(SelectionKey key, Conn c) throws IOException {
        while (c.netOut.hasRemaining()) {
            if (c.ch.write(c.netOut) == 0) {
                key.interestOps(SelectionKey.OP_WRITE);
                return false;
            }
        }
        key.interestOps(SelectionKey.OP_READ);
        return true;
    }

    private static ByteBuffer grow(ByteBuffer b, int extra) {
        ByteBuffer bigger = ByteBuffer.allocate(b.capacity() + extra);
        b.flip();
        bigger.put(b);
        return bigger;
    }

    @Override
    public void close() throws Exception {
        running = false;
        selector.wakeup();
        thread.join(10_000);
        listener.close();
    }
}
