package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.nativepeer.NativePeers.Server;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clasp client (SSLEngine over TCP loopback) against {@code openssl s_server}: every core suite x group, with
 * and without a client certificate, data both ways ({@code -rev} echoes each line reversed); ALPN and the
 * extended master secret as {@code -www} reports them.
 */
class OpenSslServerTest {
    @BeforeEach
    void requireOpenSsl() {
        NativeProcess.require("openssl");
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        NativePeers.suitesByGroups().forEach(a -> {
            out.add(Arguments.of(a.get()[0], a.get()[1], false));
            out.add(Arguments.of(a.get()[0], a.get()[1], true));
        });
        return out.stream();
    }

    /** s_server for one connection on {@code port}; extra arguments appended. */
    static List<String> sServer(int port, String serverKeys, List<String> extra) {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                "-naccept", "1", "-tls1_2", "-cert", serverKeys + ".crt", "-cert_chain", "intermediate-ca.crt",
                "-key", serverKeys + ".key"));
        cmd.addAll(extra);
        return cmd;
    }

    @ParameterizedTest(name = "{0} {1} clientAuth={2}")
    @MethodSource("matrix")
    void claspClientToSServer(String suite, String group, boolean clientAuth) throws Exception {
        String serverKeys = NativePeers.serverKeys(suite, group);
        String clientKeys = clientAuth ? NativePeers.clientKeys(suite) : null;
        // openssl also checks the client certificate's curve against its own group list: append it after the
        // group under test, and -serverpref so the group under test is the one chosen.
        List<String> groups = clientAuth ? NativePeers.groupsWith(group, clientKeys) : List.of(group);
        List<String> extra = new ArrayList<>(List.of("-cipher", NativePeers.opensslCipher(suite),
                "-groups", NativePeers.opensslGroups(groups), "-serverpref", "-rev"));
        if (clientAuth) {
            extra.addAll(List.of("-Verify", "1", "-CAfile", "root-ca.crt"));
        }
        try (Server srv = NativePeers.startServer(p -> sServer(p, serverKeys, extra), p -> "ACCEPT", false)) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = NativePeers.clasp(clientKeys).createSSLEngine("localhost", srv.port());
                engine.setUseClientMode(true);
                engine.setEnabledCipherSuites(new String[] {suite});
                boolean closeNotify;
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    ch.handshake();
                    SSLSession s = engine.getSession();
                    assertEquals(suite, s.getCipherSuite(), srv.process().describe());
                    assertEquals("TLSv1.2", s.getProtocol());
                    NativePeers.assertGroup(group, s, srv.process().describe());
                    X509Certificate leaf = (X509Certificate) s.getPeerCertificates()[0];
                    assertTrue(leaf.getSubjectX500Principal().getName().contains("CN=clasp-" + serverKeys), leaf.toString());

                    // 4 lines of 5000 characters: more than one record each way. -rev answers line by line.
                    byte[] request = NativePeers.lines(4, 5000, suite.hashCode() ^ group.hashCode());
                    ch.write(request);
                    byte[] reply = ch.read(request.length);
                    assertEquals(reversedLines(NativePeers.ascii(request)), NativePeers.ascii(reply),
                            "reversed echo\n" + srv.process().describe());
                    closeNotify = ch.closeGracefully(true);
                }
                srv.process().awaitExit(TIMEOUT);
                String out = srv.process().output();
                assertTrue(out.contains("CONNECTION ESTABLISHED") && out.contains("Protocol version: TLSv1.2")
                        && out.contains("Ciphersuite: " + NativePeers.opensslCipher(suite)), srv.process().describe());
                if (clientAuth) {
                    assertTrue(out.contains("Peer certificate: O = Clasp Test PKI, CN = clasp-" + clientKeys)
                            && out.contains("Verification: OK"), srv.process().describe());
                }
                assertTrue(closeNotify, "s_server answered Clasp's close_notify\n" + srv.process().describe());
            });
        }
    }

    /** ALPN (server picks from its own list by its preference) and the extended master secret, from -www's page. */
    @Test
    void alpnAndExtendedMasterSecretFromWww() throws Exception {
        List<String> extra = List.of("-www", "-alpn", "h2,http/1.1");
        try (Server srv = NativePeers.startServer(p -> sServer(p, "server-ec256", extra), p -> "ACCEPT", false)) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = NativePeers.clasp(null).createSSLEngine("localhost", srv.port());
                engine.setUseClientMode(true);
                SSLParameters params = engine.getSSLParameters();
                params.setApplicationProtocols(new String[] {"spdy/1", "http/1.1"});
                engine.setSSLParameters(params);
                String page;
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    ch.handshake();
                    assertEquals("http/1.1", engine.getApplicationProtocol(), srv.process().describe());
                    ch.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    page = NativePeers.ascii(ch.readToEnd());
                    ch.closeGracefully(false);
                }
                srv.process().awaitExit(TIMEOUT);
                String out = srv.process().output();
                assertTrue(out.contains("ALPN protocols advertised by the client: spdy/1, http/1.1")
                        && out.contains("ALPN protocols selected: http/1.1"), srv.process().describe());
                assertTrue(page.startsWith("HTTP/1.0 200 ok"), page);
                assertTrue(page.contains("Protocol  : TLSv1.2"), page);
                assertTrue(page.contains("Cipher is " + NativePeers.opensslCipher(engine.getSession().getCipherSuite())), page);
                assertTrue(page.contains("Extended master secret: yes"), page);
            });
        }
    }

    static String reversedLines(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            sb.append(new StringBuilder(line).reverse()).append('\n');
        }
        return sb.toString();
    }
}
