package dev.clasp.it.ocsp;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * A test PKI for OCSP stapling: a root CA (EC P-256), a server certificate for localhost whose AIA names a
 * loopback OCSP responder, and that responder (com.sun.net.httpserver on 127.0.0.1) answering RFC 6960 requests
 * with BouncyCastle-built responses signed by the CA: good, or revoked once {@link #revoke()} is called.
 */
public final class OcspPki implements AutoCloseable {
    public static final char[] PASSWORD = "changeit".toCharArray();

    private final HttpServer http;
    private final KeyPair caKeys;
    public final X509Certificate ca;
    private final KeyPair serverKeys;
    public final X509Certificate server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean revoked;
    private volatile long delayMillis;
    private volatile byte[] lastResponse;

    public OcspPki() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        http.createContext("/ocsp", exchange -> {
            try (exchange) {
                requests.incrementAndGet();
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                if ("GET".equals(exchange.getRequestMethod())) {
                    // RFC 6960 A.1: GET {url}/{url-encoding of base-64 encoding of the DER OCSPRequest} (the JDK's
                    // OCSP client uses it for small requests)
                    String path = exchange.getRequestURI().getRawPath();
                    String b64 = java.net.URLDecoder.decode(path.substring(path.indexOf("/ocsp/") + 6),
                            java.nio.charset.StandardCharsets.US_ASCII);
                    body = Base64.getDecoder().decode(b64);
                }
                long delay = delayMillis;
                if (delay > 0) {
                    Thread.sleep(delay);
                }
                byte[] resp = answer(body);
                lastResponse = resp;
                exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
                exchange.sendResponseHeaders(200, resp.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(resp);
                }
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        http.start();
        caKeys = ecKeys();
        long now = System.currentTimeMillis();
        X500Name caName = new X500Name("O=Clasp Test PKI, CN=clasp-ocsp-root");
        JcaX509v3CertificateBuilder cab = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(1),
                new Date(now - 86_400_000L), new Date(now + 10 * 86_400_000L), caName, caKeys.getPublic());
        cab.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        cab.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
                | KeyUsage.digitalSignature));
        ca = sign(cab);
        serverKeys = ecKeys();
        JcaX509v3CertificateBuilder sb = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(now),
                new Date(now - 86_400_000L), new Date(now + 5 * 86_400_000L),
                new X500Name("O=Clasp Test PKI, CN=localhost"), serverKeys.getPublic());
        sb.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        sb.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        sb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        sb.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, responderUri())));
        server = sign(sb);
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private X509Certificate sign(JcaX509v3CertificateBuilder b) throws Exception {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    public String responderUri() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/ocsp";
    }

    /** Requests the responder has received. */
    public int requests() {
        return requests.get();
    }

    /** From now on the server certificate is revoked (keyCompromise). */
    public void revoke() {
        revoked = true;
    }

    /** The responder waits this long before it answers. */
    public void delay(long millis) {
        delayMillis = millis;
    }

    /** The DER of the last response the responder sent, or null. */
    public byte[] lastResponse() {
        return lastResponse;
    }

    /** RFC 6960: a response for each CertID asked about, signed by the CA (the issuer, RFC 6960 4.2.2.2). */
    private byte[] answer(byte[] request) throws Exception {
        OCSPReq req = new OCSPReq(request);
        return response(req.getRequestList()[0].getCertID(), req.getExtension(
                org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce));
    }

    /** A DER OCSPResponse for the server certificate as the responder would answer now. */
    public byte[] response() throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                .get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(ca), server.getSerialNumber());
        return response(id, null);
    }

    private byte[] response(CertificateID id, Extension nonce) throws Exception {
        X509CertificateHolder caHolder = new JcaX509CertificateHolder(ca);
        BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(new RespID(caHolder.getSubject()));
        long now = System.currentTimeMillis();
        CertificateStatus status = revoked && id.getSerialNumber().equals(server.getSerialNumber())
                ? new RevokedStatus(new Date(now - 3_600_000L), CRLReason.keyCompromise) : CertificateStatus.GOOD;
        b.addResponse(id, status, new Date(now - 60_000L), new Date(now + 3_600_000L));
        if (nonce != null) {
            b.setResponseExtensions(new org.bouncycastle.asn1.x509.Extensions(nonce));
        }
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate());
        OCSPResp resp = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
                b.build(signer, new X509CertificateHolder[0], new Date(now)));
        return resp.getEncoded();
    }

    /** A key store holding the server key and chain (server, CA) under "server". */
    public KeyStore serverKeyStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", serverKeys.getPrivate(), PASSWORD, new X509Certificate[] {server, ca});
        return ks;
    }

    public KeyManagerFactory keyManagers() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", "SunJSSE");
        kmf.init(serverKeyStore(), PASSWORD);
        return kmf;
    }

    public KeyStore trustStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("root", ca);
        return ks;
    }

    /** SunJSSE's PKIX trust manager over the CA, without revocation checking. */
    public X509ExtendedTrustManager plainTrust() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        tmf.init(trustStore());
        return (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
    }

    /**
     * SunJSSE's PKIX trust manager with OCSP revocation checking of the leaf, no CRL fallback: it takes the
     * stapled response from the handshake session's getStatusResponses(), else asks the AIA responder itself.
     */
    public X509ExtendedTrustManager revocationTrust() throws Exception {
        PKIXBuilderParameters params = new PKIXBuilderParameters(trustStore(), new X509CertSelector());
        PKIXRevocationChecker rc = (PKIXRevocationChecker) CertPathValidator.getInstance("PKIX").getRevocationChecker();
        rc.setOptions(EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                PKIXRevocationChecker.Option.NO_FALLBACK));
        params.addCertPathChecker(rc);
        params.setRevocationEnabled(true);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        tmf.init(new CertPathTrustManagerParameters(params));
        return (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
    }

    /**
     * Writes server.crt, server.key (PKCS#8 PEM), ca.crt, chain.pem (server and CA) and the current response
     * (resp.der) to {@code dir}.
     */
    public void writeFiles(Path dir) throws Exception {
        Files.writeString(dir.resolve("server.crt"), pem("CERTIFICATE", server.getEncoded()));
        Files.writeString(dir.resolve("ca.crt"), pem("CERTIFICATE", ca.getEncoded()));
        Files.writeString(dir.resolve("chain.pem"), pem("CERTIFICATE", server.getEncoded())
                + pem("CERTIFICATE", ca.getEncoded()));
        // SEC 1 form with the curve and the public key: GnuTLS 3.7 does not read the JDK's bare PKCS#8 EC key
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo
                .getInstance(serverKeys.getPublic().getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                ((java.security.interfaces.ECPrivateKey) serverKeys.getPrivate()).getS(), spki.getPublicKeyData(),
                spki.getAlgorithm().getParameters());
        Files.writeString(dir.resolve("server.key"), pem("EC PRIVATE KEY", sec1.getEncoded()));
        Files.write(dir.resolve("resp.der"), response());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Records the handshake session's getStatusResponses() when the trust manager is asked about the server. */
    public static final class Recording extends dev.clasp.it.ForwardingTrustManager {
        public volatile java.util.List<byte[]> seen;

        public Recording(X509ExtendedTrustManager delegate) {
            super(delegate);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine)
                throws java.security.cert.CertificateException {
            seen = ((javax.net.ssl.ExtendedSSLSession) engine.getHandshakeSession()).getStatusResponses();
            super.checkServerTrusted(chain, authType, engine);
        }
    }

    /** A Clasp SSLContext with the server key, stapling on (jdk.tls.server.enableStatusRequestExtension). */
    public SSLContext claspStaplingServer() throws Exception {
        String old = System.getProperty("jdk.tls.server.enableStatusRequestExtension");
        System.setProperty("jdk.tls.server.enableStatusRequestExtension", "true");
        try {
            SSLContext ctx = SSLContext.getInstance("TLSv1.2", new dev.clasp.ClaspProvider());
            ctx.init(keyManagers().getKeyManagers(), new javax.net.ssl.TrustManager[] {plainTrust()}, null);
            return ctx;
        } finally {
            if (old == null) {
                System.clearProperty("jdk.tls.server.enableStatusRequestExtension");
            } else {
                System.setProperty("jdk.tls.server.enableStatusRequestExtension", old);
            }
        }
    }

    /** A Clasp client SSLContext with {@code tm}. */
    public static SSLContext claspClient(X509ExtendedTrustManager tm) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.2", new dev.clasp.ClaspProvider());
        ctx.init(null, new javax.net.ssl.TrustManager[] {tm}, null);
        return ctx;
    }

    @Override
    public void close() {
        http.stop(0);
    }

}
