package dev.clasp.message.ext;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.CodecSupport;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;
import java.util.Arrays;

/**
 * RFC 8422 5.1.2 {@code ec_point_formats}: the point formats the sender can parse. The list must contain
 * {@code uncompressed(0)}. The array must not be mutated.
 */
public record EcPointFormatsExtension(byte[] formats) implements Extension {
    /** RFC 8422 5.1.2: {@code ECPointFormat uncompressed(0)}. */
    public static final int UNCOMPRESSED = 0;

    public EcPointFormatsExtension {
        CodecSupport.requireBytes(formats, 0xFF, true, "ec_point_format_list");
        CodecSupport.require(containsUncompressed(formats), "ec_point_format_list without uncompressed(0)");
    }

    /** The only form TLS 1.2 implementations need since RFC 8422 deprecated the compressed ones. */
    public static EcPointFormatsExtension uncompressed() {
        return new EcPointFormatsExtension(new byte[] {UNCOMPRESSED});
    }

    @Override
    public int type() {
        return ExtensionType.EC_POINT_FORMATS.code();
    }

    @Override
    public void encodeData(TlsWriter w) {
        w.opaque8(formats);
    }

    /** Decodes {@code extension_data}: RFC 8422 5.1.2 {@code ECPointFormat ec_point_format_list<1..2^8-1>}. */
    public static EcPointFormatsExtension decode(TlsReader data) throws TlsAlertException {
        byte[] formats = data.opaque8("ec_point_format_list");
        data.expectEnd("ec_point_formats");
        if (formats.length == 0) {
            throw TlsAlertException.decodeError("ec_point_format_list: empty");
        }
        if (!containsUncompressed(formats)) {
            // RFC 8422 5.1.2: "it MUST contain the value 0 (uncompressed) as one of the items in the list".
            throw TlsAlertException.illegalParameter("ec_point_format_list without uncompressed(0)");
        }
        return new EcPointFormatsExtension(formats);
    }

    private static boolean containsUncompressed(byte[] formats) {
        for (byte f : formats) {
            if (f == UNCOMPRESSED) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EcPointFormatsExtension e && Arrays.equals(e.formats, formats);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(formats);
    }

    @Override
    public String toString() {
        return "EcPointFormatsExtension[formats=" + CodecSupport.describe(formats) + "]";
    }
}
