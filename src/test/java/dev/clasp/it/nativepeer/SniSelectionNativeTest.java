package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.ClaspProvider;
import dev.clasp.it.TestPki;
import dev.clasp.it.nativepeer.NativePeers.Server;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SNI-aware certificate choice (RFC 6066 3) against native peers. A Clasp server whose Clasp key manager
 * ({@code PKIX}) holds server-sni-all.p12 (server-a and server-b in both key types, and an expired server-a)
 * serves {@code openssl s_client -servername} and {@code gnutls-cli --sni-hostname} the certificate for the name
 * they ask for, of the key type the suite needs; a Clasp client asking for a name gets s_server's matching
 * certificate ({@code -cert2/-key2} for {@code -servername}).
 */
class SniSelectionNativeTest {

    private static SSLContext claspServer() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", new ClaspProvider());
        kmf.init(TestPki.load("server-sni-all.p12"), TestPki.PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLSv1.2", new ClaspProvider());
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** OpenSSL name of the suite and what s_client / gnutls-cli print for the chosen certificate's subject. */
    private static String opensslCipher(String kx) {
        return kx.equals("ECDSA") ? "ECDHE-ECDSA-AES128-GCM-SHA256" : "ECDHE-RSA-AES128-GCM-SHA256";
    }

    @ParameterizedTest(name = "s_client -servername {1} ({0})")
    @CsvSource({"ECDSA, a.clasp.test, clasp-server-a", "ECDSA, b.clasp.test, clasp-server-b",
        "RSA, a.clasp.test, clasp-server-a-rsa", "RSA, b.clasp.test, clasp-server-b-rsa"})
    void sClientGetsTheCertificateForItsName(String kx, String host, String cn) throws Exception {
        NativeProcess.require("openssl");
        byte[] request = NativePeers.lines(1, 200, host.hashCode());
        byte[] response = NativePeers.lines(1, 300, cn.hashCode());
        try (ClaspServer server = new ClaspServer(claspServer(), e -> { });
                NativeProcess sc = NativeProcess.start(List.of("openssl", "s_client", "-connect",
                        "127.0.0.1:" + server.port(), "-servername", host, "-verify_hostname", host, "-tls1_2",
                        "-CAfile", "root-ca.crt", "-verify_return_error", "-ign_eof", "-nocommands",
                        "-cipher", opensslCipher(kx)))) {
            sc.stdin().write(request);
            sc.stdin().flush();
            ClaspServer.Exchange ex = server.serveOnce(sc, request.length, response);
            sc.awaitExit(TIMEOUT);
            String out = sc.output();
            assertTrue(out.contains("subject=O = Clasp Test PKI, CN = " + cn), sc.describe());
            assertTrue(out.contains("Verify return code: 0 (ok)"), sc.describe());
            assertEquals(host, ((javax.net.ssl.SNIHostName) ((javax.net.ssl.ExtendedSSLSession) ex.session())
                    .getRequestedServerNames().get(0)).getAsciiName());
        }
    }

    @ParameterizedTest(name = "gnutls-cli --sni-hostname {1} ({0})")
    @CsvSource({"ECDSA, a.clasp.test, clasp-server-a", "ECDSA, b.clasp.test, clasp-server-b",
        "RSA, a.clasp.test, clasp-server-a-rsa", "RSA, b.clasp.test, clasp-server-b-rsa"})
    void gnutlsCliGetsTheCertificateForItsName(String kx, String host, String cn) throws Exception {
        NativeProcess.require("gnutls-cli");
        String priority = "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-" + kx;
        byte[] request = NativePeers.lines(1, 200, host.hashCode());
        byte[] response = NativePeers.lines(1, 300, cn.hashCode());
        try (ClaspServer server = new ClaspServer(claspServer(), e -> { });
                NativeProcess client = NativeProcess.start(GnuTlsClientTest.gnutlsCli(server.port(), priority,
                        List.of("--sni-hostname", host, "--verify-hostname", host)))) {
            client.stdin().write(request);
            client.stdin().flush();
            server.serveOnce(client, request.length, response);
            client.awaitExit(TIMEOUT);
            String out = client.output();
            assertTrue(out.contains("- Certificate[0] info:\n - subject `CN=" + cn + ",O=Clasp Test PKI'"),
                    client.describe());
            assertTrue(out.contains("- Status: The certificate is trusted."), client.describe());
        }
    }

    /**
     * A Clasp client anchored at the intermediate CA: s_server sends no chain for its {@code -cert2} context, so
     * the root alone would not do. Endpoint identification (HTTPS) checks that the certificate names the host.
     */
    private static SSLContext claspClient() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(TestPki.dir().resolve("intermediate-ca.crt"))) {
            trust.setCertificateEntry("intermediate-ca",
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLSv1.2", new ClaspProvider());
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @ParameterizedTest(name = "Clasp client asks s_server for {1} ({0})")
    @CsvSource({"server-a, server-b, a.clasp.test, clasp-server-a", "server-a, server-b, b.clasp.test, clasp-server-b",
        "server-a-rsa, server-b-rsa, a.clasp.test, clasp-server-a-rsa",
        "server-a-rsa, server-b-rsa, b.clasp.test, clasp-server-b-rsa"})
    void claspClientGetsSServersCertificateForItsName(String first, String second, String host, String cn)
            throws Exception {
        NativeProcess.require("openssl");
        List<String> extra = new ArrayList<>(List.of("-cert2", second + ".crt", "-key2", second + ".key",
                "-servername", "b.clasp.test", "-rev"));
        try (Server srv = NativePeers.startServer(p -> OpenSslServerTest.sServer(p, first, extra),
                p -> "ACCEPT", false)) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = claspClient().createSSLEngine(host, srv.port());   // SNI = host
                engine.setUseClientMode(true);
                SSLParameters p = engine.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                engine.setSSLParameters(p);
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    ch.handshake();
                    X509Certificate leaf = (X509Certificate) engine.getSession().getPeerCertificates()[0];
                    assertEquals("CN=" + cn + ",O=Clasp Test PKI", leaf.getSubjectX500Principal().getName());
                    byte[] request = NativePeers.lines(1, 500, cn.hashCode());
                    ch.write(request);
                    assertEquals(OpenSslServerTest.reversedLines(NativePeers.ascii(request)),
                            NativePeers.ascii(ch.read(request.length)));
                    ch.closeGracefully(true);
                }
                srv.process().awaitExit(TIMEOUT);
                if (host.equals("b.clasp.test")) {
                    assertTrue(srv.process().output().contains("Switching server context."), srv.process().describe());
                }
            });
        }
    }
}
