package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import java.util.Arrays;

/**
 * RFC 5246 7.4.9 Finished: the body is exactly {@code verify_data}. Its required length (12 for every TLS 1.2 suite
 * Clasp implements) is checked by the state that verifies it, not here. The array must not be mutated; toString
 * prints only its length.
 */
public record Finished(byte[] verifyData) implements HandshakeMessage {

    public Finished {
        CodecSupport.requireBytes(verifyData, 0xFFFFFF, false, "verify_data");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.FINISHED;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.bytes(verifyData);
    }

    /** Takes all remaining bytes of the body as {@code verify_data}. */
    public static Finished decode(TlsReader body) throws TlsAlertException {
        byte[] verifyData = body.rest();
        body.expectEnd("Finished");
        return new Finished(verifyData);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Finished f && Arrays.equals(f.verifyData, verifyData);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(verifyData);
    }

    @Override
    public String toString() {
        return "Finished[verifyData=" + verifyData.length + "B]";
    }
}
