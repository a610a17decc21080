package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import java.util.Arrays;

/**
 * RFC 8422 5.4 (RFC 4492 5.4) ServerKeyExchange for ECDH_anon: {@code ServerECDHParams} (named curve and
 * ephemeral point) without a signature. Only the named_curve form is accepted. The array must not be mutated.
 *
 * @param namedGroup  u16 NamedGroup
 * @param publicValue the encoded point ({@code opaque point<1..2^8-1>})
 */
public record ServerKeyExchangeEcdhAnon(int namedGroup, byte[] publicValue) implements HandshakeMessage {

    public ServerKeyExchangeEcdhAnon {
        CodecSupport.requireRange(namedGroup, 0xFFFF, "named_curve");
        CodecSupport.requireBytes(publicValue, 0xFF, true, "ECPoint");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.SERVER_KEY_EXCHANGE;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u8(ServerKeyExchangeEcdhe.NAMED_CURVE);
        w.u16(namedGroup);
        w.opaque8(publicValue);
    }

    public static ServerKeyExchangeEcdhAnon decode(TlsReader body) throws TlsAlertException {
        // RFC 8422 5.4: case ec_diffie_hellman: ServerECDHParams params; Signature signed_params, where the
        // signature is absent for ECDH_anon ("enum { ecdsa, rsa, anonymous }": anonymous carries no signature).
        int curveType = body.u8("ECCurveType");
        if (curveType != ServerKeyExchangeEcdhe.NAMED_CURVE) {
            // RFC 8422 5.4: explicit_prime(1) and explicit_char2(2) are deprecated; only named_curve(3) is used.
            throw TlsAlertException.illegalParameter(
                    "ServerKeyExchange: ECCurveType " + curveType + ", not named_curve(3)");
        }
        int group = body.u16("named_curve");
        byte[] point = body.opaque8("ECPoint");
        if (point.length == 0) {
            throw TlsAlertException.decodeError("ServerKeyExchange: empty ECPoint");
        }
        body.expectEnd("ServerKeyExchange");
        return new ServerKeyExchangeEcdhAnon(group, point);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerKeyExchangeEcdhAnon s && s.namedGroup == namedGroup
                && Arrays.equals(s.publicValue, publicValue);
    }

    @Override
    public int hashCode() {
        return 31 * namedGroup + Arrays.hashCode(publicValue);
    }

    @Override
    public String toString() {
        return "ServerKeyExchangeEcdhAnon[namedGroup=" + namedGroup + ", publicValue="
                + CodecSupport.describe(publicValue) + "]";
    }
}
