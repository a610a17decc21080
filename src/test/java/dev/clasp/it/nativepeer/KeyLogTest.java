package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.nativepeer.NativePeers.Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NSS key log (issue 7): with {@code clasp.keyLogFile} set, Clasp writes the same
 * {@code CLIENT_RANDOM <random> <master secret>} line that openssl writes with {@code -keylogfile} for the same
 * connection, in both roles.
 */
class KeyLogTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void requireOpenSsl() {
        NativeProcess.require("openssl");
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    static SSLContext withKeyLog(Path file, Callable<SSLContext> make) throws Exception {
        synchronized (KeyLogTest.class) {
            System.setProperty("clasp.keyLogFile", file.toString());
            try {
                return make.call();
            } finally {
                System.clearProperty("clasp.keyLogFile");
            }
        }
    }

    static List<String> lines(Path f) throws Exception {
        return Files.readAllLines(f, StandardCharsets.US_ASCII).stream()
                .filter(l -> l.startsWith("CLIENT_RANDOM ")).map(l -> l.toLowerCase(Locale.ROOT)).toList();
    }

    @Test
    void claspClientLogsWhatOpensslServerLogs(@TempDir Path dir) throws Exception {
        Path ours = dir.resolve("clasp.keys");
        Path theirs = dir.resolve("openssl.keys");
        SSLContext ctx = withKeyLog(ours, () -> NativePeers.clasp(null));
        List<String> extra = List.of("-rev", "-keylogfile", theirs.toString());
        try (Server srv = NativePeers.startServer(p -> OpenSslServerTest.sServer(p, "server-ec256", extra),
                p -> "ACCEPT", false)) {
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", srv.port())) {
                s.setSoTimeout((int) TIMEOUT.toMillis());
                s.getOutputStream().write("key log\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                assertEquals("gol yek\n", new String(s.getInputStream().readNBytes(8), StandardCharsets.US_ASCII),
                        srv.process().describe());
            }
            srv.process().awaitExit(TIMEOUT);
            List<String> mine = lines(ours);
            assertEquals(1, mine.size(), "one line for one handshake: " + mine);
            assertEquals(lines(theirs), mine, srv.process().describe());
            assertTrue(mine.get(0).matches("client_random [0-9a-f]{64} [0-9a-f]{96}"), mine.get(0));
        }
    }

    @Test
    void claspServerLogsWhatOpensslClientLogs(@TempDir Path dir) throws Exception {
        Path ours = dir.resolve("clasp.keys");
        Path theirs = dir.resolve("openssl.keys");
        SSLContext ctx = withKeyLog(ours, () -> NativePeers.clasp("server-rsa"));
        try (SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 5, NativePeers.LOOPBACK)) {
            ss.setSoTimeout((int) TIMEOUT.toMillis());
            Future<Void> server = pool.submit(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout((int) TIMEOUT.toMillis());
                    s.getInputStream().readNBytes(4);
                    s.getOutputStream().write("pong\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                }
                return null;
            });
            try (NativeProcess client = NativeProcess.start(OpenSslClientTest.sClient(ss.getLocalPort(),
                    List.of("-keylogfile", theirs.toString())))) {
                client.stdin().write("ping".getBytes(StandardCharsets.US_ASCII));
                client.stdin().flush();
                server.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                client.awaitExit(TIMEOUT);
                List<String> mine = lines(ours);
                assertEquals(1, mine.size(), "one line for one handshake: " + mine);
                assertEquals(lines(theirs), mine, client.describe());
            }
        }
    }
}
