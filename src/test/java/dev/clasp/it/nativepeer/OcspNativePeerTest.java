package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.nativepeer.NativePeers.Server;
import dev.clasp.it.ocsp.OcspPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCSP stapling (RFC 6066 8) against the native peers: openssl s_server and gnutls-serv staple a response file to
 * Clasp's client (whose revocation-checking trust manager then accepts the chain without asking the responder),
 * and openssl s_client and gnutls-cli read the response a Clasp server fetched from the loopback responder.
 */
class OcspNativePeerTest {
    @TempDir
    Path dir;
    private OcspPki pki;

    @BeforeEach
    void pki() throws Exception {
        pki = new OcspPki();
        pki.writeFiles(dir);
    }

    @AfterEach
    void close() {
        pki.close();
    }

    private String file(String name) {
        return dir.resolve(name).toAbsolutePath().toString();
    }

    /** The Clasp client's handshake and a line echoed, with the staple as its trust manager saw it. */
    private void claspClient(Server srv, boolean reversed) throws Exception {
        OcspPki.Recording tm = new OcspPki.Recording(pki.revocationTrust());
        SSLEngine engine = OcspPki.claspClient(tm).createSSLEngine("localhost", srv.port());
        engine.setUseClientMode(true);
        try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
            ch.handshake();
            assertNotNull(tm.seen, srv.process().describe());
            assertEquals(1, tm.seen.size(), srv.process().describe());
            assertArrayEquals(Files.readAllBytes(dir.resolve("resp.der")), tm.seen.get(0));
            assertEquals(1, ((ExtendedSSLSession) engine.getSession()).getStatusResponses().size());
            byte[] line = "stapled OCSP seen by Clasp\n".getBytes(StandardCharsets.US_ASCII);
            ch.write(line);
            String back = NativePeers.ascii(ch.read(line.length));
            String text = "stapled OCSP seen by Clasp";
            assertEquals((reversed ? new StringBuilder(text).reverse().toString() : text) + "\n", back);
            ch.closeGracefully(true);
        }
        // the revocation check used the staple: nobody asked the responder
        assertEquals(0, pki.requests(), srv.process().describe());
    }

    @Test
    void opensslServerStaplesToClaspClient() throws Exception {
        NativeProcess.require("openssl");
        try (Server srv = NativePeers.startServer(p -> List.of("openssl", "s_server", "-accept", "127.0.0.1:" + p,
                "-naccept", "1", "-tls1_2", "-cert", file("server.crt"), "-key", file("server.key"),
                "-status_file", file("resp.der"), "-rev"), p -> "ACCEPT", false)) {
            NativePeers.withOutput(srv.process(), () -> claspClient(srv, true));
        }
    }

    @Test
    void gnutlsServerStaplesToClaspClient() throws Exception {
        NativeProcess.require("gnutls-serv");
        try (Server srv = NativePeers.startServer(p -> List.of("gnutls-serv", "-p", Integer.toString(p), "--echo",
                "--x509certfile", file("chain.pem"), "--x509keyfile", file("server.key"),
                "--ocsp-response", file("resp.der"), "--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.2"),
                p -> "IPv4 0.0.0.0 port " + p + "...done", true)) {
            NativePeers.withOutput(srv.process(), () -> claspClient(srv, false));
        }
    }

    /** Serves one connection with a stapling Clasp server; returns the client program's output. */
    private String serveTo(List<String> clientCommand) throws Exception {
        byte[] request = "hello\n".getBytes(StandardCharsets.US_ASCII);
        byte[] reply = "stapled OCSP seen by the client\n".getBytes(StandardCharsets.US_ASCII);
        try (ClaspServer server = new ClaspServer(pki.claspStaplingServer(), e -> { });
                NativeProcess client = NativeProcess.start(withPort(clientCommand, server.port()))) {
            client.stdin().write(request);
            client.stdin().flush();
            ClaspServer.Exchange ex = server.serveOnce(client, request.length, reply);
            assertEquals("hello\n", NativePeers.ascii(ex.received()), client.describe());
            client.awaitExit(TIMEOUT);
            assertEquals(1, pki.requests(), "the Clasp server asked the responder\n" + client.describe());
            assertTrue(client.output().contains("stapled OCSP seen by the client"), client.describe());
            return client.output();
        }
    }

    private static List<String> withPort(List<String> cmd, int port) {
        List<String> out = new ArrayList<>();
        for (String s : cmd) {
            out.add(s.replace("PORT", Integer.toString(port)));
        }
        return out;
    }

    @Test
    void opensslClientSeesClaspServersStaple() throws Exception {
        NativeProcess.require("openssl");
        String out = serveTo(List.of("openssl", "s_client", "-connect", "127.0.0.1:PORT", "-servername",
                "localhost", "-tls1_2", "-CAfile", file("ca.crt"), "-verify_return_error", "-ign_eof",
                "-nocommands", "-status"));
        assertTrue(out.contains("OCSP Response Status: successful"), out);
        assertTrue(out.contains("Cert Status: good"), out);
        assertTrue(out.contains("Verify return code: 0 (ok)"), out);
    }

    @Test
    void gnutlsClientSeesClaspServersStaple() throws Exception {
        NativeProcess.require("gnutls-cli");
        String saved = file("got.der");
        String out = serveTo(List.of("gnutls-cli", "-p", "PORT", "127.0.0.1", "--x509cafile", file("ca.crt"),
                "--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.2", "--ocsp", "--save-ocsp=" + saved, "-V"));
        assertTrue(out.contains("- Status: The certificate is trusted."), out);
        // -V prints the stapled response; "OCSP status request" among the negotiated options
        assertTrue(out.contains("OCSP status request"), out);
        assertTrue(out.contains("OCSP Response Information:") && out.contains("Response Status: Successful")
                && out.contains("Certificate Status: good"), out);
        assertArrayEquals(pki.lastResponse(), Files.readAllBytes(Path.of(saved)), out);
    }
}
