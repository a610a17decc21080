package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import java.util.Arrays;

/**
 * RFC 5246 7.4.8 CertificateVerify: the client's {@code digitally-signed} proof over the handshake messages so far.
 * The array must not be mutated.
 *
 * @param signatureScheme u16 SignatureAndHashAlgorithm
 * @param signature       {@code opaque signature<0..2^16-1>}
 */
public record CertificateVerify(int signatureScheme, byte[] signature) implements HandshakeMessage {

    public CertificateVerify {
        CodecSupport.requireRange(signatureScheme, 0xFFFF, "SignatureAndHashAlgorithm");
        CodecSupport.requireBytes(signature, 0xFFFF, false, "signature");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE_VERIFY;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u16(signatureScheme);
        w.opaque16(signature);
    }

    public static CertificateVerify decode(TlsReader body) throws TlsAlertException {
        // RFC 5246 7.4.8 / 4.7: digitally-signed = SignatureAndHashAlgorithm algorithm; opaque signature<0..2^16-1>
        int scheme = body.u16("SignatureAndHashAlgorithm");
        byte[] signature = body.opaque16("signature");
        body.expectEnd("CertificateVerify");
        return new CertificateVerify(scheme, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateVerify c && c.signatureScheme == signatureScheme
                && Arrays.equals(c.signature, signature);
    }

    @Override
    public int hashCode() {
        return 31 * signatureScheme + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "CertificateVerify[signatureScheme=" + CodecSupport.hex16(signatureScheme) + ", signature="
                + CodecSupport.describe(signature) + "]";
    }
}
