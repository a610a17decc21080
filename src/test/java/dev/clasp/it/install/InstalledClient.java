package dev.clasp.it.install;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.clasp.ClaspProvider;
import dev.clasp.suite.CipherSuite;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Runs in a forked JVM with Clasp installed one of the ways a user installs it, and exercises unmodified JDK
 * networking code over the default {@code SSLContext}. Expects the {@code javax.net.ssl.keyStore*}/{@code
 * trustStore*} system properties to name the test PKI. Prints one {@code PASS}/{@code FAIL} line per check and
 * exits 0 only when every check passed.
 *
 * <p>Modes: {@code insert} (this main calls {@code Security.insertProviderAt(new ClaspProvider(), 1)}),
 * {@code properties} (Clasp was installed by {@code -Djava.security.properties=FILE}; nothing is done here),
 * {@code serviceloader} (this main finds the provider named "Clasp" through {@code ServiceLoader} and inserts
 * that instance first), {@code none} (a negative control: nothing installed, so the checks must fail).
 */
public final class InstalledClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int SO_TIMEOUT = 15_000;

    private final PrintStream out = System.out;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "installed-client-worker");
        t.setDaemon(true);
        return t;
    });
    private int failures;

    private InstalledClient() {
    }

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(50_000);
                System.out.println("FAIL watchdog: still running after 50 s; threads:");
                Thread.getAllStackTraces().forEach((t, st) ->
                        System.out.println("  " + t.getName() + " " + Arrays.toString(st)));
                System.out.flush();
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // finished in time
            }
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        String mode = args.length > 0 ? args[0] : "";
        InstalledClient c = new InstalledClient();
        c.run(mode);
        System.out.println(c.failures == 0 ? "ALL PASSED (" + mode + ")" : c.failures + " CHECK(S) FAILED (" + mode + ")");
        System.out.flush();
        System.exit(c.failures == 0 ? 0 : 1);
    }

    @FunctionalInterface
    interface Check {
        String run() throws Exception;
    }

    private void check(String name, Check check) {
        try {
            out.println("PASS " + name + ": " + check.run());
        } catch (Throwable e) {
            failures++;
            out.println("FAIL " + name + ": " + e);
            e.printStackTrace(out);
        }
        out.flush();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private void run(String mode) throws Exception {
        switch (mode) {
            case "insert" -> check("install by Security.insertProviderAt", () -> {
                int pos = Security.insertProviderAt(new ClaspProvider(), 1);
                require(pos == 1, "insertProviderAt returned " + pos);
                return "position " + pos;
            });
            case "serviceloader" -> check("install by ServiceLoader", () -> {
                Provider found = null;
                List<String> seen = new ArrayList<>();
                for (Provider p : ServiceLoader.load(Provider.class)) {
                    seen.add(p.getName());
                    if (p.getName().equals("Clasp")) {
                        found = p;
                    }
                }
                require(found != null, "ServiceLoader.load(Provider.class) did not find Clasp; saw " + seen);
                require(found.getClass() == ClaspProvider.class, "found " + found.getClass());
                require(Security.getProvider("Clasp") == null, "Clasp was already installed before this check");
                int pos = Security.insertProviderAt(found, 1);
                require(pos == 1, "insertProviderAt returned " + pos);
                return "found " + found.getClass().getName() + " among " + seen.size() + " providers, inserted first";
            });
            case "properties" -> check("install by java.security.properties", () -> {
                String file = System.getProperty("java.security.properties");
                require(file != null, "-Djava.security.properties is not set");
                List<String> names = Arrays.stream(Security.getProviders()).map(Provider::getName).toList();
                for (String jdk : List.of("SUN", "SunRsaSign", "SunEC", "SunJSSE", "SunJCE")) {
                    require(names.contains(jdk), "JDK provider " + jdk + " missing: " + names);
                }
                require(names.indexOf("SUN") == 1, "SUN should follow Clasp: " + names);
                return "file " + file + " gives " + names;
            });
            case "none" -> out.println("INFO nothing installed (negative control)");
            default -> throw new IllegalArgumentException("mode must be insert, properties, serviceloader or none: " + mode);
        }
        if (failures > 0) {
            return;
        }
        check("Clasp is the first provider", () -> {
            Provider first = Security.getProviders()[0];
            require(first.getName().equals("Clasp"), "first provider is " + first.getName());
            return first.getName() + " " + first.getVersionStr();
        });
        check("default SSLContext is Clasp's", () -> {
            SSLContext d = SSLContext.getDefault();
            require(d.getProvider().getName().equals("Clasp"), "SSLContext.getDefault() is from " + d.getProvider());
            String sf = SSLSocketFactory.getDefault().getClass().getName();
            String ssf = SSLServerSocketFactory.getDefault().getClass().getName();
            String huc = HttpsURLConnection.getDefaultSSLSocketFactory().getClass().getName();
            for (String n : List.of(sf, ssf, huc)) {
                require(n.startsWith("dev.clasp."), "a default factory is not Clasp's: " + n);
            }
            return d.getProvider().getName() + "; factories " + sf + ", " + ssf;
        });
        if (failures > 0) {
            return;
        }
        try {
            httpChecks();
            socketChecks();
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- HTTPS

    private static HttpsServer server(SSLContext ctx) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/", ex -> {
            String sessionClass = ((HttpsExchange) ex).getSSLSession().getClass().getName();
            byte[] body = ("hello from " + sessionClass + " " + ((HttpsExchange) ex).getSSLSession().getCipherSuite())
                    .getBytes(StandardCharsets.UTF_8);
            try (InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
            }
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "https-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return server;
    }

    private static void requireClaspSuite(String suite) {
        require(suite != null && CipherSuite.fromName(suite) != null, "not one of Clasp's suites: " + suite);
    }

    private static void requireServedByClasp(String body) {
        require(body.startsWith("hello from dev.clasp.engine."), "server session is not Clasp's: " + body);
    }

    private static String fetch(URL url) throws Exception {
        HttpsURLConnection c = (HttpsURLConnection) url.openConnection();
        c.setConnectTimeout(SO_TIMEOUT);
        c.setReadTimeout(SO_TIMEOUT);
        require(c.getSSLSocketFactory() == HttpsURLConnection.getDefaultSSLSocketFactory(), "not the default factory");
        require(c.getHostnameVerifier() == HttpsURLConnection.getDefaultHostnameVerifier(), "not the default verifier");
        String body;
        String suite;
        try (InputStream in = c.getInputStream()) {
            suite = c.getCipherSuite();
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        require(c.getResponseCode() == 200, "status " + c.getResponseCode());
        requireClaspSuite(suite);
        requireServedByClasp(body);
        String result = suite + ", body \"" + body + "\"";
        c.disconnect();
        return result;
    }

    private void httpChecks() throws Exception {
        SSLContext def = SSLContext.getDefault();
        HttpsServer server = server(def);
        HttpsServer wrongHost = null;
        try {
            int port = server.getAddress().getPort();
            check("HttpsServer on the default SSLContext serves; HttpsURLConnection https://localhost",
                    () -> fetch(new URL("https://localhost:" + port + "/")));
            check("HttpsURLConnection https://127.0.0.1", () -> fetch(new URL("https://127.0.0.1:" + port + "/")));

            HttpClient client = HttpClient.newHttpClient();
            check("HttpClient.newHttpClient() uses the default SSLContext", () -> {
                require(client.sslContext() == def, "HttpClient context " + client.sslContext().getProvider());
                require(client.version() == HttpClient.Version.HTTP_2, "default version " + client.version());
                return client.sslContext().getProvider().getName() + ", preferring " + client.version();
            });
            check("HttpClient over HTTP/1.1", () -> httpClientFetch(client, port, HttpClient.Version.HTTP_1_1));
            check("HttpClient with its HTTP/2 default falls back to HTTP/1.1 via ALPN",
                    () -> httpClientFetch(client, port, null));
            check("HttpClient negotiates h2 by ALPN with a Clasp server that offers only h2", () -> h2Alpn(client));

            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(Path.of(System.getProperty("javax.net.ssl.keyStore")).resolveSibling("server-wronghost.p12")),
                    "changeit".toCharArray());
            SSLContext wrongCtx = SSLContext.getInstance("TLS");
            require(wrongCtx.getProvider().getName().equals("Clasp"), "SSLContext TLS from " + wrongCtx.getProvider());
            wrongCtx.init(kmf.getKeyManagers(), null, null);
            wrongHost = server(wrongCtx);
            int port2 = wrongHost.getAddress().getPort();
            check("HttpsURLConnection refuses a certificate that does not name the host", () -> {
                try {
                    String r = fetch(new URL("https://localhost:" + port2 + "/"));
                    throw new AssertionError("fetched from the wrong-host server: " + r);
                } catch (IOException e) {
                    String m = String.valueOf(e.getMessage());
                    require(e instanceof javax.net.ssl.SSLHandshakeException, "expected SSLHandshakeException: " + e);
                    require(m.toLowerCase().contains("localhost") || m.contains("certificate") || m.contains("name"),
                            "unexpected message: " + m);
                    return e.getClass().getSimpleName() + ": " + m;
                }
            });
            check("HttpClient refuses a certificate that does not name the host", () -> {
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port2 + "/"))
                            .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
                    throw new AssertionError("fetched from the wrong-host server: " + r.body());
                } catch (IOException e) {
                    Throwable root = e;
                    boolean handshake = false;
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        handshake |= t instanceof javax.net.ssl.SSLHandshakeException;
                        root = t;
                    }
                    require(handshake, "expected an SSLHandshakeException in the cause chain: " + e);
                    return e.getClass().getSimpleName() + " <- " + root;
                }
            });
        } finally {
            server.stop(0);
            if (wrongHost != null) {
                wrongHost.stop(0);
            }
        }
    }

    private static String httpClientFetch(HttpClient client, int port, HttpClient.Version version) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/")).timeout(TIMEOUT);
        if (version != null) {
            b.version(version);
        }
        HttpResponse<String> r = client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        require(r.statusCode() == 200, "status " + r.statusCode());
        require(r.version() == HttpClient.Version.HTTP_1_1, "HttpsServer speaks HTTP/1.1 only, got " + r.version());
        String suite = r.sslSession().orElseThrow().getCipherSuite();
        requireClaspSuite(suite);
        requireServedByClasp(r.body());
        return r.version() + " " + suite + ", body \"" + r.body() + "\"";
    }

    /**
     * HttpsServer has no ALPN, so a real h2 selection needs a server that offers it: a Clasp SSLServerSocket from
     * the default factory offering only "h2". It records what the client offered and what was selected, then
     * closes (it speaks no HTTP/2); the client's request fails, which is expected.
     */
    private String h2Alpn(HttpClient client) throws Exception {
        try (SSLServerSocket ss = (SSLServerSocket) SSLServerSocketFactory.getDefault()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            ss.setSoTimeout(SO_TIMEOUT);
            SSLParameters p = ss.getSSLParameters();
            p.setApplicationProtocols(new String[] {"h2"});
            ss.setSSLParameters(p);
            Future<String> server = pool.submit(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(SO_TIMEOUT);
                    s.startHandshake();
                    return s.getApplicationProtocol() + " on " + s.getClass().getName();
                }
            });
            CompletableFuture<HttpResponse<String>> response = client.sendAsync(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + ss.getLocalPort() + "/"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            String selected = server.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            require(selected.startsWith("h2 on dev.clasp."), "server selected " + selected);
            String clientOutcome;
            try {
                clientOutcome = "response " + response.get(5, TimeUnit.SECONDS).statusCode();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                clientOutcome = "the client then failed, as expected, with "
                        + (e.getCause() != null ? e.getCause() : e).getClass().getSimpleName();
            }
            return "server selected " + selected + "; " + clientOutcome;
        }
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    // ---------------------------------------------------------------- sockets

    private void socketChecks() {
        check("SSLSocket <-> SSLServerSocket echo of 300 KB both ways (default factories)", this::echo);
        check("SSLSocket layered over a connected plain Socket", this::layered);
    }

    private String echo() throws Exception {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        try (SSLServerSocket ss = (SSLServerSocket) SSLServerSocketFactory.getDefault()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            ss.setSoTimeout(SO_TIMEOUT);
            Future<Integer> server = pool.submit(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(SO_TIMEOUT);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    OutputStream o = s.getOutputStream();
                    int n = in.readInt();
                    byte[] buf = new byte[8192];
                    int done = 0;
                    while (done < n) {
                        int r = in.read(buf, 0, Math.min(buf.length, n - done));
                        if (r < 0) {
                            throw new IOException("EOF after " + done + " of " + n);
                        }
                        o.write(buf, 0, r);
                        done += r;
                    }
                    o.flush();
                    return done;
                }
            });
            try (SSLSocket s = (SSLSocket) SSLSocketFactory.getDefault().createSocket("localhost", ss.getLocalPort())) {
                s.setSoTimeout(SO_TIMEOUT);
                Future<Void> writer = pool.submit(() -> {
                    DataOutputStream o = new DataOutputStream(s.getOutputStream());
                    o.writeInt(data.length);
                    for (int off = 0; off < data.length; off += 5000) {
                        o.write(data, off, Math.min(5000, data.length - off));
                    }
                    o.flush();
                    return null;
                });
                byte[] got = s.getInputStream().readNBytes(data.length);
                writer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                require(Arrays.equals(data, got), "echo differs (" + got.length + " bytes back)");
                require(server.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS) == data.length, "server count");
                require(s.getInputStream().read() == -1, "expected EOF after the server's close_notify");
                requireClaspSuite(s.getSession().getCipherSuite());
                return data.length + " bytes each way, " + s.getSession().getProtocol() + " "
                        + s.getSession().getCipherSuite() + " on " + s.getClass().getName();
            }
        }
    }

    private String layered() throws Exception {
        try (SSLServerSocket ss = (SSLServerSocket) SSLServerSocketFactory.getDefault()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            ss.setSoTimeout(SO_TIMEOUT);
            AtomicReference<String> heard = new AtomicReference<>();
            Future<Void> server = pool.submit(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(SO_TIMEOUT);
                    heard.set(new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
                    s.getOutputStream().write("pong!".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.getInputStream().read(); // the client's close_notify
                }
                return null;
            });
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ss.getLocalPort()), SO_TIMEOUT);
                plain.setSoTimeout(SO_TIMEOUT);
                SSLSocket s = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(plain, "localhost", ss.getLocalPort(), true);
                require(s.getClass().getName().startsWith("dev.clasp."), "layered socket is " + s.getClass());
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                s.getOutputStream().write("ping!".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                String reply = new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII);
                require(reply.equals("pong!"), "reply " + reply);
                String suite = s.getSession().getCipherSuite();
                s.close();
                require(plain.isClosed(), "autoClose did not close the plain socket");
                server.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                require("ping!".equals(heard.get()), "server heard " + heard.get());
                requireClaspSuite(suite);
                return "ping!/pong! over " + suite + ", plain socket closed with the layered one";
            }
        }
    }
}
