package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clasp.it.TestPki;
import dev.clasp.it.TestPki.Peer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * Shared helpers for the JSSE contract tests: the same assertion runs against a Clasp engine pair and a SunJSSE
 * engine pair (the reference), and an in-memory driver that records every call's result together with how far
 * the caller's buffers actually moved, so byte accounting can be checked on every step.
 */
final class Contract {
    /** The implementation under test; SunJSSE is the reference behaviour. */
    enum Impl {
        CLASP(Peer.CLASP), SUNJSSE(Peer.SUNJSSE);

        final Peer peer;

        Impl(Peer peer) {
            this.peer = peer;
        }
    }

    static final String SERVER_KEYS = "server-ec256.p12";

    private Contract() {
    }

    static SSLContext context(Impl impl, String keyStore) throws Exception {
        return TestPki.context(impl.peer, keyStore);
    }

    static SSLContext context(Impl impl, String keyStore, String trustStore) throws Exception {
        return TestPki.context(impl.peer, keyStore, trustStore);
    }

    static SSLEngine client(SSLContext ctx) {
        SSLEngine e = ctx.createSSLEngine("localhost", 443);
        e.setUseClientMode(true);
        return e;
    }

    static SSLEngine server(SSLContext ctx) {
        SSLEngine e = ctx.createSSLEngine();
        e.setUseClientMode(false);
        return e;
    }

    /** A client and a server engine of the same implementation, TLS 1.2 only. */
    static Pair pair(Impl impl) throws Exception {
        return new Pair(client(context(impl, null)), server(context(impl, SERVER_KEYS)));
    }

    static Pair pair(Impl clientImpl, Impl serverImpl) throws Exception {
        return new Pair(client(context(clientImpl, null)), server(context(serverImpl, SERVER_KEYS)));
    }

    /** One recorded call. */
    record Call(boolean client, boolean wrap, SSLEngineResult result) {
        @Override
        public String toString() {
            return (client ? "client " : "server ") + (wrap ? "wrap " : "unwrap ") + result.getStatus() + "/"
                    + result.getHandshakeStatus() + " " + result.bytesConsumed() + "/" + result.bytesProduced();
        }
    }

    /** Two engines in memory with network buffers in both directions and a log of every call. */
    static final class Pair {
        final SSLEngine client;
        final SSLEngine server;
        final ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
        final ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        final ByteBuffer clientApp = ByteBuffer.allocate(1 << 17);
        final ByteBuffer serverApp = ByteBuffer.allocate(1 << 17);
        final List<Call> calls = new ArrayList<>();
        /** Delegated tasks run so far (inline, as soon as NEED_TASK shows). */
        int tasksRun;

        Pair(SSLEngine client, SSLEngine server) {
            this.client = client;
            this.server = server;
        }

        SSLEngineResult wrap(boolean isClient, ByteBuffer src) throws SSLException {
            SSLEngine e = isClient ? client : server;
            ByteBuffer dst = isClient ? toServer : toClient;
            int s0 = src.position();
            int d0 = dst.position();
            SSLEngineResult r = e.wrap(src, dst);
            assertEquals(src.position() - s0, r.bytesConsumed(), "wrap bytesConsumed vs src: " + r);
            assertEquals(dst.position() - d0, r.bytesProduced(), "wrap bytesProduced vs dst: " + r);
            calls.add(new Call(isClient, true, r));
            return r;
        }

        SSLEngineResult unwrap(boolean isClient) throws SSLException {
            SSLEngine e = isClient ? client : server;
            ByteBuffer src = isClient ? toClient : toServer;
            ByteBuffer dst = isClient ? clientApp : serverApp;
            src.flip();
            try {
                int s0 = src.position();
                int d0 = dst.position();
                SSLEngineResult r = e.unwrap(src, dst);
                assertEquals(src.position() - s0, r.bytesConsumed(), "unwrap bytesConsumed vs src: " + r);
                assertEquals(dst.position() - d0, r.bytesProduced(), "unwrap bytesProduced vs dst: " + r);
                calls.add(new Call(isClient, false, r));
                return r;
            } finally {
                src.compact();
            }
        }

        void runTasks(SSLEngine e) {
            Runnable t;
            int n = 0;
            while ((t = e.getDelegatedTask()) != null) {
                t.run();
                tasksRun++;
                if (++n > 100) {
                    throw new IllegalStateException("endless delegated tasks");
                }
            }
        }

        /** Drives one side as far as it can go right now; true when it made progress. */
        boolean step(boolean isClient) throws SSLException {
            SSLEngine e = isClient ? client : server;
            ByteBuffer in = isClient ? toClient : toServer;
            boolean progress = false;
            for (int i = 0; i < 50; i++) {
                HandshakeStatus hs = e.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    runTasks(e);
                    progress = true;
                } else if (hs == HandshakeStatus.NEED_WRAP) {
                    SSLEngineResult r = wrap(isClient, ByteBuffer.allocate(0));
                    if (r.getStatus() != Status.OK) {
                        return progress;
                    }
                    progress = true;
                } else if ((hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NOT_HANDSHAKING)
                        && in.position() > 0) {
                    SSLEngineResult r = unwrap(isClient);
                    if (r.getStatus() != Status.OK || r.bytesConsumed() == 0) {
                        return progress;
                    }
                    progress = true;
                } else {
                    return progress;
                }
            }
            return progress;
        }

        /** Full handshake, started by the client's first wrap (no beginHandshake). */
        void handshake() throws SSLException {
            wrap(true, ByteBuffer.allocate(0));
            for (int i = 0; i < 200; i++) {
                boolean p = step(false);
                p |= step(true);
                if (done(client) && done(server) && toServer.position() == 0 && toClient.position() == 0) {
                    return;
                }
                if (!p) {
                    throw new IllegalStateException("stalled: client " + client.getHandshakeStatus() + ", server "
                            + server.getHandshakeStatus() + ", calls " + calls);
                }
            }
            throw new IllegalStateException("handshake did not finish: " + calls);
        }

        List<Call> calls(boolean isClient) {
            return calls.stream().filter(c -> c.client() == isClient).toList();
        }
    }

    static boolean done(SSLEngine e) {
        HandshakeStatus hs = e.getHandshakeStatus();
        return hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED;
    }

    /** Wraps {@code data} fully on {@code from}; returns the network bytes. */
    static ByteBuffer wrapAll(SSLEngine from, byte[] data) throws SSLException {
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteBuffer net = ByteBuffer.allocate(data.length + 64 * 1024);
        for (int i = 0; i < 1000 && src.hasRemaining(); i++) {
            SSLEngineResult r = from.wrap(src, net);
            assertEquals(Status.OK, r.getStatus(), r.toString());
        }
        net.flip();
        return net;
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
