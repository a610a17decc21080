package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.StaticRsa;
import dev.clasp.it.nativepeer.NativePeers.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 4 against native peers: DHE_RSA / DHE_DSS (RFC 7919 groups chosen by the client's supported_groups,
 * explicit {@code -dhparam} groups, the 2048-bit fallback), static RSA key exchange and DSA client certificates,
 * with {@code openssl s_server/s_client} and {@code gnutls-serv/gnutls-cli} on loopback.
 */
class KeyExchangeNativeTest {
    @TempDir
    static Path tmp;

    static String opensslCipher(String suite) {
        return switch (suite) {
            case "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256" -> "DHE-RSA-AES128-GCM-SHA256";
            case "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384" -> "DHE-RSA-AES256-GCM-SHA384";
            case "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256" -> "DHE-RSA-CHACHA20-POLY1305";
            case "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256" -> "DHE-DSS-AES128-GCM-SHA256";
            case "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384" -> "DHE-DSS-AES256-GCM-SHA384";
            case "TLS_RSA_WITH_AES_128_GCM_SHA256" -> "AES128-GCM-SHA256";
            case "TLS_RSA_WITH_AES_256_GCM_SHA384" -> "AES256-GCM-SHA384";
            case "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" -> "ECDHE-RSA-AES128-GCM-SHA256";
            case "TLS_DH_anon_WITH_AES_128_GCM_SHA256" -> "ADH-AES128-GCM-SHA256";
            case "TLS_DH_anon_WITH_AES_256_GCM_SHA384" -> "ADH-AES256-GCM-SHA384";
            default -> throw new IllegalArgumentException(suite);
        };
    }

    /** An openssl DH parameter file for a named group (ffdhe3072, modp_2048, ...). */
    static String dhparam(String group) throws Exception {
        Path f = tmp.resolve(group + ".pem");
        if (!Files.exists(f)) {
            NativeProcess p = NativeProcess.start(List.of("openssl", "genpkey", "-genparam", "-algorithm", "DH",
                    "-pkeyopt", "group:" + group, "-out", f.toString()));
            p.awaitExit(TIMEOUT);
            assertTrue(Files.size(f) > 0, p.describe());
        }
        return f.toString();
    }

    /**
     * Clasp client to s_server. {@code dhparam}: "-" for openssl's automatic parameters, else a named group file;
     * {@code group}: what Clasp must report ("-" for none or not an RFC 7919 group).
     */
    @ParameterizedTest(name = "{0} dhparam={1} server={3} client={4}")
    @CsvSource({
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, ffdhe3072, ffdhe3072, server-rsa, -",
        "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, ffdhe2048, ffdhe2048, server-rsa, client-rsa",
        "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256, modp_2048, -, server-rsa, -",
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, -, ?, server-rsa, client-dsa",
        "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256, ffdhe2048, ffdhe2048, server-dsa, -",
        "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384, ffdhe4096, ffdhe4096, server-dsa, client-dsa",
        "TLS_RSA_WITH_AES_128_GCM_SHA256, -, -, server-rsa, -",
        "TLS_RSA_WITH_AES_256_GCM_SHA384, -, -, server-rsa, client-rsa",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, -, x25519, server-rsa, client-dsa"})
    void claspClientToSServer(String suite, String dh, String group, String serverKeys, String clientKeys)
            throws Exception {
        NativeProcess.require("openssl");
        String client = clientKeys.equals("-") ? null : clientKeys;
        List<String> extra = new ArrayList<>(List.of("-cipher", opensslCipher(suite), "-rev"));
        if (!dh.equals("-")) {
            extra.addAll(List.of("-dhparam", dhparam(dh)));
        }
        if (client != null) {
            extra.addAll(List.of("-Verify", "1", "-CAfile", "root-ca.crt"));
        }
        try (Server srv = NativePeers.startServer(p -> OpenSslServerTest.sServer(p, serverKeys, extra),
                p -> "ACCEPT", false)) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = StaticRsa.permitted(() -> NativePeers.clasp(client))
                        .createSSLEngine("localhost", srv.port());
                engine.setUseClientMode(true);
                engine.setEnabledCipherSuites(new String[] {suite});
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    ch.handshake();
                    SSLSession s = engine.getSession();
                    assertEquals(suite, s.getCipherSuite());
                    if (!group.equals("?")) {
                        assertEquals(group.equals("-") ? null : group, NativePeers.negotiatedGroup(s));
                    }
                    byte[] request = NativePeers.lines(3, 4000, suite.hashCode());
                    ch.write(request);
                    assertEquals(OpenSslServerTest.reversedLines(NativePeers.ascii(request)),
                            NativePeers.ascii(ch.read(request.length)));
                    ch.closeGracefully(true);
                }
                srv.process().awaitExit(TIMEOUT);
                String out = srv.process().output();
                assertTrue(out.contains("Ciphersuite: " + opensslCipher(suite)), srv.process().describe());
                if (client != null) {
                    assertTrue(out.contains("Peer certificate: O = Clasp Test PKI, CN = clasp-" + client)
                            && out.contains("Verification: OK"), srv.process().describe());
                }
            });
        }
    }

    /** RFC 7919 5.1: a Clasp client refuses a 1536-bit group with insufficient_security, which s_server reports. */
    @ParameterizedTest
    @CsvSource("modp_1536")
    void claspClientRefusesSmallGroup(String dh) throws Exception {
        NativeProcess.require("openssl");
        // Debian's openssl refuses to serve such a group at its default security level: lower it for the test.
        List<String> extra = List.of("-cipher", opensslCipher("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256") + ":@SECLEVEL=0",
                "-dhparam", dhparam(dh));
        try (Server srv = NativePeers.startServer(p -> OpenSslServerTest.sServer(p, "server-rsa", extra),
                p -> "ACCEPT", false)) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = NativePeers.clasp(null).createSSLEngine("localhost", srv.port());
                engine.setUseClientMode(true);
                engine.setEnabledCipherSuites(new String[] {"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"});
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    SSLHandshakeException e = assertThrows(SSLHandshakeException.class, ch::handshake);
                    assertTrue(e.getMessage().contains("insufficient_security") && e.getMessage().contains("1536"),
                            e.getMessage());
                    ch.closeGracefully(false); // sends the pending fatal alert
                }
                srv.process().awaitExit(TIMEOUT);
                assertTrue(srv.process().output().contains("insufficient security"), srv.process().describe());
            });
        }
    }

    /**
     * s_client to a Clasp server. OpenSSL 3.0 offers FFDHE groups in supported_groups only for TLS 1.3, so even
     * with {@code -groups ffdheN} a TLS 1.2 ClientHello carries none and Clasp uses its 2048-bit fallback
     * (RFC 7919 4; gnutls below offers them). Static RSA has no temp key at all.
     */
    @ParameterizedTest(name = "{0} groups={1} server={2} client={4}")
    @CsvSource({
        "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, ffdhe4096, server-rsa, DH 2048 bits, -",
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, X25519, server-rsa, DH 2048 bits, client-rsa",
        "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256, X25519:P-256, server-rsa, DH 2048 bits, -",
        "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384, ffdhe2048, server-dsa, DH 2048 bits, client-dsa",
        "TLS_RSA_WITH_AES_128_GCM_SHA256, X25519, server-rsa, -, -",
        "TLS_RSA_WITH_AES_256_GCM_SHA384, X25519, server-rsa, -, client-dsa"})
    void sClientToClaspServer(String suite, String groups, String serverKeys, String tempKey, String clientKeys)
            throws Exception {
        NativeProcess.require("openssl");
        String client = clientKeys.equals("-") ? null : clientKeys;
        List<String> extra = new ArrayList<>(List.of("-cipher", opensslCipher(suite), "-groups", groups));
        if (client != null) {
            extra.addAll(List.of("-cert", client + ".crt", "-cert_chain", "intermediate-ca.crt", "-key",
                    client + ".key"));
        }
        byte[] request = NativePeers.lines(2, 3000, groups.hashCode());
        byte[] response = NativePeers.lines(4, 5000, suite.hashCode());
        try (ClaspServer server = new ClaspServer(StaticRsa.permitted(() -> NativePeers.clasp(serverKeys)), e -> {
                    e.setEnabledCipherSuites(new String[] {suite});
                    e.setNeedClientAuth(client != null);
                });
                NativeProcess sc = NativeProcess.start(OpenSslClientTest.sClient(server.port(), extra))) {
            ClaspServer.Exchange ex = server.converse(sc, request, response);
            String out = sc.output();
            assertEquals(suite, ex.session().getCipherSuite());
            assertTrue(out.contains("New, TLSv1.2, Cipher is " + opensslCipher(suite)), sc.describe());
            assertTrue(out.contains("Verify return code: 0 (ok)"), sc.describe());
            if (tempKey.equals("-")) {
                assertTrue(!out.contains("Server Temp Key"), sc.describe());
            } else {
                assertTrue(out.contains("Server Temp Key: " + tempKey.replace("DH ", "DH, ")), sc.describe());
            }
            if (client != null) {
                assertTrue(ex.session().getPeerCertificates()[0].toString().contains("clasp-" + client));
            }
        }
    }

    /** DH_anon with openssl (which needs security level 0 for unauthenticated suites), both directions. */
    @ParameterizedTest
    @CsvSource({"TLS_DH_anon_WITH_AES_128_GCM_SHA256", "TLS_DH_anon_WITH_AES_256_GCM_SHA384"})
    void anonymousBothWays(String suite) throws Exception {
        NativeProcess.require("openssl");
        String cipher = opensslCipher(suite) + ":@SECLEVEL=0";
        String dh = dhparam("ffdhe3072");
        // Clasp client -> s_server without a certificate
        try (Server srv = NativePeers.startServer(p -> List.of("openssl", "s_server", "-accept", "127.0.0.1:" + p,
                "-naccept", "1", "-tls1_2", "-nocert", "-cipher", cipher, "-dhparam", dh, "-rev"),
                p -> "ACCEPT", false)) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = StaticRsa.withoutEntry("anon", () -> NativePeers.clasp(null))
                        .createSSLEngine("localhost", srv.port());
                engine.setUseClientMode(true);
                engine.setEnabledCipherSuites(new String[] {suite});
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    ch.handshake();
                    assertEquals(suite, engine.getSession().getCipherSuite());
                    assertEquals("ffdhe3072", NativePeers.negotiatedGroup(engine.getSession()));
                    assertThrows(javax.net.ssl.SSLPeerUnverifiedException.class,
                            () -> engine.getSession().getPeerCertificates());
                    byte[] request = NativePeers.lines(2, 3000, 11);
                    ch.write(request);
                    assertEquals(OpenSslServerTest.reversedLines(NativePeers.ascii(request)),
                            NativePeers.ascii(ch.read(request.length)));
                    ch.closeGracefully(true);
                }
                srv.process().awaitExit(TIMEOUT);
                assertTrue(srv.process().output().contains("Ciphersuite: " + opensslCipher(suite)),
                        srv.process().describe());
            });
        }
        // s_client -> Clasp server (which has a certificate but sends none with an anonymous suite)
        byte[] request = NativePeers.lines(2, 2000, 12);
        byte[] response = NativePeers.lines(2, 3000, 13);
        try (ClaspServer server = new ClaspServer(StaticRsa.withoutEntry("anon", () -> NativePeers.clasp("server-rsa")),
                        e -> e.setEnabledCipherSuites(new String[] {suite}));
                NativeProcess sc = NativeProcess.start(List.of("openssl", "s_client", "-connect",
                        "127.0.0.1:" + server.port(), "-tls1_2", "-cipher", cipher, "-ign_eof", "-nocommands"))) {
            sc.stdin().write(request);
            sc.stdin().flush();
            ClaspServer.Exchange ex = server.serveOnce(sc, request.length, response);
            assertEquals(NativePeers.ascii(request), NativePeers.ascii(ex.received()), sc.describe());
            sc.awaitExit(TIMEOUT);
            String out = sc.output();
            assertTrue(out.contains("New, TLSv1.2, Cipher is " + opensslCipher(suite)), sc.describe());
            assertTrue(out.contains("no peer certificate available"), sc.describe());
            assertTrue(out.contains("Server Temp Key: DH, 2048 bits"), sc.describe());
            assertEquals(suite, ex.session().getCipherSuite());
        }
    }

    static String gnutlsPriority(String kx, String cipher, String groups) {
        StringBuilder p = new StringBuilder("NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+" + cipher
                + ":-MAC-ALL:+AEAD:-KX-ALL:+" + kx + ":-GROUP-ALL");
        for (String g : groups.split(" ")) {
            p.append(":+GROUP-").append(g);
        }
        return p.toString();
    }

    /**
     * gnutls-cli to a Clasp server: gnutls offers RFC 7919 groups and reports the one Clasp chose. (DHE_DSS is not
     * run against gnutls: gnutls-serv 3.7.9 here refuses to serve its DSA certificate even to openssl.)
     */
    @ParameterizedTest(name = "{0} {2} {3}")
    @CsvSource({
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, DHE-RSA, AES-128-GCM, FFDHE3072, (DHE-FFDHE3072)",
        "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256, DHE-RSA, CHACHA20-POLY1305, FFDHE8192 FFDHE2048, (DHE-FFDHE2048)",
        "TLS_RSA_WITH_AES_256_GCM_SHA384, RSA, AES-256-GCM, FFDHE2048, (RSA)"})
    void gnutlsCliToClaspServer(String suite, String kx, String cipher, String groups, String description)
            throws Exception {
        NativeProcess.require("gnutls-cli");
        String serverKeys = "server-rsa";
        byte[] request = NativePeers.lines(2, 3000, 5);
        byte[] response = NativePeers.lines(3, 4000, 6);
        try (ClaspServer server = new ClaspServer(StaticRsa.permitted(() -> NativePeers.clasp(serverKeys)),
                        e -> e.setEnabledCipherSuites(new String[] {suite}));
                NativeProcess client = NativeProcess.start(GnuTlsClientTest.gnutlsCli(server.port(),
                        gnutlsPriority(kx, cipher, groups), List.of()))) {
            ClaspServer.Exchange ex = server.converse(client, request, response);
            String out = client.output();
            assertEquals(suite, ex.session().getCipherSuite());
            assertTrue(out.contains("- Description: (TLS1.2-X.509)-" + description), client.describe());
            assertTrue(out.contains("- Status: The certificate is trusted."), client.describe());
        }
    }

    /** Clasp client to gnutls-serv: the server picks the RFC 7919 group from Clasp's supported_groups. */
    @ParameterizedTest(name = "{0} {2} {3}")
    @CsvSource({
        "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, DHE-RSA, AES-256-GCM, FFDHE4096, ffdhe4096",
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, DHE-RSA, AES-128-GCM, FFDHE6144 FFDHE2048, ffdhe6144",
        "TLS_RSA_WITH_AES_128_GCM_SHA256, RSA, AES-128-GCM, FFDHE2048, -"})
    void claspClientToGnutlsServ(String suite, String kx, String cipher, String groups, String group)
            throws Exception {
        NativeProcess.require("gnutls-serv");
        String serverKeys = "server-rsa";
        String priority = gnutlsPriority(kx, cipher, groups) + ":%SERVER_PRECEDENCE";
        try (Server srv = GnuTlsServerTest.gnutlsServ(serverKeys, priority, List.of())) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = StaticRsa.permitted(() -> NativePeers.clasp(null))
                        .createSSLEngine("localhost", srv.port());
                engine.setUseClientMode(true);
                engine.setEnabledCipherSuites(new String[] {suite});
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    ch.handshake();
                    SSLSession s = engine.getSession();
                    assertEquals(suite, s.getCipherSuite());
                    assertEquals(group.equals("-") ? null : group, NativePeers.negotiatedGroup(s));
                    byte[] data = NativePeers.lines(3, 4000, 9);
                    ch.write(data);
                    assertEquals(NativePeers.ascii(data), NativePeers.ascii(ch.read(data.length)));
                    ch.closeGracefully(true);
                }
            });
        }
    }
}
