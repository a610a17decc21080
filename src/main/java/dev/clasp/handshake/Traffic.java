package dev.clasp.handshake;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.HelloRequest;
import java.util.Objects;

/**
 * The handshake is over; application data flows. A renegotiation (RFC 5746) starts here: a client answers a
 * HelloRequest (or its application's beginHandshake) with a new ClientHello; a server takes a ClientHello it
 * asked for with HelloRequest, or one the client sent on its own when client-initiated renegotiation is allowed
 * ({@code jdk.tls.rejectClientInitiatedRenegotiation=false}). A connection without secure renegotiation on
 * both sides never renegotiates (no legacy renegotiation); a refused request gets a no_renegotiation warning
 * (RFC 5246 7.2.2) and the connection goes on. Anything else is unexpected.
 */
public final class Traffic implements HandshakeState {
    private final HandshakeContext ctx;
    private final ExpectFinished.Verified proof;
    /** Server: a HelloRequest was sent, so the next ClientHello is one we asked for. */
    private final boolean helloRequested;

    Traffic(HandshakeContext ctx, ExpectFinished.Verified proof) {
        this(ctx, proof, false);
    }

    private Traffic(HandshakeContext ctx, ExpectFinished.Verified proof, boolean helloRequested) {
        this.ctx = ctx;
        this.proof = Objects.requireNonNull(proof, "Finished not verified");
        this.helloRequested = helloRequested;
    }

    @Override
    public boolean isExpensive(HandshakeInput in) {
        // A renegotiating server's ClientHello, and a client's HelloRequest (it starts a new handshake), run as
        // delegated tasks, as in SunJSSE: OpenJDK's SSLEngine/CheckTlsEngineResults expects NEED_TASK there.
        return in instanceof HandshakeInput.Message m && m.type() == (ctx.config().clientMode()
                ? HandshakeType.HELLO_REQUEST : HandshakeType.CLIENT_HELLO);
    }

    @Override
    public HandshakeState handle(HandshakeInput in) throws TlsAlertException {
        if (in instanceof HandshakeInput.Message m) {
            boolean client = ctx.config().clientMode();
            if (client && m.type() == HandshakeType.HELLO_REQUEST) {
                if (!canRenegotiate()) {
                    ctx.out().sendWarning(AlertDescription.NO_RENEGOTIATION);
                    return this;
                }
                return ClientStates.start(ctx.out().renegotiate());
            }
            if (!client && m.type() == HandshakeType.CLIENT_HELLO) {
                if (!canRenegotiate() || (!helloRequested && ctx.config().rejectClientInitiatedRenegotiation())) {
                    ctx.out().sendWarning(AlertDescription.NO_RENEGOTIATION);
                    return helloRequested ? new Traffic(ctx, proof, false) : this;
                }
                return ServerStates.start(ctx.out().renegotiate()).handle(in);
            }
        }
        throw TlsAlertException.unexpectedMessage("received " + in.describe() + " after the handshake completed");
    }

    /** Whether both sides signalled secure renegotiation in the handshake that made this connection (RFC 5746). */
    public boolean canRenegotiate() {
        return ctx.session().secureRenegotiation;
    }

    /**
     * The application asks for a new handshake: a client sends a new ClientHello, a server a HelloRequest
     * (RFC 5246 7.4.1.1) and waits for the client's answer. Only when {@link #canRenegotiate()}.
     */
    public HandshakeState renegotiate() throws TlsAlertException {
        if (!canRenegotiate()) {
            throw TlsAlertException.handshakeFailure("the peer does not support secure renegotiation (RFC 5746)");
        }
        if (ctx.config().clientMode()) {
            return ClientStates.start(ctx.out().renegotiate());
        }
        ctx.out().send(new HelloRequest());
        return new Traffic(ctx, proof, true);
    }

    /**
     * This state over {@link HandshakeContext#settled()}: the same connection without the finished handshake's
     * transcript, for the connection to keep while idle. Its context is {@link #context()}.
     */
    public Traffic settled() {
        return new Traffic(ctx.settled(), proof, helloRequested);
    }

    /** The context a renegotiation from here starts from. */
    public HandshakeContext context() {
        return ctx;
    }

    @Override
    public boolean isTraffic() {
        return true;
    }
}
