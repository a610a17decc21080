package dev.clasp.provider;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.ocsp.BasicOCSPResponse;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPRequest;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.bouncycastle.asn1.ocsp.Request;
import org.bouncycastle.asn1.ocsp.ResponseBytes;
import org.bouncycastle.asn1.ocsp.SingleResponse;
import org.bouncycastle.asn1.ocsp.TBSRequest;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The OCSP structures a stapling server needs (RFC 6960), over BouncyCastle's ASN.1 classes (bcprov): the
 * request for one certificate, the responder named in its AIA, and the checks on what comes back.
 */
final class OcspRequests {
    /** id-sha1 (1.3.14.3.2.26), the CertID hash of RFC 6960 4.1.1 that every responder knows. */
    private static final ASN1ObjectIdentifier ID_SHA1 = new ASN1ObjectIdentifier("1.3.14.3.2.26");

    private OcspRequests() {
    }

    /**
     * RFC 6960 4.1.1 CertID of {@code cert} issued by {@code issuer}: SHA-1 of the issuer's DER name and of its
     * public key's BIT STRING value, and the serial number (the form SunJSSE and OpenSSL send).
     */
    static CertID certId(X509Certificate cert, X509Certificate issuer) throws IOException {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] nameHash = sha1.digest(issuer.getSubjectX500Principal().getEncoded());
            byte[] key = SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded()).getPublicKeyData()
                    .getBytes();
            byte[] keyHash = sha1.digest(key);
            return new CertID(new AlgorithmIdentifier(ID_SHA1, DERNull.INSTANCE),
                    new DEROctetString(nameHash), new DEROctetString(keyHash), new ASN1Integer(cert.getSerialNumber()));
        } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
            throw new IOException("cannot build the OCSP CertID: " + e.getMessage(), e);
        }
    }

    /**
     * RFC 6960 4.1.1 OCSPRequest, unsigned, for one CertID, with {@code requestExtensions} (DER Extensions, e.g. a
     * client's nonce; null or empty for none) as the requestExtensions of the TBSRequest.
     */
    static byte[] request(CertID id, byte[] requestExtensions) throws IOException {
        Extensions exts = null;
        if (requestExtensions != null && requestExtensions.length > 0) {
            try {
                exts = Extensions.getInstance(requestExtensions);
            } catch (IllegalArgumentException e) {
                throw new IOException("client request_extensions are not DER Extensions", e);
            }
        }
        TBSRequest tbs = new TBSRequest(null, new DERSequence(new Request(id, null)), exts);
        return new OCSPRequest(tbs, null).getEncoded(ASN1Encoding.DER);
    }

    /** The first http URI of an id-ad-ocsp access description in {@code cert}'s AIA (RFC 5280 4.2.2.1), or null. */
    static String responderUri(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (ext == null) {
            return null;
        }
        try {
            AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
                    ASN1OctetString.getInstance(ext).getOctets());
            for (AccessDescription d : aia.getAccessDescriptions()) {
                GeneralName loc = d.getAccessLocation();
                if (d.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
                        && loc.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    return loc.getName().toString();
                }
            }
        } catch (IllegalArgumentException e) {
            return null; // a malformed AIA names no responder
        }
        return null;
    }

    /** A checked response: its DER and when it stops being fresh (nextUpdate, ms), or -1 when it names none. */
    record Checked(byte[] der, long nextUpdate) {
    }

    /**
     * Checks a responder's answer before it is stapled: an OCSPResponse (RFC 6960 4.2.1) with status successful,
     * a BasicOCSPResponse, and a SingleResponse for {@code id} (same serial; same hashes when SHA-1) that is not
     * past its nextUpdate at {@code now}. The status itself (good, revoked, unknown) and the signature are the
     * client's to judge. Null when the answer does not qualify.
     */
    static Checked check(byte[] der, CertID id, long now) {
        try {
            OCSPResponse resp = OCSPResponse.getInstance(ASN1Sequence.getInstance(der));
            if (resp.getResponseStatus().getIntValue() != OCSPResponseStatus.SUCCESSFUL) {
                return null;
            }
            ResponseBytes bytes = resp.getResponseBytes();
            if (bytes == null || !OCSPObjectIdentifiers.id_pkix_ocsp_basic.equals(bytes.getResponseType())) {
                return null;
            }
            BasicOCSPResponse basic = BasicOCSPResponse.getInstance(bytes.getResponse().getOctets());
            ASN1Sequence responses = basic.getTbsResponseData().getResponses();
            for (int i = 0; i < responses.size(); i++) {
                SingleResponse single = SingleResponse.getInstance(responses.getObjectAt(i));
                if (!matches(single.getCertID(), id)) {
                    continue;
                }
                ASN1GeneralizedTime next = single.getNextUpdate();
                long nextUpdate = next == null ? -1 : next.getDate().getTime();
                if (nextUpdate >= 0 && nextUpdate <= now) {
                    return null; // RFC 6960 4.2.2.1: stale
                }
                return new Checked(der.clone(), nextUpdate);
            }
            return null;
        } catch (RuntimeException | java.text.ParseException e) {
            return null; // not an OCSPResponse
        }
    }

    private static boolean matches(CertID got, CertID want) {
        BigInteger serial = got.getSerialNumber().getValue();
        if (!serial.equals(want.getSerialNumber().getValue())) {
            return false;
        }
        if (!got.getHashAlgorithm().getAlgorithm().equals(want.getHashAlgorithm().getAlgorithm())) {
            return true; // another hash (e.g. SHA-256): the serial is what can be compared here
        }
        return got.getIssuerNameHash().equals(want.getIssuerNameHash())
                && got.getIssuerKeyHash().equals(want.getIssuerKeyHash());
    }
}
