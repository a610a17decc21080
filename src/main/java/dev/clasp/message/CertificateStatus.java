package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import java.util.Arrays;

/**
 * RFC 6066 8 CertificateStatus (handshake type 22): {@code CertificateStatusType status_type} (only ocsp(1) is
 * defined) and {@code opaque OCSPResponse<1..2^24-1>}, the DER OCSPResponse of RFC 6960 4.2.1. Sent by a server
 * right after its Certificate. The array must not be mutated.
 */
public record CertificateStatus(byte[] ocspResponse) implements HandshakeMessage {
    /** RFC 6066 8: {@code ocsp(1)}. */
    public static final int OCSP = 1;

    public CertificateStatus {
        CodecSupport.requireBytes(ocspResponse, 0xFFFFFF, true, "OCSPResponse");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE_STATUS;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u8(OCSP);
        w.opaque24(ocspResponse);
    }

    public static CertificateStatus decode(TlsReader body) throws TlsAlertException {
        int statusType = body.u8("status_type");
        if (statusType != OCSP) {
            // RFC 6066 8: the client asked for ocsp, the only type there is; anything else was not offered.
            throw TlsAlertException.illegalParameter("CertificateStatus of status_type " + statusType
                    + "; only ocsp(1) was requested");
        }
        byte[] response = body.opaque24("OCSPResponse");
        if (response.length == 0) {
            // RFC 6066 8: opaque OCSPResponse<1..2^24-1>
            throw TlsAlertException.decodeError("CertificateStatus: empty OCSPResponse");
        }
        body.expectEnd("CertificateStatus");
        return new CertificateStatus(response);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateStatus s && Arrays.equals(s.ocspResponse, ocspResponse);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ocspResponse);
    }

    @Override
    public String toString() {
        return "CertificateStatus[ocsp, " + ocspResponse.length + "B]";
    }
}
