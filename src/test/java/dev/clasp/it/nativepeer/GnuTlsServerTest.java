package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.nativepeer.NativePeers.Server;
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
 * Clasp client against {@code gnutls-serv --echo}: every core suite x group, with and without a (verified)
 * client certificate, data echoed back; gnutls' description of the connection; ALPN.
 */
class GnuTlsServerTest {
    @BeforeEach
    void requireGnuTls() {
        NativeProcess.require("gnutls-serv");
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        NativePeers.suitesByGroups().forEach(a -> {
            out.add(Arguments.of(a.get()[0], a.get()[1], false));
            out.add(Arguments.of(a.get()[0], a.get()[1], true));
        });
        return out.stream();
    }

    static Server gnutlsServ(String serverKeys, String priority, List<String> extra) throws Exception {
        return NativePeers.startServer(port -> {
            List<String> cmd = new ArrayList<>(List.of("gnutls-serv", "-p", Integer.toString(port), "--echo",
                    "--x509certfile", serverKeys + "-chain.pem", "--x509keyfile", serverKeys + ".key",
                    "--priority", priority));
            cmd.addAll(extra);
            return cmd;
        }, port -> "IPv4 0.0.0.0 port " + port + "...done", true);
    }

    @ParameterizedTest(name = "{0} {1} clientAuth={2}")
    @MethodSource("matrix")
    void claspClientToGnutlsServ(String suite, String group, boolean clientAuth) throws Exception {
        String serverKeys = NativePeers.serverKeys(suite, group);
        String clientKeys = clientAuth ? NativePeers.clientKeys(suite) : null;
        // Certificate curves follow the group under test; %SERVER_PRECEDENCE makes the group under test win.
        List<String> groups = clientAuth ? NativePeers.groupsWith(group, serverKeys, clientKeys)
                : NativePeers.groupsWith(group, serverKeys);
        String priority = NativePeers.gnutlsPriority(suite, groups) + ":%SERVER_PRECEDENCE";
        List<String> extra = clientAuth
                ? List.of("--require-client-cert", "--verify-client-cert", "--x509cafile", "root-ca.crt") : List.of();
        try (Server srv = gnutlsServ(serverKeys, priority, extra)) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = NativePeers.clasp(clientKeys).createSSLEngine("localhost", srv.port());
                engine.setUseClientMode(true);
                engine.setEnabledCipherSuites(new String[] {suite});
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    ch.handshake();
                    SSLSession s = engine.getSession();
                    assertEquals(suite, s.getCipherSuite(), srv.process().describe());
                    NativePeers.assertGroup(group, s, srv.process().describe());

                    byte[] data = NativePeers.lines(5, 4000, suite.hashCode() + group.hashCode());
                    ch.write(data);
                    byte[] echo = ch.read(data.length);
                    assertEquals(NativePeers.ascii(data), NativePeers.ascii(echo), "echo\n" + srv.process().describe());
                    ch.closeGracefully(true);
                }
                String description = "- Description: (TLS1.2-X.509)-" + NativePeers.gnutlsKx(group);
                assertTrue(srv.process().awaitOutput(description, TIMEOUT), srv.process().describe());
                String out = srv.process().output();
                String line = out.substring(out.indexOf(description)).lines().findFirst().orElseThrow();
                assertTrue(line.endsWith(NativePeers.gnutlsCipher(suite)), srv.process().describe());
                assertTrue(out.contains("- Options: extended master secret"), srv.process().describe());
                if (clientAuth) {
                    assertTrue(out.contains("- Status: The certificate is trusted.")
                            && out.contains("Subject: CN=clasp-" + clientKeys), srv.process().describe());
                }
            });
        }
    }

    @Test
    void alpn() throws Exception {
        try (Server srv = gnutlsServ("server-ec256", "NORMAL:-VERS-ALL:+VERS-TLS1.2",
                List.of("--alpn", "h2", "--alpn", "http/1.1"))) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = NativePeers.clasp(null).createSSLEngine("localhost", srv.port());
                engine.setUseClientMode(true);
                SSLParameters p = engine.getSSLParameters();
                p.setApplicationProtocols(new String[] {"spdy/1", "http/1.1"});
                engine.setSSLParameters(p);
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    ch.handshake();
                    assertEquals("http/1.1", engine.getApplicationProtocol(), srv.process().describe());
                    ch.write("ping\n".getBytes());
                    assertEquals("ping\n", NativePeers.ascii(ch.read(5)));
                    ch.closeGracefully(true);
                }
            });
        }
    }
}
