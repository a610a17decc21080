package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import java.util.Arrays;

/**
 * RFC 5246 7.4.3 ServerKeyExchange for DH_anon: {@code ServerDHParams} (dh_p, dh_g, dh_Ys) without a signature.
 * Arrays must not be mutated.
 *
 * @param p  {@code opaque dh_p<1..2^16-1>}
 * @param g  {@code opaque dh_g<1..2^16-1>}
 * @param ys {@code opaque dh_Ys<1..2^16-1>}
 */
public record ServerKeyExchangeDhAnon(byte[] p, byte[] g, byte[] ys) implements HandshakeMessage {

    public ServerKeyExchangeDhAnon {
        CodecSupport.requireBytes(p, 0xFFFF, true, "dh_p");
        CodecSupport.requireBytes(g, 0xFFFF, true, "dh_g");
        CodecSupport.requireBytes(ys, 0xFFFF, true, "dh_Ys");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.SERVER_KEY_EXCHANGE;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.opaque16(p);
        w.opaque16(g);
        w.opaque16(ys);
    }

    public static ServerKeyExchangeDhAnon decode(TlsReader body) throws TlsAlertException {
        // RFC 5246 7.4.3: case dh_anon: ServerDHParams params; (no digitally-signed part)
        byte[] p = ServerKeyExchangeDhe.nonEmpty(body.opaque16("dh_p"), "dh_p");
        byte[] g = ServerKeyExchangeDhe.nonEmpty(body.opaque16("dh_g"), "dh_g");
        byte[] ys = ServerKeyExchangeDhe.nonEmpty(body.opaque16("dh_Ys"), "dh_Ys");
        body.expectEnd("ServerKeyExchange");
        return new ServerKeyExchangeDhAnon(p, g, ys);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerKeyExchangeDhAnon s && Arrays.equals(s.p, p) && Arrays.equals(s.g, g)
                && Arrays.equals(s.ys, ys);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(p) + Arrays.hashCode(g)) + Arrays.hashCode(ys);
    }

    @Override
    public String toString() {
        return "ServerKeyExchangeDhAnon[p=" + CodecSupport.describe(p) + ", g=" + CodecSupport.describe(g)
                + ", ys=" + CodecSupport.describe(ys) + "]";
    }
}
