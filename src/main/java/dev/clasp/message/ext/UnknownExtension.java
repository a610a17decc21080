package dev.clasp.message.ext;

import dev.clasp.message.CodecSupport;
import dev.clasp.message.TlsWriter;
import java.util.Arrays;

/**
 * An extension Clasp does not decode: an unknown type, or a known type in a message where the registry does not
 * allow it. Kept byte-exact so a hello re-encodes identically. The array must not be mutated.
 */
public record UnknownExtension(int type, byte[] data) implements Extension {

    public UnknownExtension {
        CodecSupport.requireRange(type, 0xFFFF, "extension type");
        CodecSupport.requireBytes(data, 0xFFFF, false, "extension_data");
    }

    @Override
    public void encodeData(TlsWriter w) {
        w.bytes(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownExtension u && u.type == type && Arrays.equals(u.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "UnknownExtension[" + ExtensionType.nameOf(type) + ", data=" + CodecSupport.describe(data) + "]";
    }
}
