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
        ServerKeyExchangeEcdhe.writeParams(w, namedGroup, publicValue);
    }

    public static ServerKeyExchangeEcdhAnon decode(TlsReader body) throws TlsAlertException {
        // RFC 8422 5.4: case ec_diffie_hellman: ServerECDHParams params; Signature signed_params, where the
        // signature is absent for ECDH_anon ("enum { ecdsa, rsa, anonymous }": anonymous carries no signature).
        ServerKeyExchangeEcdhe.Params params = ServerKeyExchangeEcdhe.readParams(body);
        body.expectEnd("ServerKeyExchange");
        return new ServerKeyExchangeEcdhAnon(params.namedGroup(), params.point());
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
