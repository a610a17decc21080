package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code gnutls-cli} against a Clasp server: every core suite x group, with and without a client certificate,
 * data both ways; gnutls' report ("Handshake was completed", description, extended master secret); ALPN.
 */
class GnuTlsClientTest {
    @BeforeEach
    void requireGnuTls() {
        NativeProcess.require("gnutls-cli");
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        NativePeers.suitesByGroups().forEach(a -> {
            out.add(Arguments.of(a.get()[0], a.get()[1], false));
            out.add(Arguments.of(a.get()[0], a.get()[1], true));
        });
        return out.stream();
    }

    static List<String> gnutlsCli(int port, String priority, List<String> extra) {
        List<String> cmd = new ArrayList<>(List.of("gnutls-cli", "-p", Integer.toString(port), "127.0.0.1",
                "--x509cafile", "root-ca.crt", "--priority", priority));
        cmd.addAll(extra);
        return cmd;
    }

    @ParameterizedTest(name = "{0} {1} clientAuth={2}")
    @MethodSource("matrix")
    void gnutlsCliToClaspServer(String suite, String group, boolean clientAuth) throws Exception {
        String serverKeys = NativePeers.serverKeys(suite, group);
        String clientKeys = clientAuth ? NativePeers.clientKeys(suite) : null;
        List<String> groups = NativePeers.groupsWith(group, serverKeys);
        List<String> extra = clientAuth
                ? List.of("--x509certfile", clientKeys + "-chain.pem", "--x509keyfile", clientKeys + ".key") : List.of();
        byte[] request = NativePeers.lines(2, 3000, group.hashCode());
        byte[] response = NativePeers.lines(6, 5000, suite.hashCode());
        try (ClaspServer server = new ClaspServer(NativePeers.clasp(serverKeys), e -> e.setNeedClientAuth(clientAuth));
                NativeProcess client = NativeProcess.start(
                        gnutlsCli(server.port(), NativePeers.gnutlsPriority(suite, groups), extra))) {
            ClaspServer.Exchange ex = server.converse(client, request, response);
            String out = client.output();
            SSLSession s = ex.session();
            assertEquals(suite, s.getCipherSuite(), client.describe());
            NativePeers.assertGroup(group, s, client.describe());
            assertTrue(out.contains("- Handshake was completed"), client.describe());
            assertTrue(out.contains("- Status: The certificate is trusted."), client.describe());
            String description = "- Description: (TLS1.2-X.509)-" + NativePeers.gnutlsKx(group);
            assertTrue(out.contains(description), client.describe());
            String line = out.substring(out.indexOf(description)).lines().findFirst().orElseThrow();
            assertTrue(line.endsWith(NativePeers.gnutlsCipher(suite)), client.describe());
            assertTrue(out.contains("- Options: extended master secret"), client.describe());
            if (clientAuth) {
                assertTrue(out.contains("- Successfully sent 2 certificate(s) to server."), client.describe());
                X509Certificate leaf = (X509Certificate) s.getPeerCertificates()[0];
                assertTrue(leaf.getSubjectX500Principal().getName().contains("CN=clasp-" + clientKeys), leaf.toString());
            }
            assertTrue(out.contains("- Peer has closed the GnuTLS connection"), client.describe());
        }
    }

    @Test
    void alpn() throws Exception {
        try (ClaspServer server = new ClaspServer(NativePeers.clasp("server-ec256"), e -> {
                    SSLParameters p = e.getSSLParameters();
                    p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
                    e.setSSLParameters(p);
                });
                NativeProcess client = NativeProcess.start(gnutlsCli(server.port(), "NORMAL:-VERS-ALL:+VERS-TLS1.2",
                        List.of("--alpn", "http/1.1", "--alpn", "h2")))) {
            client.stdin().write("ping\n".getBytes());
            client.stdin().flush();
            ClaspServer.Exchange ex = server.serveOnce(client, 5, "pong\n".getBytes());
            client.awaitExit(TIMEOUT);
            assertEquals("h2", ex.applicationProtocol(), client.describe());
            assertTrue(client.output().contains("- Application protocol: h2"), client.describe());
        }
    }
}
