package dev.clasp.message.ext;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.CodecSupport;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;
import java.util.List;

/**
 * RFC 8446 4.2.3 {@code signature_algorithms_cert} (also used with TLS 1.2): the schemes the client accepts in
 * certificate signatures.
 */
public record SignatureAlgorithmsCertExtension(List<Integer> schemes) implements Extension {

    public SignatureAlgorithmsCertExtension {
        schemes = CodecSupport.u16List(schemes, "signature_algorithms_cert", true);
    }

    @Override
    public int type() {
        return ExtensionType.SIGNATURE_ALGORITHMS_CERT.code();
    }

    @Override
    public void encodeData(TlsWriter w) {
        CodecSupport.writeU16List(w, schemes);
    }

    /**
     * Decodes {@code extension_data}: RFC 8446 4.2.3 {@code SignatureScheme supported_signature_algorithms<2..2^16-2>},
     * a non-empty even-length list.
     */
    public static SignatureAlgorithmsCertExtension decode(TlsReader data) throws TlsAlertException {
        List<Integer> schemes =
                CodecSupport.readU16List(data.vector16("signature_algorithms_cert"), "signature_algorithms_cert");
        data.expectEnd("signature_algorithms_cert");
        return new SignatureAlgorithmsCertExtension(schemes);
    }

    @Override
    public String toString() {
        return "SignatureAlgorithmsCertExtension[schemes=" + CodecSupport.describeU16List(schemes) + "]";
    }
}
