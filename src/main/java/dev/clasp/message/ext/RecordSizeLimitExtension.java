package dev.clasp.message.ext;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;

/**
 * RFC 8449 4 {@code record_size_limit}: {@code uint16 RecordSizeLimit}, the largest record plaintext the sender is
 * willing to receive (in TLS 1.2 the input to encryption, padding and MAC not counted). Values above 2^14 are kept
 * as sent: a TLS 1.2 peer treats them as 2^14 (RFC 8449 4: a server MUST NOT enforce the protocol maximum).
 *
 * @param limit 64..65535
 */
public record RecordSizeLimitExtension(int limit) implements Extension {
    /** RFC 8449 4: the smallest value an endpoint may send. */
    public static final int MIN_LIMIT = 64;

    public RecordSizeLimitExtension {
        if (limit < MIN_LIMIT || limit > 0xFFFF) {
            throw new IllegalArgumentException("record_size_limit must be 64..65535: " + limit);
        }
    }

    @Override
    public int type() {
        return ExtensionType.RECORD_SIZE_LIMIT.code();
    }

    @Override
    public void encodeData(TlsWriter w) {
        w.u16(limit);
    }

    /** Decodes {@code extension_data}: exactly a uint16 (DECODE_ERROR otherwise), at least 64 (ILLEGAL_PARAMETER). */
    public static RecordSizeLimitExtension decode(TlsReader data) throws TlsAlertException {
        int limit = data.u16("record_size_limit");
        data.expectEnd("record_size_limit");
        if (limit < MIN_LIMIT) {
            // RFC 8449 4: "Endpoints MUST NOT send a "record_size_limit" extension with a value smaller than 64.
            // An endpoint MUST treat receipt of a smaller value as a fatal error and generate an
            // "illegal_parameter" alert."
            throw TlsAlertException.illegalParameter("record_size_limit " + limit + " is below 64 (RFC 8449 4)");
        }
        return new RecordSizeLimitExtension(limit);
    }
}
