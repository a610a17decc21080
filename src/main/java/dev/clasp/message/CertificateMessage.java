package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 5246 7.4.2 / 7.4.6 Certificate: the sender's chain, leaf first, as DER; empty when a client has no
 * certificate. Arrays must not be mutated.
 */
public record CertificateMessage(List<byte[]> certificates) implements HandshakeMessage {

    public CertificateMessage {
        certificates = List.copyOf(certificates);
        for (byte[] c : certificates) {
            // RFC 5246 7.4.2: opaque ASN.1Cert<1..2^24-1>
            CodecSupport.requireBytes(c, 0xFFFFFF, true, "ASN.1Cert");
        }
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.vector24(list -> {
            for (byte[] c : certificates) {
                list.opaque24(c);
            }
        });
    }

    /** RFC 5246 7.4.2: {@code ASN.1Cert certificate_list<0..2^24-1>} of {@code opaque ASN.1Cert<1..2^24-1>}. */
    public static CertificateMessage decode(TlsReader body) throws TlsAlertException {
        TlsReader list = body.vector24("certificate_list");
        body.expectEnd("Certificate");
        List<byte[]> certs = new ArrayList<>();
        while (list.hasRemaining()) {
            byte[] cert = list.opaque24("ASN.1Cert");
            if (cert.length == 0) {
                throw TlsAlertException.decodeError("certificate_list: empty ASN.1Cert at index " + certs.size());
            }
            certs.add(cert);
        }
        list.expectEnd("certificate_list");
        return new CertificateMessage(certs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateMessage m && CodecSupport.equalBytesLists(m.certificates, certificates);
    }

    @Override
    public int hashCode() {
        return CodecSupport.hashBytesList(certificates);
    }

    @Override
    public String toString() {
        return "CertificateMessage[certificates=" + CodecSupport.describe(certificates) + "]";
    }
}
