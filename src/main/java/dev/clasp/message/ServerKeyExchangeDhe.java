package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import java.util.Arrays;

/**
 * RFC 5246 7.4.3 ServerKeyExchange for DHE_RSA and DHE_DSS: {@code ServerDHParams} (dh_p, dh_g, dh_Ys, each an
 * unsigned big-endian integer) and a {@code digitally-signed} signature over
 * {@code client_random || server_random || params()}. Arrays must not be mutated.
 *
 * @param p               {@code opaque dh_p<1..2^16-1>}
 * @param g               {@code opaque dh_g<1..2^16-1>}
 * @param ys              {@code opaque dh_Ys<1..2^16-1>}
 * @param signatureScheme u16 SignatureAndHashAlgorithm (RFC 5246 7.4.1.4.1)
 * @param signature       {@code opaque signature<0..2^16-1>}
 */
public record ServerKeyExchangeDhe(byte[] p, byte[] g, byte[] ys, int signatureScheme, byte[] signature)
        implements HandshakeMessage {

    public ServerKeyExchangeDhe {
        CodecSupport.requireBytes(p, 0xFFFF, true, "dh_p");
        CodecSupport.requireBytes(g, 0xFFFF, true, "dh_g");
        CodecSupport.requireBytes(ys, 0xFFFF, true, "dh_Ys");
        CodecSupport.requireRange(signatureScheme, 0xFFFF, "SignatureAndHashAlgorithm");
        CodecSupport.requireBytes(signature, 0xFFFF, false, "signature");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.SERVER_KEY_EXCHANGE;
    }

    /** The {@code ServerDHParams} bytes the signature covers. */
    public byte[] params() {
        return params(p, g, ys);
    }

    /** {@code ServerDHParams} for a signer that has not built the message yet. */
    public static byte[] params(byte[] p, byte[] g, byte[] ys) {
        TlsWriter w = new TlsWriter(6 + p.length + g.length + ys.length);
        w.opaque16(p);
        w.opaque16(g);
        w.opaque16(ys);
        return w.toByteArray();
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.opaque16(p);
        w.opaque16(g);
        w.opaque16(ys);
        w.u16(signatureScheme);
        w.opaque16(signature);
    }

    public static ServerKeyExchangeDhe decode(TlsReader body) throws TlsAlertException {
        // RFC 5246 7.4.3: struct { opaque dh_p<1..2^16-1>; opaque dh_g<1..2^16-1>; opaque dh_Ys<1..2^16-1>; }
        byte[] p = nonEmpty(body.opaque16("dh_p"), "dh_p");
        byte[] g = nonEmpty(body.opaque16("dh_g"), "dh_g");
        byte[] ys = nonEmpty(body.opaque16("dh_Ys"), "dh_Ys");
        // RFC 5246 4.7: digitally-signed = SignatureAndHashAlgorithm algorithm; opaque signature<0..2^16-1>
        int scheme = body.u16("SignatureAndHashAlgorithm");
        byte[] signature = body.opaque16("signature");
        body.expectEnd("ServerKeyExchange");
        return new ServerKeyExchangeDhe(p, g, ys, scheme, signature);
    }

    static byte[] nonEmpty(byte[] v, String what) throws TlsAlertException {
        if (v.length == 0) {
            throw TlsAlertException.decodeError("empty " + what + " (RFC 5246 7.4.3: <1..2^16-1>)");
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerKeyExchangeDhe s && Arrays.equals(s.p, p) && Arrays.equals(s.g, g)
                && Arrays.equals(s.ys, ys) && s.signatureScheme == signatureScheme
                && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(p);
        h = 31 * h + Arrays.hashCode(g);
        h = 31 * h + Arrays.hashCode(ys);
        h = 31 * h + signatureScheme;
        return 31 * h + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "ServerKeyExchangeDhe[p=" + CodecSupport.describe(p) + ", g=" + CodecSupport.describe(g) + ", ys="
                + CodecSupport.describe(ys) + ", signatureScheme=" + CodecSupport.hex16(signatureScheme)
                + ", signature=" + CodecSupport.describe(signature) + "]";
    }
}
