package dev.clasp.handshake;

import dev.clasp.alert.TlsAlertException;

/** Waits for the peer's ChangeCipherSpec (RFC 5246 7.1), then opens records with the new keys. */
public final class ExpectChangeCipherSpec implements HandshakeState {
    private final HandshakeContext ctx;
    private final Negotiated keys;

    ExpectChangeCipherSpec(HandshakeContext ctx, Negotiated keys) {
        this.ctx = ctx;
        this.keys = keys;
    }

    @Override
    public HandshakeState handle(HandshakeInput in) throws TlsAlertException {
        if (!(in instanceof HandshakeInput.ChangeCipherSpec)) {
            throw TlsAlertException.unexpectedMessage("expected ChangeCipherSpec, received " + in.describe());
        }
        ctx.out().changeReadProtection(keys.read());
        return new ExpectFinished(ctx, keys);
    }

    @Override
    public void destroySecrets() {
        keys.destroy();
    }
}
