package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import java.util.Arrays;

/**
 * RFC 5077 3.3 NewSessionTicket. An empty ticket means the server announced one in its hello but decided not to
 * issue it. The array must not be mutated; toString prints only its length.
 *
 * @param lifetimeHint {@code uint32 ticket_lifetime_hint}, seconds, 0 = unspecified
 * @param ticket       {@code opaque ticket<0..2^16-1>}
 */
public record NewSessionTicket(long lifetimeHint, byte[] ticket) implements HandshakeMessage {

    public NewSessionTicket {
        CodecSupport.requireRange(lifetimeHint, 0xFFFFFFFFL, "ticket_lifetime_hint");
        CodecSupport.requireBytes(ticket, 0xFFFF, false, "ticket");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.NEW_SESSION_TICKET;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u32(lifetimeHint);
        w.opaque16(ticket);
    }

    public static NewSessionTicket decode(TlsReader body) throws TlsAlertException {
        // RFC 5077 3.3: uint32 ticket_lifetime_hint; opaque ticket<0..2^16-1>
        long hint = body.u32("ticket_lifetime_hint");
        byte[] ticket = body.opaque16("ticket");
        body.expectEnd("NewSessionTicket");
        return new NewSessionTicket(hint, ticket);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NewSessionTicket n && n.lifetimeHint == lifetimeHint && Arrays.equals(n.ticket, ticket);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(lifetimeHint) + Arrays.hashCode(ticket);
    }

    @Override
    public String toString() {
        return "NewSessionTicket[lifetimeHint=" + lifetimeHint + ", ticket=" + ticket.length + "B]";
    }
}
