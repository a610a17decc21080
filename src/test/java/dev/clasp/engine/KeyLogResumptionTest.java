package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.clasp.it.EnginePair;
import dev.clasp.it.TestPki;
import dev.clasp.it.TestPki.Peer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import dev.clasp.handshake.SecretLog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every handshake is logged, a resumed one too (same master secret, its own client random); off by default. */
class KeyLogResumptionTest {
    @Test
    void fullAndResumedHandshakesAreLoggedOnBothSides(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("keys.log");
        SSLContext client;
        SSLContext server;
        synchronized (KeyLogResumptionTest.class) {
            System.setProperty("clasp.keyLogFile", log.toString());
            try {
                client = TestPki.context(Peer.CLASP, null);
                server = TestPki.context(Peer.CLASP, "server-ec256.p12");
            } finally {
                System.clearProperty("clasp.keyLogFile");
            }
        }
        for (int i = 0; i < 2; i++) {
            SSLEngine c = client.createSSLEngine("localhost", 9443);
            c.setUseClientMode(true);
            SSLEngine s = server.createSSLEngine();
            s.setUseClientMode(false);
            new EnginePair(c, s).handshake();
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.US_ASCII);
        assertEquals(4, lines.size(), "client and server, two handshakes: " + lines);
        assertEquals(lines.get(0), lines.get(1), "both roles write the same line");
        assertEquals(lines.get(2), lines.get(3));
        String[] first = lines.get(0).split(" ");
        String[] second = lines.get(2).split(" ");
        assertNotEquals(first[1], second[1], "each handshake has its own client random");
        assertEquals(first[2], second[2], "the resumed session keeps its master secret");
    }

    @Test
    void offByDefaultAndOnWithTheProperty() {
        Assumptions.assumeTrue(System.getenv("SSLKEYLOGFILE") == null, "SSLKEYLOGFILE is set in this environment");
        assertSame(SecretLog.NONE, NssKeyLog.fromEnvironment(), "no property, no variable: no key log");
        System.setProperty("clasp.keyLogFile", "/tmp/clasp-keylog-test.log");
        try {
            SecretLog on = NssKeyLog.fromEnvironment();
            assertEquals(Path.of("/tmp/clasp-keylog-test.log"), ((NssKeyLog) on).file());
        } finally {
            System.clearProperty("clasp.keyLogFile");
        }
    }
}
