package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;

/** RFC 5246 7.4.5 ServerHelloDone: an empty body. */
public record ServerHelloDone() implements HandshakeMessage {

    @Override
    public HandshakeType type() {
        return HandshakeType.SERVER_HELLO_DONE;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        // empty
    }

    /** The body must be empty (DECODE_ERROR otherwise). */
    public static ServerHelloDone decode(TlsReader body) throws TlsAlertException {
        // RFC 5246 7.4.5: struct { } ServerHelloDone;
        body.expectEnd("ServerHelloDone");
        return new ServerHelloDone();
    }
}
