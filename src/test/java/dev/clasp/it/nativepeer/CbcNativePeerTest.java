package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.ClaspSSLSession;
import dev.clasp.it.nativepeer.NativePeers.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4 against native peers (tier 6): every ECDHE CBC suite with openssl s_server/s_client and
 * gnutls-serv/gnutls-cli, Clasp in both roles, once with encrypt-then-MAC negotiated and once with it disabled on
 * the peer ({@code -no_etm}, {@code %NO_ETM}), which proves MAC-then-encrypt records. The peer's own report
 * shows the mode: openssl's {@code -trace} of the ServerHello lists {@code encrypt_then_mac(22)}; gnutls prints
 * "EtM" among its "- Options:". And the AES-CCM suites against openssl both ways.
 */
class CbcNativePeerTest {
    static final List<String> CBC_SUITES = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384");
    static final List<String> CCM_SUITES = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8");

    static Stream<Arguments> cbcWithAndWithoutEtm() {
        List<Arguments> out = new ArrayList<>();
        for (String s : CBC_SUITES) {
            out.add(Arguments.of(s, true));
            out.add(Arguments.of(s, false));
        }
        return out.stream();
    }

    static Stream<String> ccmSuites() {
        return CCM_SUITES.stream();
    }

    // ----------------------------------------------------------------------------------------------- names

    /** OpenSSL's name: ECDHE-ECDSA-AES128-SHA, ...-AES256-SHA384, ECDHE-ECDSA-AES128-CCM8, ... */
    static String opensslCipher(String suite) {
        String kx = suite.contains("_ECDSA_") ? "ECDHE-ECDSA-" : "ECDHE-RSA-";
        String aes = suite.contains("AES_128") ? "AES128-" : "AES256-";
        String tail = suite.endsWith("_CCM_8") ? "CCM8" : suite.endsWith("_CCM") ? "CCM"
                : suite.endsWith("_SHA384") ? "SHA384" : suite.endsWith("_SHA256") ? "SHA256" : "SHA";
        return kx + aes + tail;
    }

    /** A priority allowing exactly TLS 1.2 and the suite; {@code %NO_ETM} when encrypt-then-MAC is off. */
    static String gnutlsPriority(String suite, boolean etm) {
        String cipher = suite.contains("AES_128") ? "AES-128-CBC" : "AES-256-CBC";
        String mac = suite.endsWith("_SHA384") ? "SHA384" : suite.endsWith("_SHA256") ? "SHA256" : "SHA1";
        String kx = suite.contains("_ECDSA_") ? "ECDHE-ECDSA" : "ECDHE-RSA";
        return "NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+" + cipher + ":-MAC-ALL:+" + mac + ":-KX-ALL:+" + kx
                + (etm ? "" : ":%NO_ETM");
    }

    /** gnutls' description tail: "(AES-128-CBC)-(SHA1)". */
    static String gnutlsDescriptionTail(String suite) {
        String cipher = suite.contains("AES_128") ? "(AES-128-CBC)" : "(AES-256-CBC)";
        String mac = suite.endsWith("_SHA384") ? "(SHA384)" : suite.endsWith("_SHA256") ? "(SHA256)" : "(SHA1)";
        return cipher + "-" + mac;
    }

    static String serverKeys(String suite) {
        return suite.contains("_ECDSA_") ? "server-ec256" : "server-rsa";
    }

    /** The ServerHello as openssl's -trace prints it, up to the next message. */
    static String tracedServerHello(String out) {
        int start = out.indexOf("ServerHello, Length=");
        assertTrue(start >= 0, "no ServerHello in the trace\n" + out);
        int end = out.indexOf("Certificate, Length=", start);
        return out.substring(start, end < 0 ? out.length() : end);
    }

    static void assertClaspEtm(boolean expected, SSLSession s, String context) {
        assertEquals(expected, ((ClaspSSLSession) s).isEncryptThenMac(), "Clasp's encrypt-then-MAC\n" + context);
    }

    // -------------------------------------------------------------------------------------------- openssl

    @ParameterizedTest(name = "{0} etm={1}")
    @MethodSource("cbcWithAndWithoutEtm")
    void claspClientToOpensslServer(String suite, boolean etm) throws Exception {
        NativeProcess.require("openssl");
        opensslServer(suite, etm, etm);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ccmSuites")
    void claspClientToOpensslServerCcm(String suite) throws Exception {
        NativeProcess.require("openssl");
        opensslServer(suite, true, false);
    }

    /** Clasp client, s_server -rev; {@code peerEtm} false adds -no_etm. */
    private static void opensslServer(String suite, boolean peerEtm, boolean expectEtm) throws Exception {
        String keys = serverKeys(suite);
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-naccept", "1", "-tls1_2",
                "-cert", keys + ".crt", "-cert_chain", "intermediate-ca.crt", "-key", keys + ".key",
                "-cipher", opensslCipher(suite), "-rev", "-trace"));
        if (!peerEtm) {
            cmd.add("-no_etm");
        }
        try (Server srv = NativePeers.startServer(p -> {
                    List<String> c = new ArrayList<>(cmd);
                    c.addAll(2, List.of("-accept", "127.0.0.1:" + p));
                    return c;
                }, p -> "ACCEPT", false)) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = NativePeers.clasp(null).createSSLEngine("localhost", srv.port());
                engine.setUseClientMode(true);
                engine.setEnabledCipherSuites(new String[] {suite});
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    ch.handshake();
                    assertEquals(suite, engine.getSession().getCipherSuite());
                    assertClaspEtm(expectEtm, engine.getSession(), srv.process().describe());
                    // 4 lines of 5000 characters: more than one record each way.
                    byte[] request = NativePeers.lines(4, 5000, suite.hashCode() + (peerEtm ? 1 : 0));
                    ch.write(request);
                    byte[] reply = ch.read(request.length);
                    assertEquals(OpenSslServerTest.reversedLines(NativePeers.ascii(request)),
                            NativePeers.ascii(reply), "reversed echo");
                    assertTrue(ch.closeGracefully(true), "s_server answered close_notify");
                }
                srv.process().awaitExit(TIMEOUT);
                String out = srv.process().output();
                assertTrue(out.contains("Ciphersuite: " + opensslCipher(suite)), "s_server's cipher");
                assertEquals(expectEtm, tracedServerHello(out).contains("encrypt_then_mac(22)"),
                        "s_server's ServerHello carries encrypt_then_mac");
            });
        }
    }

    @ParameterizedTest(name = "{0} etm={1}")
    @MethodSource("cbcWithAndWithoutEtm")
    void opensslClientToClaspServer(String suite, boolean etm) throws Exception {
        NativeProcess.require("openssl");
        opensslClient(suite, etm, etm);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ccmSuites")
    void opensslClientToClaspServerCcm(String suite) throws Exception {
        NativeProcess.require("openssl");
        opensslClient(suite, true, false);
    }

    private static void opensslClient(String suite, boolean peerEtm, boolean expectEtm) throws Exception {
        List<String> extra = new ArrayList<>(List.of("-cipher", opensslCipher(suite), "-trace"));
        if (!peerEtm) {
            extra.add("-no_etm");
        }
        byte[] request = NativePeers.lines(3, 6000, suite.hashCode());
        byte[] response = NativePeers.lines(5, 5000, ~suite.hashCode());
        try (ClaspServer server = new ClaspServer(NativePeers.clasp(serverKeys(suite)),
                    e -> e.setEnabledCipherSuites(new String[] {suite}));
                NativeProcess client = NativeProcess.start(OpenSslClientTest.sClient(server.port(), extra))) {
            ClaspServer.Exchange ex = server.converse(client, request, response);
            String out = client.output();
            assertEquals(suite, ex.session().getCipherSuite(), client.describe());
            assertClaspEtm(expectEtm, ex.session(), client.describe());
            assertTrue(out.contains("Cipher is " + opensslCipher(suite)), client.describe());
            assertTrue(out.contains("Verify return code: 0 (ok)"), client.describe());
            assertEquals(expectEtm, tracedServerHello(out).contains("encrypt_then_mac(22)"),
                    "Clasp's ServerHello as s_client traced it\n" + client.describe());
            assertTrue(ex.peerCloseNotify(), "s_client answered close_notify\n" + client.describe());
        }
    }

    // --------------------------------------------------------------------------------------------- gnutls

    /** gnutls' "- Options: ..." line, where it lists "EtM" when encrypt-then-MAC is in use. */
    static String gnutlsOptions(String out) {
        int i = out.indexOf("- Options:");
        assertTrue(i >= 0, "no '- Options:' line\n" + out);
        return out.substring(i).lines().findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0} etm={1}")
    @MethodSource("cbcWithAndWithoutEtm")
    void claspClientToGnutlsServer(String suite, boolean etm) throws Exception {
        NativeProcess.require("gnutls-serv");
        String keys = serverKeys(suite);
        try (Server srv = GnuTlsServerTest.gnutlsServ(keys, gnutlsPriority(suite, etm), List.of())) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = NativePeers.clasp(null).createSSLEngine("localhost", srv.port());
                engine.setUseClientMode(true);
                engine.setEnabledCipherSuites(new String[] {suite});
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    ch.handshake();
                    assertEquals(suite, engine.getSession().getCipherSuite());
                    assertClaspEtm(etm, engine.getSession(), srv.process().describe());
                    byte[] data = NativePeers.lines(5, 4000, suite.hashCode() + (etm ? 1 : 0));
                    ch.write(data);
                    assertEquals(NativePeers.ascii(data), NativePeers.ascii(ch.read(data.length)), "echo");
                    ch.closeGracefully(true);
                }
                assertTrue(srv.process().awaitOutput("- Options:", TIMEOUT), "gnutls-serv's session report");
                String out = srv.process().output();
                String description = out.substring(out.indexOf("- Description: (TLS1.2-X.509)")).lines()
                        .findFirst().orElseThrow();
                assertTrue(description.endsWith(gnutlsDescriptionTail(suite)), description);
                assertEquals(etm, gnutlsOptions(out).contains("EtM"), gnutlsOptions(out));
            });
        }
    }

    @ParameterizedTest(name = "{0} etm={1}")
    @MethodSource("cbcWithAndWithoutEtm")
    void gnutlsClientToClaspServer(String suite, boolean etm) throws Exception {
        NativeProcess.require("gnutls-cli");
        byte[] request = NativePeers.lines(2, 7000, suite.hashCode());
        byte[] response = NativePeers.lines(6, 5000, suite.hashCode() + 1);
        try (ClaspServer server = new ClaspServer(NativePeers.clasp(serverKeys(suite)), e -> { });
                NativeProcess client = NativeProcess.start(
                        GnuTlsClientTest.gnutlsCli(server.port(), gnutlsPriority(suite, etm), List.of()))) {
            ClaspServer.Exchange ex = server.converse(client, request, response);
            String out = client.output();
            assertEquals(suite, ex.session().getCipherSuite(), client.describe());
            assertClaspEtm(etm, ex.session(), client.describe());
            assertTrue(out.contains("- Status: The certificate is trusted."), client.describe());
            String description = out.substring(out.indexOf("- Description: (TLS1.2-X.509)")).lines()
                    .findFirst().orElseThrow();
            assertTrue(description.endsWith(gnutlsDescriptionTail(suite)), client.describe());
            assertEquals(etm, gnutlsOptions(out).contains("EtM"), client.describe());
        }
    }
}
