package dev.clasp.handshake;

import dev.clasp.alert.TlsAlertException;
import java.util.Arrays;

/**
 * The RFC 8446 4.1.3 downgrade protection sentinels in ServerHello.random, as a TLS 1.2-only client sees them.
 *
 * <p>"44 4F 57 4E 47 52 44 01" ({@code DOWNGRD\1}) is what every TLS 1.3 server MUST send when it negotiates
 * TLS 1.2, which it does with Clasp because Clasp offers only 1.2: the RFC asks only TLS 1.3 clients to reject it,
 * and rejecting it would break every TLS 1.3-capable server (OpenSSL 1.1.1+, SunJSSE 11+). It is accepted.
 *
 * <p>"44 4F 57 4E 47 52 44 00" ({@code DOWNGRD\0}) is what a TLS 1.3 server MUST, and a TLS 1.2 server SHOULD,
 * send when it negotiates TLS 1.1 or below: "TLS 1.2 clients SHOULD also check that the last 8 bytes are not equal
 * to the second value". A ServerHello below 1.2 is already refused with protocol_version; one that says 1.2 and
 * carries this value claims the server settled for 1.1 or below, so the hello was tampered with or the server is
 * broken: illegal_parameter, as a TLS 1.3 client does.
 */
final class Downgrade {
    /** "DOWNGRD" followed by 0x00: the server negotiated TLS 1.1 or below. */
    static final byte[] TLS11_OR_BELOW = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x00};
    /** "DOWNGRD" followed by 0x01: a TLS 1.3 server negotiated TLS 1.2. */
    static final byte[] TLS12 = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x01};

    private Downgrade() {
    }

    /** RFC 8446 4.1.3: rejects a TLS 1.2 ServerHello.random that ends in the TLS 1.1-or-below sentinel. */
    static void check(byte[] serverRandom) throws TlsAlertException {
        if (serverRandom.length == 32 && Arrays.equals(serverRandom, 24, 32, TLS11_OR_BELOW, 0, 8)) {
            throw TlsAlertException.illegalParameter("ServerHello.random ends in the RFC 8446 4.1.3 downgrade "
                    + "sentinel DOWNGRD\\x00 (a server that negotiated TLS 1.1 or below) in a TLS 1.2 ServerHello");
        }
    }
}
