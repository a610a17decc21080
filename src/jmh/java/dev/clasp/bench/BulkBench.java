package dev.clasp.bench;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bulk application data one way over a connected in-memory engine pair of one provider: one operation is one
 * application write of {@code size} bytes (one record: 16 KiB is the largest TLS 1.2 fragment) wrapped by the
 * client and unwrapped by the server into the caller's buffer. Heap or direct buffers for the application and
 * network data alike. MiB/s = ops/s * size / 2^20 (the table does the sum).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BulkBench {
    @Param({"Clasp", "SunJSSE", "BCJSSE", "Conscrypt"})
    public String provider;

    @Param({"AES128GCM", "AES256GCM", "CHACHA20"})
    public String cipher;

    @Param({"16384", "1024"})
    public int size;

    @Param({"heap", "direct"})
    public String buffers;

    private SSLEngine client;
    private SSLEngine server;
    private Pipe pipe;
    private ByteBuffer src;
    private ByteBuffer dst;

    @Setup
    public void setup() throws Exception {
        Peer peer = Peer.valueOf(provider);
        SSLContext ctx = peer.context(Peer.keyStore("EC"));
        String suite = Peer.bulkSuite(cipher);
        boolean direct = buffers.equals("direct");
        pipe = new Pipe(direct);
        client = peer.engine(ctx, true, suite, null, 0);
        server = peer.engine(ctx, false, suite, null, 0);
        pipe.handshake(client, server, false);
        if (!client.getSession().getCipherSuite().equals(suite)) {
            throw new IllegalStateException("negotiated " + client.getSession().getCipherSuite());
        }
        byte[] data = new byte[size];
        new Random(1).nextBytes(data);
        src = Pipe.alloc(direct, size);
        src.put(data).flip();
        dst = Pipe.alloc(direct, 64 * 1024);
        int got = send();
        dst.flip();
        byte[] back = new byte[dst.remaining()];
        dst.get(back);
        if (got != size || !java.util.Arrays.equals(back, data)) {
            throw new IllegalStateException(provider + " delivered " + got + " of " + size + " bytes, or other bytes");
        }
    }

    @Benchmark
    public int send() throws Exception {
        src.clear();
        return pipe.send(client, server, src, dst);
    }
}
