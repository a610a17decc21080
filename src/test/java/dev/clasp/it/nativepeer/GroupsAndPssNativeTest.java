package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.ClaspSSLSession;
import dev.clasp.it.Groups;
import dev.clasp.it.TestPki.Peer;
import dev.clasp.it.nativepeer.NativePeers.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 4 against native peers: the RFC 7027 brainpool groups for ECDHE (openssl both roles; gnutls 3.7.9 has no
 * brainpool groups, see {@code gnutls-cli --list}) and rsa_pss_pss_* signatures made with RSASSA-PSS keys
 * (server-rsapss, client-rsapss), in both roles and with client authentication, against openssl and gnutls.
 */
class GroupsAndPssNativeTest {

    /** Clasp with {@code jdk.tls.namedGroups} set to {@code groups} while the context is initialised. */
    private static SSLContext clasp(String keys, String groups) throws Exception {
        return groups == null ? NativePeers.clasp(keys) : Groups.with(Peer.CLASP, groups, () -> NativePeers.clasp(keys));
    }

    /**
     * A Clasp server context whose Clasp key manager holds both server-rsa (rsae) and server-rsapss: the PSS
     * certificate is chosen only for a peer that offers rsa_pss_pss_* and none of the schemes of the RSA key.
     */
    private static SSLContext claspRsaAndPss(String groups) throws Exception {
        java.util.concurrent.Callable<SSLContext> make = () -> {
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX",
                    new dev.clasp.ClaspProvider());
            List<java.security.KeyStore.Builder> b = new ArrayList<>();
            for (String s : List.of("server-rsa.p12", "server-rsapss.p12")) {
                b.add(java.security.KeyStore.Builder.newInstance(dev.clasp.it.TestPki.load(s),
                        new java.security.KeyStore.PasswordProtection(dev.clasp.it.TestPki.PASSWORD)));
            }
            kmf.init(new javax.net.ssl.KeyStoreBuilderParameters(b));
            SSLContext ctx = SSLContext.getInstance("TLSv1.2", new dev.clasp.ClaspProvider());
            ctx.init(kmf.getKeyManagers(), dev.clasp.it.TestPki.trustManagers("truststore.p12"), null);
            return ctx;
        };
        return groups == null ? make.call() : Groups.with(Peer.CLASP, groups, make);
    }

    private static String opensslCipher(String suite) {
        return suite.equals("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256") ? "DHE-RSA-AES128-GCM-SHA256"
                : NativePeers.opensslCipher(suite);
    }

    // ---------------------------------------------------------------------------------------------- openssl

    /**
     * Clasp client (brainpool groups enabled, offered first) to s_server restricted to one brainpool group:
     * the server can only pick that group (RFC 8422 5.1.1), and Clasp reports it.
     */
    @ParameterizedTest(name = "{0} {1} server={2} client={3}")
    @CsvSource({
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, brainpoolP256r1, server-rsa, -",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, brainpoolP384r1, server-rsa, client-ec",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, brainpoolP512r1, server-ec384, -",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, secp256r1, server-rsapss, -",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, brainpoolP256r1, server-rsapss, client-rsapss",
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, -, server-rsapss, client-rsapss"})
    void claspClientToSServer(String suite, String group, String serverKeys, String clientKeys) throws Exception {
        NativeProcess.require("openssl");
        String client = clientKeys.equals("-") ? null : clientKeys;
        boolean pss = serverKeys.equals("server-rsapss");
        List<String> extra = new ArrayList<>(List.of("-cipher", opensslCipher(suite), "-rev"));
        if (!group.equals("-")) {
            // openssl checks an ECDSA certificate's curve against its group list too: allow the certificates' curves
            String groups = group + (serverKeys.equals("server-ec384") ? ":P-384" : "")
                    + ("client-ec".equals(client) ? ":P-256" : "");
            extra.addAll(List.of("-groups", groups, "-serverpref"));
        }
        if (client != null) {
            extra.addAll(List.of("-Verify", "1", "-CAfile", "root-ca.crt"));
        }
        try (Server srv = NativePeers.startServer(p -> OpenSslServerTest.sServer(p, serverKeys, extra),
                p -> "ACCEPT", false)) {
            NativePeers.withOutput(srv.process(), () -> {
                String groups = group.startsWith("brainpool")
                        ? group + ",x25519,secp256r1,secp384r1" : null;
                SSLEngine engine = clasp(client, groups).createSSLEngine("localhost", srv.port());
                engine.setUseClientMode(true);
                engine.setEnabledCipherSuites(new String[] {suite});
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    ch.handshake();
                    ClaspSSLSession s = (ClaspSSLSession) engine.getSession();
                    assertEquals(suite, s.getCipherSuite());
                    if (!group.equals("-")) {
                        assertEquals(group, s.getNamedGroup());
                    }
                    if (pss) {
                        assertEquals("RSASSA-PSS", s.getPeerCertificates()[0].getPublicKey().getAlgorithm());
                        assertTrue(s.getPeerSignatureScheme().startsWith("rsa_pss_pss_"), s.getPeerSignatureScheme());
                    }
                    if ("client-rsapss".equals(client)) {
                        assertTrue(s.getLocalSignatureScheme().startsWith("rsa_pss_pss_"), s.getLocalSignatureScheme());
                    }
                    byte[] request = NativePeers.lines(2, 3000, suite.hashCode() + group.hashCode());
                    ch.write(request);
                    assertEquals(OpenSslServerTest.reversedLines(NativePeers.ascii(request)),
                            NativePeers.ascii(ch.read(request.length)));
                    ch.closeGracefully(true);
                }
                srv.process().awaitExit(TIMEOUT);
                String out = srv.process().output();
                assertTrue(out.contains("Ciphersuite: " + opensslCipher(suite)), srv.process().describe());
                if (group.startsWith("brainpool")) {
                    assertTrue(out.contains("Supported groups: " + group), srv.process().describe());
                }
                if (client != null) {
                    assertTrue(out.contains("Peer certificate: O = Clasp Test PKI, CN = clasp-" + client)
                            && out.contains("Verification: OK"), srv.process().describe());
                }
                if ("client-rsapss".equals(client)) {
                    assertTrue(out.contains("Signature type: RSA-PSS"), srv.process().describe());
                }
            });
        }
    }

    /**
     * s_client offering only the group (and signature scheme) under test to a Clasp server that enables the
     * brainpool groups: s_client prints the server's temp key and how the server signed.
     */
    @ParameterizedTest(name = "{0} {1} {3} server={2}")
    @CsvSource({
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, brainpoolP256r1, server-rsa, rsa_pss_rsae_sha256, -",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, brainpoolP384r1, server-rsa, -, client-rsa",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, brainpoolP512r1:P-256, server-ec256, -, -",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, X25519, server-rsapss, rsa_pss_pss_sha256, -",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, brainpoolP384r1, server-rsapss, rsa_pss_pss_sha384, client-rsapss",
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, X25519, server-rsapss, rsa_pss_pss_sha512, client-rsapss"})
    void sClientToClaspServer(String suite, String groups, String serverKeys, String sigalg, String clientKeys)
            throws Exception {
        NativeProcess.require("openssl");
        String client = clientKeys.equals("-") ? null : clientKeys;
        List<String> extra = new ArrayList<>(List.of("-cipher", opensslCipher(suite), "-groups", groups));
        if (!sigalg.equals("-")) {
            extra.addAll(List.of("-sigalgs", sigalg));
        }
        if (client != null) {
            extra.addAll(List.of("-cert", client + ".crt", "-cert_chain", "intermediate-ca.crt", "-key",
                    client + ".key"));
        }
        String first = groups.split(":")[0];
        byte[] request = NativePeers.lines(2, 3000, groups.hashCode());
        byte[] response = NativePeers.lines(3, 4000, suite.hashCode());
        String enabled = "brainpoolP256r1,brainpoolP384r1,brainpoolP512r1,x25519,secp256r1,secp384r1";
        SSLContext ctx = serverKeys.equals("server-rsapss") ? claspRsaAndPss(enabled) : clasp(serverKeys, enabled);
        try (ClaspServer server = new ClaspServer(ctx, e -> {
                    e.setEnabledCipherSuites(new String[] {suite});
                    e.setNeedClientAuth(client != null);
                });
                NativeProcess sc = NativeProcess.start(OpenSslClientTest.sClient(server.port(), extra))) {
            ClaspServer.Exchange ex = server.converse(sc, request, response);
            String out = sc.output();
            ClaspSSLSession s = (ClaspSSLSession) ex.session();
            assertEquals(suite, s.getCipherSuite());
            assertTrue(out.contains("New, TLSv1.2, Cipher is " + opensslCipher(suite)), sc.describe());
            assertTrue(out.contains("Verify return code: 0 (ok)"), sc.describe());
            if (first.startsWith("brainpool")) {
                assertEquals(first, s.getNamedGroup());
                assertTrue(out.contains("Server Temp Key: ECDH, " + first + ", " + first.substring(10, 13) + " bits"),
                        sc.describe());
            }
            if (!sigalg.equals("-")) {
                assertEquals(sigalg, s.getLocalSignatureScheme());
                assertTrue(out.contains("Peer signature type: RSA-PSS") && out.contains("Peer signing digest: SHA"
                        + sigalg.substring(sigalg.length() - 3)), sc.describe());
            }
            if (client != null) {
                assertTrue(s.getPeerCertificates()[0].toString().contains("clasp-" + client));
            }
            assertTrue(out.contains("subject=O = Clasp Test PKI, CN = clasp-" + serverKeys), sc.describe());
            if ("client-rsapss".equals(client)) {
                assertTrue(s.getPeerSignatureScheme().startsWith("rsa_pss_pss_"), s.getPeerSignatureScheme());
            }
        }
    }

    @TempDir
    static Path tmp;

    /**
     * RFC 7027 allows ECDSA certificates on brainpool curves, but Clasp signs and verifies ECDSA through SunEC,
     * which has no brainpool arithmetic on JDK 17+: a Clasp client refuses such a server certificate with
     * unsupported_certificate (before any trust decision), even with the brainpool groups enabled.
     */
    @org.junit.jupiter.api.Test
    void claspClientRefusesABrainpoolEcdsaCertificate() throws Exception {
        NativeProcess.require("openssl");
        Path key = tmp.resolve("bp.key");
        Path crt = tmp.resolve("bp.crt");
        NativeProcess gen = NativeProcess.start(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:brainpoolP256r1", "-nodes", "-keyout", key.toString(), "-out", crt.toString(),
                "-subj", "/CN=brainpool", "-days", "30"));
        gen.awaitExit(TIMEOUT);
        assertTrue(Files.size(crt) > 0, gen.describe());
        try (Server srv = NativePeers.startServer(p -> List.of("openssl", "s_server", "-accept", "127.0.0.1:" + p,
                "-naccept", "1", "-tls1_2", "-cert", crt.toString(), "-key", key.toString(),
                "-groups", "brainpoolP256r1", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"), p -> "ACCEPT", false)) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = clasp(null, "brainpoolP256r1,x25519").createSSLEngine("localhost", srv.port());
                engine.setUseClientMode(true);
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    javax.net.ssl.SSLHandshakeException e =
                            assertThrows(javax.net.ssl.SSLHandshakeException.class, ch::handshake);
                    assertTrue(e.getMessage().contains("unsupported_certificate"), e.getMessage());
                    ch.closeGracefully(false);
                }
                srv.process().awaitExit(TIMEOUT);
                assertTrue(srv.process().output().contains("unsupported certificate"), srv.process().describe());
            });
        }
    }

    // ---------------------------------------------------------------------------------------------- gnutls

    private static String gnutlsPriority(String kx, String cipher, String sign) {
        return "NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+" + cipher + ":-MAC-ALL:+AEAD:-KX-ALL:+" + kx
                + ":-SIGN-ALL:+" + sign;
    }

    /** gnutls-cli allowing only SIGN-RSA-PSS-SHAnnn (the rsa_pss_pss_* code points) to a Clasp server with a PSS key. */
    @ParameterizedTest(name = "{0} {2}")
    @CsvSource({
        "ECDHE-RSA, AES-128-GCM, SIGN-RSA-PSS-SHA256, rsa_pss_pss_sha256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "DHE-RSA, AES-256-GCM, SIGN-RSA-PSS-SHA384, rsa_pss_pss_sha384, TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
        "ECDHE-RSA, CHACHA20-POLY1305, SIGN-RSA-PSS-SHA512, rsa_pss_pss_sha512, "
                + "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"})
    void gnutlsCliToClaspServer(String kx, String cipher, String sign, String scheme, String suite) throws Exception {
        NativeProcess.require("gnutls-cli");
        byte[] request = NativePeers.lines(2, 3000, 21);
        byte[] response = NativePeers.lines(3, 4000, 22);
        // the server also holds an RSA (rsae) certificate: the PSS one is chosen because only rsa_pss_pss is offered
        try (ClaspServer server = new ClaspServer(claspRsaAndPss(null), e -> { });
                NativeProcess client = NativeProcess.start(GnuTlsClientTest.gnutlsCli(server.port(),
                        gnutlsPriority(kx, cipher, sign), List.of()))) {
            ClaspServer.Exchange ex = server.converse(client, request, response);
            String out = client.output();
            assertEquals(suite, ex.session().getCipherSuite());
            assertEquals(scheme, ((ClaspSSLSession) ex.session()).getLocalSignatureScheme());
            assertTrue(out.contains("-(RSA-PSS-" + sign.substring(sign.length() - 6) + ")-"), client.describe());
            assertTrue(out.contains("- Status: The certificate is trusted."), client.describe());
            assertTrue(out.contains("subject `CN=clasp-server-rsapss,"), client.describe());
        }
    }

    /** Clasp client (with the PSS client certificate) to gnutls-serv serving the PSS key. */
    @ParameterizedTest(name = "{0} {2}")
    @CsvSource({
        "ECDHE-RSA, AES-128-GCM, SIGN-RSA-PSS-SHA256, rsa_pss_pss_sha256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "DHE-RSA, AES-256-GCM, SIGN-RSA-PSS-SHA384, rsa_pss_pss_sha384, TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"})
    void claspClientToGnutlsServ(String kx, String cipher, String sign, String scheme, String suite) throws Exception {
        NativeProcess.require("gnutls-serv");
        // RFC 5246 7.4.4: the CertificateRequest's signature algorithms also govern the client's chain, which the
        // CAs signed with rsa_pkcs1_sha256 (SunJSSE's key manager skips a chain outside the list): allow it too.
        // The PSS key can still only sign with the rsa_pss_pss scheme.
        String priority = gnutlsPriority(kx, cipher, sign) + ":+SIGN-RSA-SHA256:%SERVER_PRECEDENCE";
        try (Server srv = GnuTlsServerTest.gnutlsServ("server-rsapss", priority,
                List.of("--require-client-cert", "--verify-client-cert", "--x509cafile", "root-ca.crt"))) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = NativePeers.clasp("client-rsapss").createSSLEngine("localhost", srv.port());
                engine.setUseClientMode(true);
                engine.setEnabledCipherSuites(new String[] {suite});
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    ch.handshake();
                    ClaspSSLSession s = (ClaspSSLSession) engine.getSession();
                    assertEquals(suite, s.getCipherSuite());
                    assertEquals(scheme, s.getPeerSignatureScheme());
                    assertEquals(scheme, s.getLocalSignatureScheme());
                    byte[] data = NativePeers.lines(3, 4000, 23);
                    ch.write(data);
                    assertEquals(NativePeers.ascii(data), NativePeers.ascii(ch.read(data.length)));
                    ch.closeGracefully(true);
                }
            });
        }
    }
}
