package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import java.util.Arrays;

/**
 * RFC 5246 7.4.7.1 ClientKeyExchange for RSA key exchange: the PKCS#1 v1.5 encrypted premaster secret. Its
 * contents are not checked here; a server must treat every value alike (no padding oracle). The array must not
 * be mutated.
 *
 * @param encryptedPreMasterSecret {@code public-key-encrypted PreMasterSecret}, {@code opaque<0..2^16-1>}
 */
public record ClientKeyExchangeRsa(byte[] encryptedPreMasterSecret) implements HandshakeMessage {

    public ClientKeyExchangeRsa {
        CodecSupport.requireBytes(encryptedPreMasterSecret, 0xFFFF, false, "EncryptedPreMasterSecret");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CLIENT_KEY_EXCHANGE;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.opaque16(encryptedPreMasterSecret);
    }

    public static ClientKeyExchangeRsa decode(TlsReader body) throws TlsAlertException {
        // RFC 5246 7.4.7.1 / 4.7: TLS 1.0+ carries the two-byte length of the public-key-encrypted value.
        byte[] encrypted = body.opaque16("EncryptedPreMasterSecret");
        body.expectEnd("ClientKeyExchange");
        return new ClientKeyExchangeRsa(encrypted);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientKeyExchangeRsa c && Arrays.equals(c.encryptedPreMasterSecret, encryptedPreMasterSecret);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encryptedPreMasterSecret);
    }

    @Override
    public String toString() {
        return "ClientKeyExchangeRsa[encryptedPreMasterSecret=" + CodecSupport.describe(encryptedPreMasterSecret) + "]";
    }
}
