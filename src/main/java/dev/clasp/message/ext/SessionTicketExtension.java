package dev.clasp.message.ext;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.CodecSupport;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;
import java.util.Arrays;

/**
 * RFC 5077 3.2 {@code session_ticket}: the raw ticket a client presents (empty to ask for a new one); empty in a
 * ServerHello, where it announces a NewSessionTicket. The array must not be mutated.
 */
public record SessionTicketExtension(byte[] ticket) implements Extension {
    private static final byte[] EMPTY = new byte[0];

    public SessionTicketExtension {
        CodecSupport.requireBytes(ticket, 0xFFFF, false, "session ticket");
    }

    /** The empty form (client: no ticket yet; server: will send NewSessionTicket). */
    public static SessionTicketExtension empty() {
        return new SessionTicketExtension(EMPTY);
    }

    @Override
    public int type() {
        return ExtensionType.SESSION_TICKET.code();
    }

    @Override
    public void encodeData(TlsWriter w) {
        w.bytes(ticket); // RFC 5077 3.2: the extension data is the ticket itself, no inner length
    }

    /** Decodes {@code extension_data}: all of it is the ticket; a ServerHello's must be empty. */
    public static SessionTicketExtension decode(TlsReader data, HandshakeType message) throws TlsAlertException {
        if (message == HandshakeType.SERVER_HELLO) {
            // RFC 5077 3.2: the server announces a NewSessionTicket with a zero-length SessionTicket extension.
            data.expectEnd("session_ticket in ServerHello");
            return empty();
        }
        byte[] ticket = data.rest();
        data.expectEnd("session_ticket");
        return new SessionTicketExtension(ticket);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionTicketExtension e && Arrays.equals(e.ticket, ticket);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ticket);
    }

    @Override
    public String toString() {
        return "SessionTicketExtension[ticket=" + ticket.length + "B]";
    }
}
