package dev.clasp.handshake;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.HandshakeType;
import java.util.Objects;

/**
 * The handshake is over. A peer's request to renegotiate (HelloRequest to a client, ClientHello to a server)
 * is refused with a no_renegotiation warning (RFC 5246 7.2.2); anything else is unexpected.
 */
public final class Traffic implements HandshakeState {
    private final HandshakeContext ctx;

    Traffic(HandshakeContext ctx, ExpectFinished.Verified proof) {
        this.ctx = ctx;
        Objects.requireNonNull(proof, "Finished not verified");
    }

    @Override
    public HandshakeState handle(HandshakeInput in) throws TlsAlertException {
        if (in instanceof HandshakeInput.Message m) {
            boolean client = ctx.config().clientMode();
            if ((client && m.type() == HandshakeType.HELLO_REQUEST)
                    || (!client && m.type() == HandshakeType.CLIENT_HELLO)) {
                ctx.out().sendWarning(AlertDescription.NO_RENEGOTIATION);
                return this;
            }
        }
        throw TlsAlertException.unexpectedMessage("received " + in.describe() + " after the handshake completed");
    }

    @Override
    public boolean isTraffic() {
        return true;
    }
}
