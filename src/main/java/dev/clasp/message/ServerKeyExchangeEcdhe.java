package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import java.util.Arrays;

/**
 * RFC 8422 5.4 / RFC 5246 7.4.3 ServerKeyExchange for ECDHE_ECDSA and ECDHE_RSA: {@code ServerECDHParams} (named
 * curve and ephemeral point) and a {@code digitally-signed} signature over
 * {@code client_random || server_random || params()}. Only the named_curve form is accepted. Arrays must not be
 * mutated.
 *
 * @param namedGroup      u16 NamedGroup
 * @param publicValue     the encoded point ({@code opaque point<1..2^8-1>})
 * @param signatureScheme u16 SignatureAndHashAlgorithm (RFC 5246 7.4.1.4.1)
 * @param signature       {@code opaque signature<0..2^16-1>}
 */
public record ServerKeyExchangeEcdhe(int namedGroup, byte[] publicValue, int signatureScheme, byte[] signature)
        implements HandshakeMessage {
    /** RFC 8422 5.4: {@code ECCurveType named_curve(3)}, the only curve type RFC 8422 still allows. */
    public static final int NAMED_CURVE = 3;

    public ServerKeyExchangeEcdhe {
        CodecSupport.requireRange(namedGroup, 0xFFFF, "named_curve");
        CodecSupport.requireBytes(publicValue, 0xFF, true, "ECPoint");
        CodecSupport.requireRange(signatureScheme, 0xFFFF, "SignatureAndHashAlgorithm");
        CodecSupport.requireBytes(signature, 0xFFFF, false, "signature");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.SERVER_KEY_EXCHANGE;
    }

    /** The {@code ServerECDHParams} bytes the signature covers: 3 || u16 group || opaque8 point. */
    public byte[] params() {
        return params(namedGroup, publicValue);
    }

    /** {@code ServerECDHParams} for a signer that has not built the message yet. */
    public static byte[] params(int namedGroup, byte[] publicValue) {
        TlsWriter w = new TlsWriter(4 + publicValue.length);
        writeParams(w, namedGroup, publicValue);
        return w.toByteArray();
    }

    static void writeParams(TlsWriter w, int namedGroup, byte[] publicValue) {
        w.u8(NAMED_CURVE);
        w.u16(namedGroup);
        w.opaque8(publicValue);
    }

    @Override
    public void encodeBody(TlsWriter w) {
        writeParams(w, namedGroup, publicValue);
        w.u16(signatureScheme);
        w.opaque16(signature);
    }

    /** RFC 8422 5.4 ServerECDHParams (named_curve only), shared with ECDH_anon's unsigned form. */
    record Params(int namedGroup, byte[] point) {
    }

    static Params readParams(TlsReader body) throws TlsAlertException {
        int curveType = body.u8("ECCurveType");
        if (curveType != NAMED_CURVE) {
            // RFC 8422 5.4: explicit_prime(1) and explicit_char2(2) are deprecated; only named_curve(3) is used.
            throw TlsAlertException.illegalParameter(
                    "ServerKeyExchange: ECCurveType " + curveType + ", not named_curve(3)");
        }
        int group = body.u16("named_curve");
        // RFC 8422 5.4: struct { opaque point <1..2^8-1>; } ECPoint
        byte[] point = body.opaque8("ECPoint");
        if (point.length == 0) {
            throw TlsAlertException.decodeError("ServerKeyExchange: empty ECPoint");
        }
        return new Params(group, point);
    }

    public static ServerKeyExchangeEcdhe decode(TlsReader body) throws TlsAlertException {
        Params params = readParams(body);
        // RFC 5246 7.4.3 / 4.7: digitally-signed = SignatureAndHashAlgorithm algorithm; opaque signature<0..2^16-1>
        int scheme = body.u16("SignatureAndHashAlgorithm");
        byte[] signature = body.opaque16("signature");
        body.expectEnd("ServerKeyExchange");
        return new ServerKeyExchangeEcdhe(params.namedGroup(), params.point(), scheme, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerKeyExchangeEcdhe s && s.namedGroup == namedGroup
                && Arrays.equals(s.publicValue, publicValue) && s.signatureScheme == signatureScheme
                && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        int h = namedGroup;
        h = 31 * h + Arrays.hashCode(publicValue);
        h = 31 * h + signatureScheme;
        return 31 * h + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "ServerKeyExchangeEcdhe[namedGroup=" + namedGroup + ", publicValue=" + CodecSupport.describe(publicValue)
                + ", signatureScheme=" + CodecSupport.hex16(signatureScheme) + ", signature="
                + CodecSupport.describe(signature) + "]";
    }
}
