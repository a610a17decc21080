package dev.clasp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.clasp.it.TestPki;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code connect} against the real {@code openssl s_server} (tier 6: skipped without openssl unless CI=true). */
@Timeout(60)
class OpensslCliTest {
    @TempDir
    Path tmp;

    private static boolean opensslPresent() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "openssl"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void connectTalksToOpensslServerWithAlpn() throws Exception {
        if (!opensslPresent()) {
            assertTrue(!"true".equals(System.getenv("CI")), "openssl is missing under CI=true");
            Assumptions.abort("openssl not installed");
        }
        Path certs = TestPki.dir().toAbsolutePath();
        Path log = tmp.resolve("s_server.log");
        Process p = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:0", "-naccept", "1", "-tls1_2",
                "-cert", certs.resolve("server-ec256.crt").toString(),
                "-key", certs.resolve("server-ec256.key").toString(),
                "-cert_chain", certs.resolve("intermediate-ca.crt").toString(),
                "-alpn", "h2,http/1.1", "-rev")
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        try {
            int port = 0;
            Pattern accept = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (port == 0 && System.nanoTime() < deadline) {
                Matcher m = accept.matcher(Files.readString(log));
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                } else if (!p.isAlive()) {
                    fail("openssl s_server exited: " + Files.readString(log));
                } else {
                    Thread.sleep(20);
                }
            }
            assertTrue(port > 0, "s_server did not report its port: " + Files.readString(log));

            MainTest.Run r = new MainTest.Run();
            r.code = Main.run(new String[] {"connect", "localhost:" + port, "--trust", certs.resolve("root-ca.crt")
                    .toString(), "--alpn", "http/1.1", "--timeout", "20"},
                    new ByteArrayInputStream("hello clasp\n".getBytes(StandardCharsets.UTF_8)), r.out, r.err);
            String ctx = r + "\n--- s_server:\n" + Files.readString(log);
            assertEquals(0, r.code, ctx);
            assertTrue(r.out().contains(" 0 s:CN=clasp-server-ec256,O=Clasp Test PKI\n"), ctx);
            assertTrue(r.out().contains("protocol:         TLSv1.2\n"), ctx);
            assertTrue(r.out().contains("ALPN:             http/1.1\n"), ctx);
            assertTrue(r.out().contains("signature scheme: ecdsa_secp256r1_sha256"), ctx);
            assertTrue(r.out().endsWith("---\npsalc olleh\n"), "s_server -rev answers the line reversed: " + ctx);
        } finally {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
