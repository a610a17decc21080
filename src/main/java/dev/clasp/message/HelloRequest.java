package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;

/** RFC 5246 7.4.1.1 HelloRequest: an empty body, sent by a server to ask for renegotiation. */
public record HelloRequest() implements HandshakeMessage {

    @Override
    public HandshakeType type() {
        return HandshakeType.HELLO_REQUEST;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        // empty
    }

    /** The body must be empty (DECODE_ERROR otherwise). */
    public static HelloRequest decode(TlsReader body) throws TlsAlertException {
        // RFC 5246 7.4.1.1: struct { } HelloRequest;
        body.expectEnd("HelloRequest");
        return new HelloRequest();
    }
}
