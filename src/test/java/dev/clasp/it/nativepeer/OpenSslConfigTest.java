package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki;
import dev.clasp.it.TestPki.Peer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Configuration and version checks seen by {@code openssl s_client}: a TLS 1.1 client is refused with
 * protocol_version (RFC 5246 E.1); {@code jdk.tls.useExtendedMasterSecret=false} on the Clasp server makes
 * s_client report no extended master secret.
 */
class OpenSslConfigTest {
    @BeforeEach
    void requireOpenSsl() {
        NativeProcess.require("openssl");
    }

    /** Through Clasp's SSLServerSocket, which sends the fatal alert before it closes. */
    @Test
    void tls11ClientGetsProtocolVersion() throws Exception {
        SSLContext ctx = NativePeers.clasp("server-ec256");
        try (SSLServerSocket listener = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 5, NativePeers.LOOPBACK)) {
            listener.setSoTimeout((int) TIMEOUT.toMillis());
            // SECLEVEL=0: OpenSSL 3 refuses to speak TLS 1.1 at its default security level.
            try (NativeProcess client = NativeProcess.start(List.of("openssl", "s_client", "-connect",
                    "127.0.0.1:" + listener.getLocalPort(), "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-ign_eof"));
                    SSLSocket socket = (SSLSocket) listener.accept()) {
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class, socket::startHandshake);
                assertTrue(e.getMessage().contains("TLSv1.1"), e.getMessage());
                client.awaitExit(TIMEOUT);
                assertTrue(client.output().contains("alert protocol version"), client.describe());
            }
        }
    }

    @Test
    void extendedMasterSecretOffIsSeenByOpenSsl() throws Exception {
        SSLContext off;
        System.setProperty("jdk.tls.useExtendedMasterSecret", "false");
        try {
            off = TestPki.context(Peer.CLASP, "server-ec256.p12");
        } finally {
            System.clearProperty("jdk.tls.useExtendedMasterSecret");
        }
        try (ClaspServer server = new ClaspServer(off, e -> { });
                NativeProcess client = NativeProcess.start(OpenSslClientTest.sClient(server.port(), List.of()))) {
            byte[] request = "ping\n".getBytes(StandardCharsets.US_ASCII);
            client.stdin().write(request);
            client.stdin().flush();
            server.serveOnce(client, request.length, "pong\n".getBytes(StandardCharsets.US_ASCII));
            client.awaitExit(TIMEOUT);
            assertTrue(client.output().contains("Extended master secret: no"), client.describe());
            assertTrue(client.output().contains("pong"), client.describe());
        }
    }
}
