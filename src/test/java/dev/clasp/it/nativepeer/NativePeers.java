package dev.clasp.it.nativepeer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.clasp.it.TestPki;
import dev.clasp.it.TestPki.Peer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.params.provider.Arguments;

/** Shared parts of the native-peer tests: name mappings, ports, server start-up, contexts and payloads. */
final class NativePeers {
    /** Bound for every single wait on a program or socket. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    static final List<String> CORE_SUITES = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    static final List<String> GROUPS = List.of("x25519", "secp256r1", "secp384r1");

    private NativePeers() {
    }

    /** Every core suite x group. */
    static Stream<Arguments> suitesByGroups() {
        List<Arguments> out = new ArrayList<>();
        for (String suite : CORE_SUITES) {
            for (String group : GROUPS) {
                out.add(Arguments.of(suite, group));
            }
        }
        return out.stream();
    }

    static boolean ecdsa(String suite) {
        return suite.contains("_ECDSA_");
    }

    /** The server's key store stem: RSA for RSA suites; for ECDSA the P-384 key when the group is P-384, else P-256. */
    static String serverKeys(String suite, String group) {
        if (!ecdsa(suite)) {
            return "server-rsa";
        }
        return group.equals("secp384r1") ? "server-ec384" : "server-ec256";
    }

    /** The client certificate stem: the EC client for ECDSA suites, the RSA client for RSA suites (both get covered). */
    static String clientKeys(String suite) {
        return ecdsa(suite) ? "client-ec" : "client-rsa";
    }

    /** The curve of a key store's EC key (which a TLS 1.2 peer must also list in supported_groups), or null. */
    static String certCurve(String keys) {
        return switch (keys) {
            case "server-ec256", "client-ec" -> "secp256r1";
            case "server-ec384" -> "secp384r1";
            default -> null;
        };
    }

    /** {@code group} first, then the curves of the given EC keys that are not already listed. */
    static List<String> groupsWith(String group, String... keys) {
        List<String> out = new ArrayList<>(List.of(group));
        for (String k : keys) {
            String c = certCurve(k);
            if (c != null && !out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    // ----------------------------------------------------------------------------------------- openssl names

    static String opensslCipher(String suite) {
        return switch (suite) {
            case "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" -> "ECDHE-ECDSA-AES128-GCM-SHA256";
            case "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384" -> "ECDHE-ECDSA-AES256-GCM-SHA384";
            case "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" -> "ECDHE-ECDSA-CHACHA20-POLY1305";
            case "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" -> "ECDHE-RSA-AES128-GCM-SHA256";
            case "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" -> "ECDHE-RSA-AES256-GCM-SHA384";
            case "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" -> "ECDHE-RSA-CHACHA20-POLY1305";
            default -> throw new IllegalArgumentException(suite);
        };
    }

    static String opensslGroup(String group) {
        return switch (group) {
            case "x25519" -> "X25519";
            case "secp256r1" -> "P-256";
            case "secp384r1" -> "P-384";
            default -> throw new IllegalArgumentException(group);
        };
    }

    static String opensslGroups(List<String> groups) {
        return String.join(":", groups.stream().map(NativePeers::opensslGroup).toList());
    }

    /** What {@code s_client} prints for the server's ephemeral key ("Server Temp Key: ..."). */
    static String opensslTempKey(String group) {
        return switch (group) {
            case "x25519" -> "Server Temp Key: X25519, 253 bits";
            case "secp256r1" -> "Server Temp Key: ECDH, prime256v1, 256 bits";
            case "secp384r1" -> "Server Temp Key: ECDH, secp384r1, 384 bits";
            default -> throw new IllegalArgumentException(group);
        };
    }

    // ------------------------------------------------------------------------------------------ gnutls names

    /** A priority string allowing exactly TLS 1.2, {@code suite}'s key exchange and cipher, and {@code groups}. */
    static String gnutlsPriority(String suite, List<String> groups) {
        String cipher = suite.contains("AES_128_GCM") ? "AES-128-GCM"
                : suite.contains("AES_256_GCM") ? "AES-256-GCM" : "CHACHA20-POLY1305";
        String kx = ecdsa(suite) ? "ECDHE-ECDSA" : "ECDHE-RSA";
        StringBuilder p = new StringBuilder("NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+" + cipher
                + ":-MAC-ALL:+AEAD:-KX-ALL:+" + kx + ":-GROUP-ALL");
        for (String g : groups) {
            p.append(":+GROUP-").append(g.toUpperCase());
        }
        return p.toString();
    }

    /** gnutls' "- Description: (TLS1.2-X.509)-(ECDHE-X25519)-(ECDSA-SHA256)-(AES-128-GCM)" parts. */
    static String gnutlsKx(String group) {
        return "(ECDHE-" + group.toUpperCase() + ")";
    }

    static String gnutlsCipher(String suite) {
        return suite.contains("AES_128_GCM") ? "(AES-128-GCM)"
                : suite.contains("AES_256_GCM") ? "(AES-256-GCM)" : "(CHACHA20-POLY1305)";
    }

    // ------------------------------------------------------------------------------------- ports and servers

    /** A port that was free a moment ago (bind, read, close): the program binds it next, which may race. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** A started server program and the port it listens on. */
    record Server(NativeProcess process, int port) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    /**
     * Starts a server program on a free port ({@code command} builds its command line for a port) and waits,
     * bounded, until it prints {@code readyMarker} (printed after listen()), then until the port takes a TCP
     * connection when {@code probe} is set. A program that exits before it is ready (typically a bind race:
     * the port was taken between {@link #freePort()} and its bind) is retried on another port, up to 3 times.
     */
    static Server startServer(IntFunction<List<String>> command, IntFunction<String> readyMarker, boolean probe)
            throws Exception {
        String last = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            NativeProcess p = NativeProcess.start(command.apply(port));
            boolean ok = false;
            try {
                if (p.awaitOutput(readyMarker.apply(port), TIMEOUT) && p.isAlive() && (!probe || accepts(port))) {
                    ok = true;
                    return new Server(p, port);
                }
                last = p.describe();
            } finally {
                if (!ok) {
                    p.close();
                }
            }
        }
        fail("server program did not come up on a free port in 3 attempts; last attempt:\n" + last);
        return null;
    }

    /** Whether {@code port} takes a TCP connection within a few seconds (retrying briefly). */
    static boolean accepts(int port) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOOPBACK, port), 1000);
                return true;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(LOOPBACK, port), (int) TIMEOUT.toMillis());
        return s;
    }

    // ------------------------------------------------------------------------------------------ Clasp side

    /** A Clasp context with {@code keyStore} (a stem such as "client-ec", or null) trusting the test root. */
    static SSLContext clasp(String keyStore) throws Exception {
        return TestPki.context(Peer.CLASP, keyStore == null ? null : keyStore + ".p12");
    }

    /**
     * The named group Clasp negotiated. Clasp's session exposes it only internally (JSSE has no API for it),
     * so the test reads {@code ClaspSSLSession.state().namedGroup} reflectively.
     */
    static String negotiatedGroup(SSLSession session) throws Exception {
        Method state = session.getClass().getDeclaredMethod("state");
        state.setAccessible(true);
        Object s = state.invoke(session);
        Field f = s.getClass().getField("namedGroup");
        Object g = f.get(s);
        if (g == null) {
            return null;
        }
        return (String) g.getClass().getMethod("standardName").invoke(g);
    }

    static void assertGroup(String expected, SSLSession session, String context) throws Exception {
        assertEquals(expected, negotiatedGroup(session), "negotiated group\n" + context);
    }

    /** A step of a test that may throw anything. */
    interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step}; any failure is rethrown with the program's command line and output attached. */
    static void withOutput(NativeProcess program, Step step) throws Exception {
        try {
            step.run();
        } catch (Exception | AssertionError e) {
            if (e.getMessage() != null && e.getMessage().contains("[end of output]")) {
                throw e;
            }
            throw new org.opentest4j.AssertionFailedError(e + "\n" + program.describe(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------- payloads

    /** {@code lines} lines of printable ASCII, each {@code width} characters plus '\n', seeded. */
    static byte[] lines(int lines, int width, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(lines * (width + 1));
        for (int i = 0; i < lines; i++) {
            String tag = String.format("L%04d:", i);
            sb.append(tag);
            for (int j = tag.length(); j < width; j++) {
                sb.append((char) ('a' + r.nextInt(26)));
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
