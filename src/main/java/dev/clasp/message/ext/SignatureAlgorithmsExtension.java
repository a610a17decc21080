package dev.clasp.message.ext;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.CodecSupport;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;
import java.util.List;

/**
 * RFC 5246 7.4.1.4.1 {@code signature_algorithms}: the signature schemes (u16 SignatureAndHashAlgorithm values) the
 * client accepts, most preferred first.
 */
public record SignatureAlgorithmsExtension(List<Integer> schemes) implements Extension {

    public SignatureAlgorithmsExtension {
        schemes = CodecSupport.u16List(schemes, "signature_algorithms", true);
    }

    @Override
    public int type() {
        return ExtensionType.SIGNATURE_ALGORITHMS.code();
    }

    @Override
    public void encodeData(TlsWriter w) {
        CodecSupport.writeU16List(w, schemes);
    }

    /**
     * Decodes {@code extension_data}: RFC 5246 7.4.1.4.1 {@code supported_signature_algorithms<2..2^16-2>}, a
     * non-empty even-length list.
     */
    public static SignatureAlgorithmsExtension decode(TlsReader data) throws TlsAlertException {
        List<Integer> schemes = CodecSupport.readU16List(data.vector16("signature_algorithms"), "signature_algorithms");
        data.expectEnd("signature_algorithms");
        return new SignatureAlgorithmsExtension(schemes);
    }

    @Override
    public String toString() {
        return "SignatureAlgorithmsExtension[schemes=" + CodecSupport.describeU16List(schemes) + "]";
    }
}
