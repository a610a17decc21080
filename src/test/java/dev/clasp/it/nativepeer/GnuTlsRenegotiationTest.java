package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.SessionTicketTest;
import dev.clasp.it.TestPki;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gnutls-cli against a Clasp SSLServerSocket: {@code --rehandshake} (a client-initiated secure renegotiation)
 * when the server allows it, and a peer with RFC 5746 switched off ({@code %DISABLE_SAFE_RENEGOTIATION}), with
 * which Clasp never renegotiates.
 */
class GnuTlsRenegotiationTest {
    private static final String TLS12 = "NORMAL:-VERS-ALL:+VERS-TLS1.2";
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void requireGnuTls() {
        NativeProcess.require("gnutls-cli");
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static SSLContext server(boolean allowClientInitiated) throws Exception {
        return SessionTicketTest.withProperty("jdk.tls.rejectClientInitiatedRenegotiation",
                Boolean.toString(!allowClientInitiated), () -> TestPki.context(TestPki.Peer.CLASP, "server-ec256.p12"));
    }

    /** Answers each line with "pong LINE"; with {@code tryRenegotiation}, first asks to renegotiate. */
    private final java.util.concurrent.CountDownLatch handshakes = new java.util.concurrent.CountDownLatch(2);

    private Future<List<Object>> serve(SSLServerSocket ss, boolean tryRenegotiation) {
        return pool.submit(() -> {
            List<Object> seen = new ArrayList<>();
            try (SSLSocket s = (SSLSocket) ss.accept()) {
                s.addHandshakeCompletedListener(e -> handshakes.countDown());
                s.setSoTimeout((int) TIMEOUT.toMillis());
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    seen.add(s.getSession());
                    if (tryRenegotiation && seen.size() == 1) {
                        seen.add(assertThrows(SSLHandshakeException.class, s::startHandshake));
                    }
                    s.getOutputStream().write(("pong " + l + "\n").getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                }
                seen.add(s.getSession());
            }
            return seen;
        });
    }

    @Test
    void rehandshakeAllowedByProperty() throws Exception {
        try (SSLServerSocket ss = (SSLServerSocket) server(true).getServerSocketFactory()
                .createServerSocket(0, 5, NativePeers.LOOPBACK)) {
            ss.setSoTimeout((int) TIMEOUT.toMillis());
            Future<List<Object>> served = serve(ss, false);
            try (NativeProcess client = NativeProcess.start(GnuTlsClientTest.gnutlsCli(ss.getLocalPort(), TLS12,
                    List.of("--rehandshake")))) {
                client.stdin().write("one\n".getBytes(StandardCharsets.US_ASCII));
                client.stdin().flush();
                assertTrue(client.awaitOutput("pong one", TIMEOUT), client.describe());
                client.closeStdin();
                client.awaitExit(TIMEOUT);
                assertTrue(client.output().contains("- ReHandshake was completed"), client.describe());
                served.get(30, TimeUnit.SECONDS);
                // gnutls renegotiates right after the first handshake, before the first line: two handshakes
                assertTrue(handshakes.await(10, TimeUnit.SECONDS), "the server's listener fired twice\n"
                        + client.describe());
            }
        }
    }

    @Test
    void rehandshakeRefusedByDefault() throws Exception {
        try (SSLServerSocket ss = (SSLServerSocket) server(false).getServerSocketFactory()
                .createServerSocket(0, 5, NativePeers.LOOPBACK)) {
            ss.setSoTimeout((int) TIMEOUT.toMillis());
            Future<List<Object>> served = serve(ss, false);
            try (NativeProcess client = NativeProcess.start(GnuTlsClientTest.gnutlsCli(ss.getLocalPort(), TLS12,
                    List.of("--rehandshake")))) {
                client.stdin().write("one\n".getBytes(StandardCharsets.US_ASCII));
                client.stdin().flush();
                client.closeStdin();
                client.awaitExit(TIMEOUT);
                assertTrue(client.output().contains("ReHandshake has failed")
                        && client.output().contains("No renegotiation is allowed"), client.describe());
                try {
                    served.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    // gnutls-cli gives up on the connection after the refusal
                }
            }
        }
    }

    @Test
    void legacyPeerNeverRenegotiates() throws Exception {
        try (SSLServerSocket ss = (SSLServerSocket) server(true).getServerSocketFactory()
                .createServerSocket(0, 5, NativePeers.LOOPBACK)) {
            ss.setSoTimeout((int) TIMEOUT.toMillis());
            Future<List<Object>> served = serve(ss, true);
            try (NativeProcess client = NativeProcess.start(GnuTlsClientTest.gnutlsCli(ss.getLocalPort(),
                    TLS12 + ":%DISABLE_SAFE_RENEGOTIATION", List.of()))) {
                client.stdin().write("one\ntwo\n".getBytes(StandardCharsets.US_ASCII));
                client.stdin().flush();
                assertTrue(client.awaitOutput("pong two", TIMEOUT), client.describe());
                client.closeStdin();
                client.awaitExit(TIMEOUT);
                List<Object> seen = served.get(30, TimeUnit.SECONDS);
                assertTrue(seen.get(1) instanceof SSLHandshakeException, seen.toString());
                assertTrue(((Exception) seen.get(1)).getMessage().contains("RFC 5746"), seen.toString());
                assertSame(seen.get(0), seen.get(seen.size() - 1), "the connection went on with its session");
                assertTrue(!client.output().contains("safe renegotiation"), client.describe());
            }
        }
    }
}
