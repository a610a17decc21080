package dev.clasp.bench;

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
 * Full TLS 1.2 handshakes per second between two fresh in-memory engines of one provider: ECDHE over x25519,
 * server certificate ECDSA P-256 or RSA-2048 (leaf + intermediate, verified up to the test root by PKIX), no
 * client authentication. The engines carry no peer host, so no provider may resume; the setup checks that
 * three handshakes in a row are full ones. The {@link SSLContext} is made once (per-context work is
 * not counted, per-handshake work is).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FullHandshakeBench {
    @Param({"Clasp", "SunJSSE", "BCJSSE", "Conscrypt"})
    public String provider;

    @Param({"EC", "RSA"})
    public String cert;

    private Peer peer;
    private SSLContext ctx;
    private String suite;
    private final Pipe pipe = new Pipe(false);

    @Setup
    public void setup() throws Exception {
        peer = Peer.valueOf(provider);
        ctx = peer.context(Peer.keyStore(cert));
        suite = Peer.handshakeSuite(cert);
        for (int i = 0; i < 3; i++) {
            fullHandshake();
            if (pipe.abbreviated) {
                throw new IllegalStateException(provider + " resumed although no peer host was given");
            }
        }
    }

    @Benchmark
    public SSLEngine fullHandshake() throws Exception {
        SSLEngine client = peer.engine(ctx, true, suite, null, 0);
        SSLEngine server = peer.engine(ctx, false, suite, null, 0);
        pipe.handshake(client, server, false);
        Pairs.release(peer, client, server);
        return client;
    }
}
