package dev.clasp.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.message.ext.EcPointFormatsExtension;
import dev.clasp.message.ext.ExtendedMasterSecretExtension;
import dev.clasp.message.ext.Extension;
import dev.clasp.message.ext.ExtensionType;
import dev.clasp.message.ext.ServerNameExtension;
import dev.clasp.message.ext.SignatureAlgorithmsExtension;
import dev.clasp.message.ext.StatusRequestExtension;
import dev.clasp.message.ext.SupportedGroupsExtension;
import dev.clasp.message.ext.UnknownExtension;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.SignatureScheme;
import java.io.ByteArrayInputStream;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decodes what real peers send (SunJSSE and BCJSSE, in this JVM) and re-encodes it byte-exact: the registry must keep
 * order and unknown extensions, and each codec must match real encodings.
 */
class RealPeerMessagesTest {
    private static final Provider BCJSSE = new BouncyCastleJsseProvider();

    private static SSLContext sunJsse() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.2", "SunJSSE");
        ctx.init(null, null, null);
        return ctx;
    }

    /** BCJSSE needs an explicit SecureRandom when the BC JCA provider is not installed ("DEFAULT" is BC's). */
    private static SSLContext bcJsse() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.2", BCJSSE);
        ctx.init(null, null, new SecureRandom());
        return ctx;
    }

    private static ClientHello decodeExactly(byte[] body) throws Exception {
        ClientHello ch = ClientHello.decode(new TlsReader(body));
        assertArrayEquals(body, TestBytes.body(ch), "re-encoding must be byte-exact");
        System.out.println(HandshakeMessages.describe(ch));
        return ch;
    }

    private static List<Integer> extensionOrder(ClientHello ch) {
        return ch.extensions().stream().map(Extension::type).collect(Collectors.toList());
    }

    private static void assertCommonTls12Offer(ClientHello ch) {
        assertEquals(0x0303, ch.legacyVersion());
        assertEquals(32, ch.random().length);
        assertTrue(ch.cipherSuites().containsAll(List.of(0xC02B, 0xC02F, 0xC02C, 0xC030)), ch::toString);
        assertArrayEquals(new byte[] {0}, ch.compressionMethods());
        // RFC 5746 3.3: secure renegotiation is signalled by the SCSV or by the extension
        assertTrue(ch.cipherSuites().contains(CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV)
                || ch.hasExtension(ExtensionType.RENEGOTIATION_INFO.code()));
        assertTrue(ch.extension(SupportedGroupsExtension.class).groups().containsAll(List.of(29, 23)));
        assertTrue(ch.extension(SignatureAlgorithmsExtension.class).schemes().containsAll(List.of(0x0403, 0x0401)));
        assertNotNull(ch.extension(ExtendedMasterSecretExtension.class));
        assertEquals(EcPointFormatsExtension.uncompressed(), ch.extension(EcPointFormatsExtension.class));
        // status_request (RFC 6066 8): ocsp, no responder ids, no request extensions, from every peer here
        assertEquals(StatusRequestExtension.ocsp(), ch.extension(StatusRequestExtension.class));
    }

    @Test
    void sunJsseClientHello() throws Exception {
        ClientHello ch = decodeExactly(JsseCapture.clientHelloBody(sunJsse(), false));
        assertCommonTls12Offer(ch);
        System.out.println("SunJSSE extension order: " + extensionOrder(ch));
        // SunJSSE sends no server_name for a host name without a dot, such as "localhost"
        assertNull(ch.extension(ServerNameExtension.class));
        // ... and supported_versions (TLS 1.3 machinery, unknown to us) even from a TLSv1.2 context
        assertTrue(ch.hasExtension(ExtensionType.SUPPORTED_VERSIONS.code()));
        assertTrue(ch.extension(SupportedGroupsExtension.class).groups().contains(29));

        ClientHello withSni = decodeExactly(JsseCapture.clientHelloBody(sunJsse(), true));
        assertEquals("localhost", withSni.extension(ServerNameExtension.class).hostName());
        assertEquals(ServerNameExtension.ofHostName("localhost"), withSni.extension(ServerNameExtension.class));
    }

    @Test
    void bcJsseClientHello() throws Exception {
        ClientHello ch = decodeExactly(JsseCapture.clientHelloBody(bcJsse(), false));
        assertCommonTls12Offer(ch);
        System.out.println("BCJSSE extension order: " + extensionOrder(ch));
        assertNull(ch.extension(ServerNameExtension.class)); // BCJSSE, too, skips dotless names

        ClientHello withSni = decodeExactly(JsseCapture.clientHelloBody(bcJsse(), true));
        assertEquals("localhost", withSni.extension(ServerNameExtension.class).hostName());
    }

    static Stream<Arguments> pairs() {
        return Stream.of("SunJSSE", "BCJSSE").flatMap(c -> Stream.of("SunJSSE", "BCJSSE")
                .flatMap(s -> Stream.of(Arguments.of(c, s, "EC"), Arguments.of(c, s, "RSA"))));
    }

    /** Full in-memory handshake with client auth requested: every plaintext message decodes and re-encodes. */
    @ParameterizedTest(name = "{0} client, {1} server, {2} key")
    @MethodSource("pairs")
    void fullHandshakeMessages(String clientName, String serverName, String keyType) throws Exception {
        Provider sun = Security.getProvider("SunJSSE");
        Provider cp = clientName.equals("SunJSSE") ? sun : BCJSSE;
        Provider sp = serverName.equals("SunJSSE") ? sun : BCJSSE;
        SSLContext cctx = SSLContext.getInstance("TLSv1.2", cp);
        cctx.init(null, SelfSignedPki.trustAll(), new SecureRandom());
        SSLContext sctx = SSLContext.getInstance("TLSv1.2", sp);
        sctx.init(SelfSignedPki.keyManagers(keyType, sp, sp == sun ? "SunX509" : "PKIX"), null, new SecureRandom());
        SSLEngine client = cctx.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        SSLEngine server = sctx.createSSLEngine();
        server.setUseClientMode(false);
        server.setWantClientAuth(true);

        JsseCapture.Flights flights = JsseCapture.handshake(client, server);
        List<HandshakeMessage> c = decodeAll(flights.client());
        List<HandshakeMessage> s = decodeAll(flights.server());
        c.forEach(m -> System.out.println(clientName + " > " + HandshakeMessages.describe(m)));
        s.forEach(m -> System.out.println(serverName + " < " + HandshakeMessages.describe(m)));

        ClientHello ch = assertInstanceOf(ClientHello.class, c.get(0));
        CertificateMessage clientCerts = assertInstanceOf(CertificateMessage.class, c.get(1));
        assertTrue(clientCerts.certificates().isEmpty());
        ClientKeyExchangeEcdhe cke = assertInstanceOf(ClientKeyExchangeEcdhe.class, c.get(2));
        assertEquals(3, c.size());

        ServerHello sh = assertInstanceOf(ServerHello.class, s.get(0));
        assertEquals(0x0303, sh.version());
        assertTrue(ch.cipherSuites().contains(sh.cipherSuite()));
        assertEquals(0, sh.compressionMethod());
        assertNotNull(sh.extension(ExtendedMasterSecretExtension.class));
        assertTrue(sh.hasExtension(ExtensionType.RENEGOTIATION_INFO.code()));

        CertificateMessage certs = assertInstanceOf(CertificateMessage.class, s.get(1));
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certs.certificates().get(0)));
        assertEquals("CN=localhost", leaf.getSubjectX500Principal().getName());

        ServerKeyExchangeEcdhe ske = assertInstanceOf(ServerKeyExchangeEcdhe.class, s.get(2));
        assertTrue(ch.extension(SupportedGroupsExtension.class).groups().contains(ske.namedGroup()));
        assertEquals(cke.publicValue().length, ske.publicValue().length);
        assertTrue(ch.extension(SignatureAlgorithmsExtension.class).schemes().contains(ske.signatureScheme()));
        assertTrue(verifies(ske, ch.random(), sh.random(), leaf), "ServerKeyExchange signature over params()");

        CertificateRequest cr = assertInstanceOf(CertificateRequest.class, s.get(3));
        assertTrue(cr.certificateTypes().length > 0);
        assertFalse(cr.signatureSchemes().isEmpty());
        cr.certificateAuthorities().forEach(dn -> assertNotNull(new X500Principal(dn).getName()));

        assertInstanceOf(ServerHelloDone.class, s.get(4));
        // SunJSSE servers send NewSessionTicket before their ChangeCipherSpec (RFC 5077 3.3), still in the clear
        for (HandshakeMessage extra : s.subList(5, s.size())) {
            assertInstanceOf(NewSessionTicket.class, extra);
        }
    }

    private static List<HandshakeMessage> decodeAll(List<JsseCapture.Raw> raws) throws Exception {
        List<HandshakeMessage> out = new java.util.ArrayList<>();
        for (JsseCapture.Raw raw : raws) {
            HandshakeMessage m = HandshakeMessages.decode(HandshakeType.fromCode(raw.type()), raw.reader());
            assertEquals(raw.type(), m.type().code());
            assertArrayEquals(raw.body(), TestBytes.body(m), () -> "byte-exact re-encoding of " + m);
            out.add(m);
        }
        return out;
    }

    /** RFC 5246 7.4.3: signature over client_random || server_random || ServerECDHParams. */
    private static boolean verifies(ServerKeyExchangeEcdhe ske, byte[] clientRandom, byte[] serverRandom,
            X509Certificate cert) throws Exception {
        SignatureScheme scheme = SignatureScheme.fromId(ske.signatureScheme());
        Signature sig = Signature.getInstance(scheme.jcaAlgorithm());
        if (scheme.isPss()) {
            MGF1ParameterSpec mgf = new MGF1ParameterSpec(scheme.hashAlgorithm());
            sig.setParameter(new PSSParameterSpec(scheme.hashAlgorithm(), "MGF1", mgf, scheme.hashLength(), 1));
        }
        sig.initVerify(cert.getPublicKey());
        sig.update(clientRandom);
        sig.update(serverRandom);
        sig.update(ske.params());
        return sig.verify(ske.signature());
    }
}
