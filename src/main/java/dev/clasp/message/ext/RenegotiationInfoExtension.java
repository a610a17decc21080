package dev.clasp.message.ext;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.CodecSupport;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;
import java.util.Arrays;

/**
 * RFC 5746 3.2 {@code renegotiation_info}: {@code opaque renegotiated_connection<0..255>}, empty on an initial
 * handshake, the previous verify_data otherwise. The array must not be mutated.
 */
public record RenegotiationInfoExtension(byte[] renegotiatedConnection) implements Extension {
    private static final byte[] EMPTY = new byte[0];

    public RenegotiationInfoExtension {
        CodecSupport.requireBytes(renegotiatedConnection, 0xFF, false, "renegotiated_connection");
    }

    /** The initial-handshake form: empty {@code renegotiated_connection}. */
    public static RenegotiationInfoExtension initial() {
        return new RenegotiationInfoExtension(EMPTY);
    }

    @Override
    public int type() {
        return ExtensionType.RENEGOTIATION_INFO.code();
    }

    @Override
    public void encodeData(TlsWriter w) {
        w.opaque8(renegotiatedConnection);
    }

    /** Decodes {@code extension_data}: RFC 5746 3.2 {@code opaque renegotiated_connection<0..255>}. */
    public static RenegotiationInfoExtension decode(TlsReader data) throws TlsAlertException {
        byte[] v = data.opaque8("renegotiated_connection");
        data.expectEnd("renegotiation_info");
        return new RenegotiationInfoExtension(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RenegotiationInfoExtension e
                && Arrays.equals(e.renegotiatedConnection, renegotiatedConnection);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(renegotiatedConnection);
    }

    @Override
    public String toString() {
        return "RenegotiationInfoExtension[renegotiatedConnection=" + CodecSupport.describe(renegotiatedConnection)
                + "]";
    }
}
