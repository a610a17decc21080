package dev.clasp.message.ext;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;

/**
 * RFC 6066 4 {@code max_fragment_length}: one byte, {@code enum { 2^9(1), 2^10(2), 2^11(3), 2^12(4), (255) }}. The
 * client asks for a smaller record plaintext limit; a server that accepts echoes the same value.
 *
 * @param code the wire value, 1..4
 */
public record MaxFragmentLengthExtension(int code) implements Extension {

    public MaxFragmentLengthExtension {
        if (code < 1 || code > 4) {
            throw new IllegalArgumentException("max_fragment_length code must be 1..4: " + code);
        }
    }

    /** The extension for a limit of {@code length} bytes, which must be 512, 1024, 2048 or 4096. */
    public static MaxFragmentLengthExtension ofLength(int length) {
        for (int code = 1; code <= 4; code++) {
            if (lengthOf(code) == length) {
                return new MaxFragmentLengthExtension(code);
            }
        }
        throw new IllegalArgumentException("not a max_fragment_length value: " + length);
    }

    /** 2^(8 + code): the plaintext limit the code stands for. */
    public static int lengthOf(int code) {
        return 1 << (8 + code);
    }

    /** The plaintext limit in bytes: 512, 1024, 2048 or 4096. */
    public int length() {
        return lengthOf(code);
    }

    @Override
    public int type() {
        return ExtensionType.MAX_FRAGMENT_LENGTH.code();
    }

    @Override
    public void encodeData(TlsWriter w) {
        w.u8(code);
    }

    /** Decodes {@code extension_data}: exactly one byte (DECODE_ERROR otherwise), 1..4 (ILLEGAL_PARAMETER). */
    public static MaxFragmentLengthExtension decode(TlsReader data) throws TlsAlertException {
        int code = data.u8("max_fragment_length");
        data.expectEnd("max_fragment_length");
        if (code < 1 || code > 4) {
            // RFC 6066 4: "If a server receives a maximum fragment length negotiation request for a value other
            // than the allowed values, it MUST abort the handshake with an "illegal_parameter" alert." A client
            // receiving such an echo has been answered with a value it did not request: the same alert.
            throw TlsAlertException.illegalParameter("max_fragment_length value " + code + " is not 1..4 (RFC 6066 4)");
        }
        return new MaxFragmentLengthExtension(code);
    }
}
