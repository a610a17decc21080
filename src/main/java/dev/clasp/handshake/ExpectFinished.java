package dev.clasp.handshake;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.crypto.KeySchedule;
import dev.clasp.message.Finished;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.NewSessionTicket;
import dev.clasp.message.TlsReader;
import java.security.MessageDigest;

/**
 * Verifies the peer's Finished (RFC 5246 7.4.9). The side that finishes second (the server in a full handshake,
 * the client in an abbreviated one) then sends its own ChangeCipherSpec and Finished.
 * The only way to reach {@link Traffic} is through the {@link Verified} token made here.
 */
public final class ExpectFinished implements HandshakeState {
    private final HandshakeContext ctx;
    private final Negotiated keys;

    ExpectFinished(HandshakeContext ctx, Negotiated keys) {
        this.ctx = ctx;
        this.keys = keys;
    }

    @Override
    public HandshakeState handle(HandshakeInput in) throws TlsAlertException {
        if (!(in instanceof HandshakeInput.Message m) || m.type() != HandshakeType.FINISHED) {
            throw TlsAlertException.unexpectedMessage("expected Finished, received " + in.describe());
        }
        Finished finished = Finished.decode(new TlsReader(m.body()));
        boolean peerIsClient = !ctx.config().clientMode();
        byte[] expected = KeySchedule.verifyData(keys.suite().prfHash(), keys.masterSecret(), peerIsClient,
                ctx.transcript().current());
        if (!MessageDigest.isEqual(expected, finished.verifyData())) {
            throw new TlsAlertException(AlertDescription.DECRYPT_ERROR,
                    "peer Finished verify_data does not match the handshake (tampered or wrong keys)");
        }
        ctx.transcript().update(m.raw(), 0, m.raw().length);
        SessionState session = ctx.session();
        if (peerIsClient) {
            session.clientVerifyData = expected;
        } else {
            session.serverVerifyData = expected;
        }
        if (keys.pendingWrite() != null) {
            // We finish second: the server in a full handshake, the client in an abbreviated one.
            boolean weAreClient = !peerIsClient;
            if (keys.sendTicket()) {
                // RFC 5077 3.1: the server's NewSessionTicket comes after the client's Finished, before its CCS.
                // An empty ticket if tickets were switched off meanwhile (the context re-initialised).
                TicketSealer sealer = ctx.cache().ticketSealer();
                ctx.out().send(sealer == null ? new NewSessionTicket(0, new byte[0])
                        : new NewSessionTicket(sealer.lifetimeHintSeconds(), sealer.seal(session, keys.masterSecret())));
            }
            ctx.out().sendChangeCipherSpec(keys.pendingWrite());
            byte[] own = KeySchedule.verifyData(keys.suite().prfHash(), keys.masterSecret(), weAreClient,
                    ctx.transcript().current());
            if (weAreClient) {
                session.clientVerifyData = own;
            } else {
                session.serverVerifyData = own;
            }
            ctx.out().send(new Finished(own));
        }
        session.masterSecret = keys.masterSecret();
        ctx.secretLog().masterSecret(keys.clientRandom(), keys.masterSecret());
        ctx.out().handshakeComplete();
        return new Traffic(ctx, new Verified());
    }

    @Override
    public void destroySecrets() {
        keys.destroy();
    }

    /** Proof that the peer's Finished was checked. */
    static final class Verified {
        private Verified() {
        }
    }
}
