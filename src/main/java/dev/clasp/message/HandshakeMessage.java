package dev.clasp.message;

/**
 * A TLS 1.2 handshake message (RFC 5246 7.4): an immutable value with one codec. Each implementation has a static
 * {@code decode(TlsReader body)} that returns a fully validated value or throws {@code TlsAlertException}, and
 * {@code decode(encode(x))} equals {@code x}. Byte arrays inside messages are shared, not copied: they must not be
 * mutated after construction or decoding.
 */
public sealed interface HandshakeMessage permits ClientHello, ServerHello, CertificateMessage, ServerKeyExchangeEcdhe,
        ServerKeyExchangeDhe, ServerKeyExchangeDhAnon, ServerKeyExchangeEcdhAnon, CertificateRequest, ServerHelloDone,
        ClientKeyExchangeEcdhe, ClientKeyExchangeDhe, ClientKeyExchangeRsa, CertificateVerify, Finished, HelloRequest, NewSessionTicket {

    HandshakeType type();

    /** Writes the message body (without the 4-byte handshake header). */
    void encodeBody(TlsWriter w);

    /** type(1) || length(3) || body: the bytes that go into the transcript. */
    default byte[] encode() {
        TlsWriter w = new TlsWriter();
        w.u8(type().code());
        w.vector24(this::encodeBody);
        return w.toByteArray();
    }
}
