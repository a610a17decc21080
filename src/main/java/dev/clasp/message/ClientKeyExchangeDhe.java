package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import java.util.Arrays;

/**
 * RFC 5246 7.4.7.2 ClientKeyExchange for DHE: the client's explicit Diffie-Hellman public value. The array must
 * not be mutated.
 *
 * @param publicValue {@code opaque dh_Yc<1..2^16-1>}, an unsigned big-endian integer
 */
public record ClientKeyExchangeDhe(byte[] publicValue) implements HandshakeMessage {

    public ClientKeyExchangeDhe {
        CodecSupport.requireBytes(publicValue, 0xFFFF, true, "dh_Yc");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CLIENT_KEY_EXCHANGE;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.opaque16(publicValue);
    }

    public static ClientKeyExchangeDhe decode(TlsReader body) throws TlsAlertException {
        // RFC 5246 7.4.7.2: DHE suites use the explicit form, opaque dh_Yc<1..2^16-1>
        byte[] y = ServerKeyExchangeDhe.nonEmpty(body.opaque16("dh_Yc"), "dh_Yc");
        body.expectEnd("ClientKeyExchange");
        return new ClientKeyExchangeDhe(y);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientKeyExchangeDhe c && Arrays.equals(c.publicValue, publicValue);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicValue);
    }

    @Override
    public String toString() {
        return "ClientKeyExchangeDhe[publicValue=" + CodecSupport.describe(publicValue) + "]";
    }
}
