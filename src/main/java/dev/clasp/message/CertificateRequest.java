package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 5246 7.4.4 CertificateRequest. Arrays must not be mutated.
 *
 * @param certificateTypes       {@code ClientCertificateType certificate_types<1..2^8-1>}
 * @param signatureSchemes       {@code supported_signature_algorithms<2..2^16-2>}, u16 values
 * @param certificateAuthorities DER X.500 DistinguishedNames ({@code opaque<1..2^16-1>} each); may be empty
 */
public record CertificateRequest(byte[] certificateTypes, List<Integer> signatureSchemes,
        List<byte[]> certificateAuthorities) implements HandshakeMessage {
    /** RFC 5246 7.4.4 {@code rsa_sign(1)}. */
    public static final int RSA_SIGN = 1;
    /** RFC 8422 5.5 {@code ecdsa_sign(64)}. */
    public static final int ECDSA_SIGN = 64;

    public CertificateRequest {
        CodecSupport.requireBytes(certificateTypes, 0xFF, true, "certificate_types");
        signatureSchemes = CodecSupport.u16List(signatureSchemes, "supported_signature_algorithms", true);
        certificateAuthorities = List.copyOf(certificateAuthorities);
        for (byte[] dn : certificateAuthorities) {
            CodecSupport.requireBytes(dn, 0xFFFF, true, "DistinguishedName");
        }
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE_REQUEST;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.opaque8(certificateTypes);
        CodecSupport.writeU16List(w, signatureSchemes);
        w.vector16(list -> {
            for (byte[] dn : certificateAuthorities) {
                list.opaque16(dn);
            }
        });
    }

    public static CertificateRequest decode(TlsReader body) throws TlsAlertException {
        // RFC 5246 7.4.4: ClientCertificateType certificate_types<1..2^8-1>
        byte[] types = body.opaque8("certificate_types");
        if (types.length == 0) {
            throw TlsAlertException.decodeError("certificate_types: empty");
        }
        // RFC 5246 7.4.4: SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>
        List<Integer> schemes = CodecSupport.readU16List(body.vector16("supported_signature_algorithms"),
                "supported_signature_algorithms");
        // RFC 5246 7.4.4: DistinguishedName certificate_authorities<0..2^16-1>; opaque DistinguishedName<1..2^16-1>
        TlsReader list = body.vector16("certificate_authorities");
        body.expectEnd("CertificateRequest");
        List<byte[]> authorities = new ArrayList<>();
        while (list.hasRemaining()) {
            byte[] dn = list.opaque16("DistinguishedName");
            if (dn.length == 0) {
                throw TlsAlertException.decodeError("certificate_authorities: empty DistinguishedName");
            }
            authorities.add(dn);
        }
        list.expectEnd("certificate_authorities");
        return new CertificateRequest(types, schemes, authorities);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateRequest c && Arrays.equals(c.certificateTypes, certificateTypes)
                && c.signatureSchemes.equals(signatureSchemes)
                && CodecSupport.equalBytesLists(c.certificateAuthorities, certificateAuthorities);
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(certificateTypes);
        h = 31 * h + signatureSchemes.hashCode();
        return 31 * h + CodecSupport.hashBytesList(certificateAuthorities);
    }

    @Override
    public String toString() {
        return "CertificateRequest[certificateTypes=" + CodecSupport.describe(certificateTypes) + ", signatureSchemes="
                + CodecSupport.describeU16List(signatureSchemes) + ", certificateAuthorities=" + CodecSupport.describe(certificateAuthorities) + "]";
    }
}
