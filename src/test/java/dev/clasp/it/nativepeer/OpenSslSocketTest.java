package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.nativepeer.NativePeers.Server;
import java.io.DataInputStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clasp's SSLSocket and SSLServerSocket (not the engine harness) against the openssl program, for every core
 * suite, with a client certificate and ALPN on every connection.
 */
class OpenSslSocketTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void requireOpenSsl() {
        NativeProcess.require("openssl");
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    static List<String> suites() {
        return NativePeers.CORE_SUITES;
    }

    @ParameterizedTest(name = "SSLSocket -> s_server {0}")
    @MethodSource("suites")
    void claspSocketToSServer(String suite) throws Exception {
        String serverKeys = NativePeers.serverKeys(suite, "x25519");
        String clientKeys = NativePeers.clientKeys(suite);
        List<String> groups = NativePeers.groupsWith("x25519", clientKeys);
        List<String> extra = List.of("-cipher", NativePeers.opensslCipher(suite), "-groups",
                NativePeers.opensslGroups(groups), "-serverpref", "-rev", "-alpn", "http/1.1",
                "-Verify", "1", "-CAfile", "root-ca.crt");
        try (Server srv = NativePeers.startServer(p -> OpenSslServerTest.sServer(p, serverKeys, extra),
                p -> "ACCEPT", false)) {
            NativePeers.withOutput(srv.process(), () -> {
                byte[] request = NativePeers.lines(3, 6000, suite.hashCode());
                try (SSLSocket s = (SSLSocket) NativePeers.clasp(clientKeys).getSocketFactory()
                        .createSocket("localhost", srv.port())) {
                    s.setSoTimeout((int) TIMEOUT.toMillis());
                    s.setEnabledCipherSuites(new String[] {suite});
                    SSLParameters p = s.getSSLParameters();
                    p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
                    s.setSSLParameters(p);
                    s.getOutputStream().write(request);
                    s.getOutputStream().flush();
                    byte[] reply = s.getInputStream().readNBytes(request.length);
                    assertEquals(OpenSslServerTest.reversedLines(NativePeers.ascii(request)), NativePeers.ascii(reply),
                            srv.process().describe());
                    assertEquals(suite, s.getSession().getCipherSuite());
                    assertEquals("http/1.1", s.getApplicationProtocol(), srv.process().describe());
                }
                srv.process().awaitExit(TIMEOUT);
                String out = srv.process().output();
                assertTrue(out.contains("Ciphersuite: " + NativePeers.opensslCipher(suite))
                        && out.contains("Verification: OK"), srv.process().describe());
            });
        }
    }

    @ParameterizedTest(name = "s_client -> SSLServerSocket {0}")
    @MethodSource("suites")
    void sClientToClaspServerSocket(String suite) throws Exception {
        String serverKeys = NativePeers.serverKeys(suite, "x25519");
        String clientKeys = NativePeers.clientKeys(suite);
        try (SSLServerSocket ss = (SSLServerSocket) NativePeers.clasp(serverKeys).getServerSocketFactory()
                .createServerSocket(0, 5, NativePeers.LOOPBACK)) {
            ss.setSoTimeout((int) TIMEOUT.toMillis());
            ss.setNeedClientAuth(true);
            SSLParameters p = ss.getSSLParameters();
            p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            ss.setSSLParameters(p);
            byte[] request = NativePeers.lines(2, 4000, suite.hashCode());
            byte[] response = NativePeers.lines(5, 5000, ~suite.hashCode());
            Future<String[]> server = pool.submit(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout((int) TIMEOUT.toMillis());
                    byte[] got = new DataInputStream(s.getInputStream()).readNBytes(request.length);
                    s.getOutputStream().write(response);
                    s.getOutputStream().flush();
                    return new String[] {NativePeers.ascii(got), s.getSession().getCipherSuite(),
                            s.getApplicationProtocol(), s.getSession().getPeerPrincipal().getName()};
                }
            });
            List<String> extra = List.of("-cipher", NativePeers.opensslCipher(suite), "-alpn", "http/1.1,h2",
                    "-cert", clientKeys + ".crt", "-cert_chain", "intermediate-ca.crt", "-key", clientKeys + ".key");
            try (NativeProcess client = NativeProcess.start(OpenSslClientTest.sClient(ss.getLocalPort(), extra))) {
                client.stdin().write(request);
                client.stdin().flush();
                String[] seen = server.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                client.awaitExit(TIMEOUT);
                String out = client.output();
                assertEquals(NativePeers.ascii(request), seen[0], client.describe());
                assertEquals(suite, seen[1]);
                assertEquals("h2", seen[2], "Clasp's server preference picks h2");
                assertTrue(seen[3].contains("clasp-" + clientKeys), seen[3]);
                assertTrue(out.contains("Cipher is " + NativePeers.opensslCipher(suite))
                        && out.contains("ALPN protocol: h2") && out.contains("Verify return code: 0 (ok)"),
                        client.describe());
                for (String line : NativePeers.ascii(response).split("\n")) {
                    assertTrue(out.contains(line), "s_client printed the server's data\n" + client.describe());
                }
            }
        }
    }
}
