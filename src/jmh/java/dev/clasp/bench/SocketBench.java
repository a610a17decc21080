package dev.clasp.bench;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * SSLSocket over TCP loopback (127.0.0.1), both ends from one provider, ECDHE_ECDSA AES-128-GCM, x25519, the server
 * on its own thread. {@code handshake}: one operation = connect, full handshake, one byte back, close (the client
 * session is invalidated so the next one is full again; the setup checks it). {@code bulk}: one operation = one
 * 16 KiB write on an open connection (the server reads and discards).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = {"-Djdk.tls.server.enableSessionTicketExtension=false",
        "-Djdk.tls.client.enableSessionTicketExtension=false"})
public class SocketBench {
    static final String SUITE = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";

    /** The server and the client context. */
    @State(Scope.Thread)
    public static class Server {
        @Param({"Clasp", "SunJSSE", "BCJSSE", "Conscrypt"})
        public String provider;

        SSLContext ctx;
        LoopbackServer server;

        @Setup
        public void start() throws Exception {
            ctx = Peer.valueOf(provider).context(Peer.keyStore("EC"));
            server = new LoopbackServer(ctx, SUITE);
        }

        @TearDown
        public void stop() throws Exception {
            server.close();
        }

        byte[] connectOnce() throws Exception {
            try (SSLSocket s = server.connect(ctx, SUITE)) {
                byte[] id = s.getSession().getId();
                s.getSession().invalidate();
                return id;
            }
        }
    }

    /** One open connection and a 16 KiB block to write. */
    @State(Scope.Thread)
    public static class Connection {
        SSLSocket socket;
        OutputStream out;
        final byte[] block = new byte[16384];

        @Setup(Level.Trial)
        public void open(Server s) throws Exception {
            new Random(1).nextBytes(block);
            socket = s.server.connect(s.ctx, SUITE);
            out = socket.getOutputStream();
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            socket.close();
        }
    }

    @State(Scope.Thread)
    public static class Checked {
        @Setup(Level.Trial)
        public void check(Server s) throws Exception {
            byte[] a = s.connectOnce();
            byte[] b = s.connectOnce();
            if (a.length > 0 && Arrays.equals(a, b)) {
                throw new IllegalStateException(s.provider + " resumed an invalidated session");
            }
        }
    }

    @Benchmark
    public byte[] handshake(Server s, Checked checked) throws Exception {
        return s.connectOnce();
    }

    @Benchmark
    public int bulk(Connection c) throws Exception {
        c.out.write(c.block);
        c.out.flush();
        return c.block.length;
    }
}
