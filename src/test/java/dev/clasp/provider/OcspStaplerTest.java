package dev.clasp.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.clasp.it.ocsp.OcspPki;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stapling server's responder client and cache (RFC 6960 requests, nextUpdate, jdk.tls.stapling.*). */
class OcspStaplerTest {
    private OcspPki pki;
    private final AtomicLong now = new AtomicLong(System.currentTimeMillis());

    @BeforeEach
    void pki() throws Exception {
        pki = new OcspPki();
    }

    @AfterEach
    void close() {
        pki.close();
    }

    private OcspStapler stapler(int cacheSize, int lifetimeSeconds) {
        return new OcspStapler(null, false, cacheSize, lifetimeSeconds, 5000, false, now::get);
    }

    private X509Certificate[] chain() {
        return new X509Certificate[] {pki.server, pki.ca};
    }

    /** The request matches BouncyCastle's own CertificateID for the certificate (SHA-1 name and key hashes, serial). */
    @Test
    void requestCarriesTheRfc6960CertId() throws Exception {
        byte[] der = OcspRequests.request(OcspRequests.certId(pki.server, pki.ca), new byte[0]);
        OCSPReq req = new OCSPReq(der);
        CertificateID expected = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                .get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(pki.ca), pki.server.getSerialNumber());
        assertEquals(1, req.getRequestList().length);
        assertEquals(expected, req.getRequestList()[0].getCertID());
        assertEquals(false, req.isSigned());
        assertNull(req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce));
        assertEquals(pki.responderUri(), OcspRequests.responderUri(pki.server));
        assertNull(OcspRequests.responderUri(pki.ca), "no AIA");
    }

    @Test
    void fetchesFromTheAiaResponderAndCachesUntilNextUpdate() throws Exception {
        OcspStapler s = stapler(256, 0); // no lifetime cap: nextUpdate (now + 1 h at the responder) decides
        byte[] first = s.ocspResponse(chain(), new byte[0]);
        assertNotNull(first);
        assertArrayEquals(pki.lastResponse(), first);
        assertEquals(OCSPResp.SUCCESSFUL, new OCSPResp(first).getStatus());
        now.addAndGet(30 * 60_000L);
        assertArrayEquals(first, s.ocspResponse(chain(), new byte[0]));
        assertEquals(1, pki.requests(), "served from the cache");
        now.addAndGet(31 * 60_000L); // past nextUpdate: the cache entry is gone, and a fresh answer of the
        // responder (whose nextUpdate is an hour from its real time) is stale by this clock: nothing is stapled
        assertNull(s.ocspResponse(chain(), new byte[0]));
        assertEquals(2, pki.requests());
        assertEquals(0, s.cachedCount());
    }

    @Test
    void cacheLifetimeCapsTheEntry() throws Exception {
        OcspStapler s = stapler(256, 60);
        assertNotNull(s.ocspResponse(chain(), new byte[0]));
        now.addAndGet(59_000L);
        assertNotNull(s.ocspResponse(chain(), new byte[0]));
        assertEquals(1, pki.requests());
        now.addAndGet(2_000L);
        assertNotNull(s.ocspResponse(chain(), new byte[0]));
        assertEquals(2, pki.requests());
    }

    /** A client's request extensions (a nonce) go to the responder, and such an answer is not cached. */
    @Test
    void requestExtensionsAreForwardedAndNotCached() throws Exception {
        Extensions nonce = new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                new DEROctetString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})));
        OcspStapler s = stapler(256, 3600);
        byte[] r = s.ocspResponse(chain(), nonce.getEncoded());
        BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(r).getResponseObject();
        assertNotNull(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce), "the responder saw the nonce");
        assertEquals(0, s.cachedCount());
        OcspStapler ignoring = new OcspStapler(null, false, 256, 3600, 5000, true, now::get);
        r = ignoring.ocspResponse(chain(), nonce.getEncoded());
        basic = (BasicOCSPResp) new OCSPResp(r).getResponseObject();
        assertNull(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce), "ignoreExtensions");
        assertEquals(1, ignoring.cachedCount());
    }

    @Test
    void nothingToStapleWithoutIssuerResponderOrAnswer() throws Exception {
        OcspStapler s = stapler(256, 3600);
        assertNull(s.ocspResponse(new X509Certificate[] {pki.server}, new byte[0]), "no issuer for the CertID");
        assertNull(s.ocspResponse(new X509Certificate[] {pki.ca, pki.ca}, new byte[0]), "no AIA, no default");
        OcspStapler https = new OcspStapler(URI.create("https://127.0.0.1:1/"), true, 256, 3600, 5000, false,
                now::get);
        assertNull(https.ocspResponse(chain(), new byte[0]), "only http responders");
        OcspStapler wrong = new OcspStapler(URI.create(pki.responderUri().replace("/ocsp", "/none")), true, 256, 3600, 5000,
                false, now::get);
        assertNull(wrong.ocspResponse(chain(), new byte[0]), "a 404 is no response");
        assertEquals(0, pki.requests());
        // a response for another certificate is not stapled
        assertNull(OcspRequests.check(pki.response(), OcspRequests.certId(pki.ca, pki.ca), now.get()));
        assertNull(OcspRequests.check(new byte[] {0x30, 0x03, 0x0a, 0x01, 0x01}, // malformedRequest(1)
                OcspRequests.certId(pki.server, pki.ca), now.get()));
        assertNotNull(OcspRequests.check(pki.response(), OcspRequests.certId(pki.server, pki.ca), now.get()));
    }

    @Test
    void cacheIsBoundedLeastRecentlyUsedFirst() throws Exception {
        try (OcspPki other = new OcspPki()) {
            OcspStapler s = stapler(1, 3600);
            s.ocspResponse(chain(), new byte[0]);
            s.ocspResponse(new X509Certificate[] {other.server, other.ca}, new byte[0]);
            assertEquals(1, s.cachedCount());
            s.ocspResponse(chain(), new byte[0]); // evicted: asked again
            assertEquals(2, pki.requests());
        }
    }

    @Test
    void propertiesAsSunJsse() throws Exception {
        OcspStapler d = OcspStapler.fromProperties();
        assertNotNull(d);
        assertNull(d.ocspResponse(new X509Certificate[] {pki.ca, pki.ca}, new byte[0]));
        System.setProperty("jdk.tls.stapling.responderURI", pki.responderUri());
        try {
            // the CA has no AIA: the default responder is asked for it
            assertNotNull(OcspStapler.fromProperties());
            OcspStapler s = OcspStapler.fromProperties();
            s.ocspResponse(new X509Certificate[] {pki.ca, pki.ca}, new byte[0]);
            assertEquals(1, pki.requests());
        } finally {
            System.clearProperty("jdk.tls.stapling.responderURI");
        }
    }
}
