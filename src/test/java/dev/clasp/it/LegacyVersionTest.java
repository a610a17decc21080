package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki.Peer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * RFC 5246 E.1 against a real TLS 1.1 client: SunJSSE configured for TLSv1.1 only (in a forked JVM, see
 * {@link LegacyVersionPeer}) is refused by a Clasp server with protocol_version, which SunJSSE reports.
 */
class LegacyVersionTest {
    @Test
    void sunJsseTls11ClientGetsProtocolVersion() throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) TestPki.context(Peer.CLASP, "server-ec256.p12")
                .getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(30_000);
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LegacyVersionPeer.class.getName(),
                    Integer.toString(listener.getLocalPort()));
            Process peer = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(30_000);
                    SSLHandshakeException e = assertThrows(SSLHandshakeException.class, s::startHandshake);
                    assertTrue(e.getMessage().contains("TLSv1.1"), e.getMessage());
                }
                assertTrue(peer.waitFor(60, TimeUnit.SECONDS), "the forked SunJSSE client exits");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                peer.getInputStream().transferTo(out);
                String text = out.toString(StandardCharsets.UTF_8);
                assertTrue(text.contains("RESULT: ") && text.contains("protocol_version"), text);
            } finally {
                peer.destroyForcibly();
            }
        }
    }
}
