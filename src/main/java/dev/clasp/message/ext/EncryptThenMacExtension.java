package dev.clasp.message.ext;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;

/** RFC 7366 2 {@code encrypt_then_mac}: empty {@code extension_data}; CBC records get MACed after encryption. */
public record EncryptThenMacExtension() implements Extension {

    @Override
    public int type() {
        return ExtensionType.ENCRYPT_THEN_MAC.code();
    }

    @Override
    public void encodeData(TlsWriter w) {
        // empty
    }

    /** Decodes {@code extension_data}, which must be empty (DECODE_ERROR otherwise). */
    public static EncryptThenMacExtension decode(TlsReader data) throws TlsAlertException {
        // RFC 7366 2: "the "extension_data" field of this extension SHALL be empty"
        data.expectEnd("encrypt_then_mac");
        return new EncryptThenMacExtension();
    }
}
