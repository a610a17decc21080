package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import java.util.Arrays;

/**
 * RFC 8422 5.7 ClientKeyExchange for ECDHE: the client's ephemeral point in explicit form. The array must not be
 * mutated.
 *
 * @param publicValue {@code opaque point<1..2^8-1>}
 */
public record ClientKeyExchangeEcdhe(byte[] publicValue) implements HandshakeMessage {

    public ClientKeyExchangeEcdhe {
        CodecSupport.requireBytes(publicValue, 0xFF, true, "ecdh_Yc");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CLIENT_KEY_EXCHANGE;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.opaque8(publicValue);
    }

    public static ClientKeyExchangeEcdhe decode(TlsReader body) throws TlsAlertException {
        // RFC 8422 5.7: ECDHE always uses the explicit form, ECPoint ecdh_Yc = opaque point<1..2^8-1>
        byte[] point = body.opaque8("ecdh_Yc");
        body.expectEnd("ClientKeyExchange");
        if (point.length == 0) {
            throw TlsAlertException.decodeError("ClientKeyExchange: empty ecdh_Yc");
        }
        return new ClientKeyExchangeEcdhe(point);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientKeyExchangeEcdhe c && Arrays.equals(c.publicValue, publicValue);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicValue);
    }

    @Override
    public String toString() {
        return "ClientKeyExchangeEcdhe[publicValue=" + CodecSupport.describe(publicValue) + "]";
    }
}
