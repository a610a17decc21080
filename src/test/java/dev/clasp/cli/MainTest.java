package dev.clasp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.clasp.it.TestPki;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command line, in-process: {@code demo}, and {@code serve} against {@code connect}. */
@Timeout(60)
class MainTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Captured output of one command. */
    static final class Run {
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        int code = -1;

        String out() {
            return outBytes.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return errBytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout:\n" + out() + "--- stderr:\n" + err();
        }
    }

    static String cert(String file) {
        return TestPki.dir().resolve(file).toString();
    }

    static Run run(String stdin, String... args) {
        Run r = new Run();
        r.code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), r.out, r.err);
        return r;
    }

    @Test
    void demoPrintsWhatWasNegotiatedAndRestoresTheProviders() {
        assertNull(Security.getProvider("Clasp"), "precondition: Clasp not installed in the test JVM");
        Run r = run("", "demo", "--certs", TestPki.dir().toString());
        assertEquals(0, r.code, r.toString());
        String o = r.out();
        assertTrue(o.contains("SSLContext \"TLS\" comes from Clasp"), o);
        assertTrue(o.contains("-> 200 Hello over TLSv1.2 from Clasp (ClaspSSLSession)"), o);
        assertTrue(o.contains("protocol:         TLSv1.2\n"), o);
        assertTrue(o.contains("cipher suite:     TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256\n"), o);
        assertTrue(o.contains("named group:      x25519\n"), o);
        assertTrue(o.contains("signature scheme: ecdsa_secp256r1_sha256 (server's ServerKeyExchange)\n"), o);
        assertTrue(o.contains("ALPN:             http/1.1\n"), o);
        assertTrue(Pattern.compile("session id:       [0-9a-f]{64}\n").matcher(o).find(), o);
        assertTrue(o.contains("resumed:          false"), o);
        assertTrue(Pattern.compile("handshake time:   [0-9.]+ ms\n").matcher(o).find(), o);
        assertTrue(o.contains(" 0 s:CN=clasp-server-ec256,O=Clasp Test PKI\n"), o);
        assertTrue(o.endsWith("OK\n"), o);
        assertNull(Security.getProvider("Clasp"), "the demo removes the provider it installed");
    }

    @Test
    void demoWithoutCertificatesFailsClearly() {
        Run r = run("", "demo", "--certs", "/nonexistent-clasp-certs");
        assertEquals(1, r.code, r.toString());
        assertTrue(r.err().contains("server-ec256.p12: test certificate not found"), r.toString());
        assertNull(Security.getProvider("Clasp"));
    }

    @Test
    void usageErrorsExitWithTwo() {
        Run none = run("");
        assertEquals(2, none.code, none.toString());
        assertTrue(none.err().startsWith("Usage: java -jar clasp.jar COMMAND"), none.toString());
        Run help = run("", "help");
        assertEquals(0, help.code, help.toString());
        assertTrue(help.out().contains("connect HOST:PORT"), help.toString());

        String[][] bad = {
            {"frobnicate"},
            {"demo", "--bogus"},
            {"demo", "extra"},
            {"connect"},
            {"connect", "localhost"},
            {"connect", "localhost:99999"},
            {"connect", "localhost:443", "--alpn"},
            {"serve", "--keystore", "x.p12"},
            {"serve", "--port", "0"},
            {"serve", "--port", "seven", "--keystore", "x.p12"},
        };
        for (String[] args : bad) {
            Run r = run("", args);
            assertEquals(2, r.code, String.join(" ", args) + ": " + r);
            assertTrue(r.err().contains("clasp " + args[0] + ": "), r.toString());
        }
    }

    @Test
    void unsupportedSuiteIsAUsageError() throws Exception {
        Run r = run("", "serve", "--port", "0", "--keystore", cert("server-ec256.p12"),
                "--suites", "TLS_RSA_WITH_RC4_128_MD5");
        assertEquals(2, r.code, r.toString());
        assertTrue(r.err().contains("cipher suite TLS_RSA_WITH_RC4_128_MD5 is not supported"), r.toString());
    }

    /** Starts {@code serve} on an ephemeral port; returns its future and the port (bounded wait). */
    private Future<Integer> serve(Run server, List<String> args, int[] port) throws Exception {
        List<String> all = new ArrayList<>(List.of("serve", "--port", "0", "--timeout", "20"));
        all.addAll(args);
        Future<Integer> f = pool.submit(() -> server.code = Main.run(all.toArray(new String[0]), server.out,
                server.err));
        Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Matcher m = listening.matcher(server.out());
            if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                return f;
            }
            if (f.isDone()) {
                fail("serve ended early: " + server);
            }
            Thread.sleep(20);
        }
        fail("serve did not start listening: " + server);
        return f;
    }

    @Test
    void serveAndConnectTalkToEachOther() throws Exception {
        Run server = new Run();
        int[] port = new int[1];
        Future<Integer> done = serve(server, List.of("--keystore", cert("server-ec384.p12"), "--count", "1",
                "--alpn", "h2,http/1.1"), port);
        Run client = run("ping from connect\n", "connect", "localhost:" + port[0], "--trust", cert("truststore.p12"),
                "--alpn", "http/1.1", "--suites", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "--timeout", "20");
        assertEquals(0, client.code, client + "\nserver: " + server);
        assertEquals(0, done.get(30, TimeUnit.SECONDS), server.toString());
        String o = client.out();
        assertTrue(o.startsWith("CONNECTED to localhost:" + port[0] + "\n"), o);
        assertTrue(o.contains(" 0 s:CN=clasp-server-ec384,O=Clasp Test PKI\n   i:CN=Clasp Test Intermediate CA"), o);
        assertTrue(o.contains("cipher suite:     TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256\n"), o);
        // TLS 1.2 does not bind the curve to the scheme: any ECDSA scheme the client offers may sign with P-384
        assertTrue(Pattern.compile("signature scheme: ecdsa_secp\\d+r1_sha\\d+ \\(server's ServerKeyExchange\\)\n")
                .matcher(o).find(), o);
        assertTrue(o.contains("ALPN:             http/1.1\n"), o);
        assertTrue(Pattern.compile("---\nclasp serve: TLSv1.2 TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 group=x25519"
                + " signature=ecdsa_secp\\d+r1_sha\\d+ alpn=http/1.1\nping from connect\n$").matcher(o).find(), o);
        assertTrue(server.out().contains("client certificate chain: none"), server.toString());
        assertTrue(server.out().contains("after echoing 18 bytes"), server.toString());
    }

    @Test
    void clientCertificateIsRequiredAndShown() throws Exception {
        Run server = new Run();
        int[] port = new int[1];
        Future<Integer> done = serve(server, List.of("--keystore", cert("server-rsa.p12"), "--count", "2",
                "--need-client-auth", "--trust", cert("truststore.p12")), port);
        Run withCert = run("x", "connect", "127.0.0.1:" + port[0], "--trust", cert("root-ca.crt"),
                "--cert", cert("client-ec.p12"), "--timeout", "20");
        assertEquals(0, withCert.code, withCert + "\nserver: " + server);
        assertTrue(withCert.out().contains("(client's CertificateVerify)"), withCert.toString());
        Run without = run("x", "connect", "127.0.0.1:" + port[0], "--trust", cert("root-ca.crt"), "--timeout", "20");
        assertEquals(1, without.code, without + "\nserver: " + server);
        assertEquals(1, done.get(30, TimeUnit.SECONDS), "one of two connections failed: " + server);
        assertTrue(server.out().contains(" 0 s:CN=clasp-client-ec,O=Clasp Test PKI"), server.toString());
        assertTrue(server.err().contains("failed"), server.toString());
    }

    @Test
    void aCertificateForAnotherHostIsRefusedUnlessTheCheckIsOff() throws Exception {
        Run server = new Run();
        int[] port = new int[1];
        Future<Integer> done = serve(server, List.of("--keystore", cert("server-wronghost.p12"), "--count", "2"),
                port);
        Run refused = run("", "connect", "localhost:" + port[0], "--trust", cert("truststore.p12"));
        assertEquals(1, refused.code, refused.toString());
        assertTrue(refused.err().contains("SSLHandshakeException") && refused.err().contains("localhost"),
                refused.toString());
        Run allowed = run("", "connect", "localhost:" + port[0], "--trust", cert("truststore.p12"),
                "--no-hostname-check", "--timeout", "20");
        assertEquals(0, allowed.code, allowed + "\nserver: " + server);
        assertTrue(allowed.out().contains(" 0 s:CN=wrong.example.com"), allowed.toString());
        done.get(30, TimeUnit.SECONDS);
    }

    @Test
    void connectWithoutTrustingTheTestRootFails() throws Exception {
        Run server = new Run();
        int[] port = new int[1];
        Future<Integer> done = serve(server, List.of("--keystore", cert("server-ec256.p12"), "--count", "1"), port);
        Run r = run("", "connect", "localhost:" + port[0]);   // the JDK's cacerts do not hold the test root
        assertEquals(1, r.code, r.toString());
        assertTrue(r.err().startsWith("clasp connect: error: javax.net.ssl.SSLHandshakeException"), r.toString());
        assertEquals(1, done.get(30, TimeUnit.SECONDS), server.toString());
    }
}
