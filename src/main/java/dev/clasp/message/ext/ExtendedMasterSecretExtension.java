package dev.clasp.message.ext;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;

/**
 * RFC 7627 5.1 {@code extended_master_secret}: empty {@code extension_data}; when both hellos carry it the master
 * secret is computed over the session hash.
 */
public record ExtendedMasterSecretExtension() implements Extension {

    @Override
    public int type() {
        return ExtensionType.EXTENDED_MASTER_SECRET.code();
    }

    @Override
    public void encodeData(TlsWriter w) {
        // empty
    }

    /** Decodes {@code extension_data}, which must be empty (DECODE_ERROR otherwise). */
    public static ExtendedMasterSecretExtension decode(TlsReader data) throws TlsAlertException {
        // RFC 7627 5.1: "The "extension_data" field of this extension is empty."
        data.expectEnd("extended_master_secret");
        return new ExtendedMasterSecretExtension();
    }
}
