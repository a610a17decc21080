package dev.clasp.bench;

import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Abbreviated (resumed) TLS 1.2 handshakes per second, ECDSA P-256 certificate, between fresh engines that name
 * the same peer ("localhost", 4433) so the client offers its cached session. Two rows: resumption by session ID
 * (RFC 5246 7.3; SunJSSE's tickets switched off) and by session ticket (RFC 5077; SunJSSE's default, Conscrypt
 * asked to offer one). The setup proves which one ran: the third handshake must be abbreviated (the server's
 * ChangeCipherSpec comes first), and its ClientHello must (ticket row) or must not (ID row) carry a non-empty
 * session_ticket extension. A provider that offers no ticket fails the ticket row's setup and is reported N/A.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ResumeBench {
    private static final String SUITE = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";

    /** One client session cache (in the context) and the pipe; subclasses pick the mechanism. */
    @State(Scope.Thread)
    public abstract static class Resumer {
    @Param({"Clasp", "SunJSSE", "BCJSSE", "Conscrypt"})
    public String provider;

    private Peer peer;
    private SSLContext ctx;
    private boolean tickets;
    private final Pipe pipe = new Pipe(false);

    void setup(boolean withTickets) throws Exception {
        peer = Peer.valueOf(provider);
        tickets = withTickets;
        ctx = peer.context(Peer.keyStore("EC"));
        handshake(true);
        if (pipe.abbreviated) {
            throw new IllegalStateException(provider + ": the first handshake of a context was abbreviated");
        }
        // SunJSSE (JDK 17) issues no ticket in a context's first handshake, only from the second on.
        handshake(true);
        handshake(true);
        if (!pipe.abbreviated) {
            throw new IllegalStateException(provider + " did not resume");
        }
        boolean offered = Pipe.offersTicket(pipe.clientHello);
        if (offered != withTickets) {
            throw new IllegalStateException("N/A: " + provider + (withTickets ? " offers no session ticket"
                    : " offers a session ticket although asked not to"));
        }
    }

    SSLEngine handshake(boolean check) throws Exception {
        SSLEngine client = peer.engine(ctx, true, SUITE, "localhost", 4433);
        if (tickets) {
            peer.useTickets(client);
        }
        SSLEngine server = peer.engine(ctx, false, SUITE, null, 0);
        if (tickets) {
            peer.useTickets(server);
        }
        pipe.handshake(client, server, check);
        Pairs.release(peer, client, server);
        return client;
    }
    }

    @State(Scope.Thread)
    public static class Ids extends Resumer {
        @Setup
        public void setup() throws Exception {
            super.setup(false);
        }
    }

    @State(Scope.Thread)
    public static class Tickets extends Resumer {
        @Setup
        public void setup() throws Exception {
            super.setup(true);
        }
    }

    @Benchmark
    @Fork(jvmArgsAppend = {"-Djdk.tls.server.enableSessionTicketExtension=false",
            "-Djdk.tls.client.enableSessionTicketExtension=false"})
    public SSLEngine sessionId(Ids s) throws Exception {
        return s.handshake(false);
    }

    @Benchmark
    @Fork(jvmArgsAppend = {"-Djdk.tls.server.enableSessionTicketExtension=true",
            "-Djdk.tls.client.enableSessionTicketExtension=true"})
    public SSLEngine ticket(Tickets s) throws Exception {
        return s.handshake(false);
    }
}
