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
 * {@code openssl s_client} against a Clasp server (SSLEngine per accepted connection): every core suite x
 * group, with and without a client certificate, data both ways (stdin to the server, the server's reply on
 * stdout); s_client's report of cipher, temp key, verification and extended master secret; ALPN.
 */
class OpenSslClientTest {
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

    static List<String> sClient(int port, List<String> extra) {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", "localhost", "-verify_hostname", "localhost", "-tls1_2", "-CAfile", "root-ca.crt",
                "-verify_return_error", "-ign_eof", "-nocommands"));
        cmd.addAll(extra);
        return cmd;
    }

    @ParameterizedTest(name = "{0} {1} clientAuth={2}")
    @MethodSource("matrix")
    void sClientToClaspServer(String suite, String group, boolean clientAuth) throws Exception {
        String serverKeys = NativePeers.serverKeys(suite, group);
        String clientKeys = clientAuth ? NativePeers.clientKeys(suite) : null;
        // A TLS 1.2 client must list the curve of the server's ECDSA certificate (RFC 8422 5.1): it follows the
        // group under test, so the group under test is the only choice Clasp can prefer (whatever its order).
        List<String> groups = NativePeers.groupsWith(group, serverKeys);
        List<String> extra = new ArrayList<>(List.of("-cipher", NativePeers.opensslCipher(suite),
                "-groups", NativePeers.opensslGroups(groups)));
        if (clientAuth) {
            extra.addAll(List.of("-cert", clientKeys + ".crt", "-cert_chain", "intermediate-ca.crt",
                    "-key", clientKeys + ".key"));
        }
        byte[] request = NativePeers.lines(2, 3000, group.hashCode());
        byte[] response = NativePeers.lines(6, 5000, suite.hashCode());
        try (ClaspServer server = new ClaspServer(NativePeers.clasp(serverKeys), e -> e.setNeedClientAuth(clientAuth));
                NativeProcess client = NativeProcess.start(sClient(server.port(), extra))) {
            ClaspServer.Exchange ex = server.converse(client, request, response);
            String out = client.output();
            SSLSession s = ex.session();
            assertEquals(suite, s.getCipherSuite(), client.describe());
            NativePeers.assertGroup(group, s, client.describe());
            assertTrue(out.contains("New, TLSv1.2, Cipher is " + NativePeers.opensslCipher(suite)), client.describe());
            assertTrue(out.contains(NativePeers.opensslTempKey(group)), client.describe());
            assertTrue(out.contains("Verify return code: 0 (ok)"), client.describe());
            assertTrue(out.contains("Extended master secret: yes"), client.describe());
            if (clientAuth) {
                X509Certificate leaf = (X509Certificate) s.getPeerCertificates()[0];
                assertTrue(leaf.getSubjectX500Principal().getName().contains("CN=clasp-" + clientKeys), leaf.toString());
            }
            assertTrue(ex.peerCloseNotify(), "s_client answered close_notify\n" + client.describe());
        }
    }

    /** ALPN: the server's preference wins (RFC 7301 3.2), opposite to the client's order here. */
    @Test
    void alpnServerPreference() throws Exception {
        try (ClaspServer server = new ClaspServer(NativePeers.clasp("server-rsa"), e -> {
                    SSLParameters p = e.getSSLParameters();
                    p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
                    e.setSSLParameters(p);
                });
                NativeProcess client = NativeProcess.start(sClient(server.port(), List.of("-alpn", "http/1.1,h2")))) {
            byte[] request = "ping\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            client.stdin().write(request);
            client.stdin().flush();
            ClaspServer.Exchange ex = server.serveOnce(client, request.length, "pong\n".getBytes());
            client.awaitExit(TIMEOUT);
            assertEquals("h2", ex.applicationProtocol(), client.describe());
            assertTrue(client.output().contains("ALPN protocol: h2"), client.describe());
            assertTrue(client.output().contains("pong"), client.describe());
        }
    }
}
