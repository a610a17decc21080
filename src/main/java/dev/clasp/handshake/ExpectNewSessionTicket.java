package dev.clasp.handshake;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.NewSessionTicket;
import dev.clasp.message.TlsReader;

/**
 * Client: the server echoed session_ticket in its ServerHello, so a NewSessionTicket comes before its
 * ChangeCipherSpec (RFC 5077 3.3), after our Finished in a full handshake and right after ServerHello in an
 * abbreviated one. Anything else here is unexpected; a NewSessionTicket the server did not announce reaches
 * {@link ExpectChangeCipherSpec}, which refuses it.
 */
public final class ExpectNewSessionTicket implements HandshakeState {
    private final HandshakeContext ctx;
    private final Negotiated keys;

    ExpectNewSessionTicket(HandshakeContext ctx, Negotiated keys) {
        this.ctx = ctx;
        this.keys = keys;
    }

    @Override
    public HandshakeState handle(HandshakeInput in) throws TlsAlertException {
        HandshakeInput.Message m = ClientStates.expect(in, HandshakeType.NEW_SESSION_TICKET, "NewSessionTicket");
        NewSessionTicket nst = NewSessionTicket.decode(new TlsReader(m.body()));
        ctx.transcript().update(m.raw(), 0, m.raw().length);
        SessionState session = ctx.session();
        if (nst.ticket().length > 0) {
            // RFC 5077 3.3: an empty ticket means the server changed its mind; keep what we had (if anything).
            session.ticket = nst.ticket().clone();
            session.ticketLifetimeHint = nst.lifetimeHint();
            session.ticketReceived = System.currentTimeMillis();
            if (session.sessionId.length == 0) {
                // A server may issue a ticket with an empty session id; the client cache keys sessions by id,
                // and RFC 5077 3.4 lets the client pick the id it sends with the ticket.
                byte[] id = new byte[32];
                ctx.config().random().nextBytes(id);
                session.sessionId = id;
            }
        }
        return new ExpectChangeCipherSpec(ctx, keys);
    }

    @Override
    public void destroySecrets() {
        keys.destroy();
    }
}
