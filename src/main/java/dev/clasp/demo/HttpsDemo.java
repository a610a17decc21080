package dev.clasp.demo;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.clasp.ClaspProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real HTTPS exchange with Clasp at both ends: the JDK's {@code HttpsServer} and {@code java.net.http.HttpClient}
 * (both of which drive an {@code SSLEngine}) on loopback, with the test PKI in {@code test-certs/}.
 *
 * <pre>mvn -B -q compile exec:java</pre>
 */
public final class HttpsDemo {
    private HttpsDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path certs = Path.of(args.length > 0 ? args[0] : "test-certs");
        String keyStore = args.length > 1 ? args[1] : "server-ec256.p12";
        System.exit(run(certs, keyStore, System.out) ? 0 : 1);
    }

    /** Serves one page over HTTPS and fetches it; returns whether the body came back intact. */
    public static boolean run(Path certs, String keyStoreFile, PrintStream out) throws Exception {
        char[] password = "changeit".toCharArray();
        ClaspProvider clasp = new ClaspProvider();

        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(load(certs.resolve(keyStoreFile), password), password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(load(certs.resolve("truststore.p12"), password));

        SSLContext serverContext = SSLContext.getInstance("TLS", clasp);
        serverContext.init(kmf.getKeyManagers(), null, null);
        SSLContext clientContext = SSLContext.getInstance("TLS", clasp);
        clientContext.init(null, tmf.getTrustManagers(), null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext) {
            @Override
            public void configure(HttpsParameters params) {
                params.setSSLParameters(serverContext.getDefaultSSLParameters());
            }
        });
        server.createContext("/hello", exchange -> {
            SSLSession s = ((HttpsExchange) exchange).getSSLSession();
            byte[] body = ("Hello over " + s.getProtocol() + " " + s.getCipherSuite() + " from Clasp\n")
                    .getBytes(StandardCharsets.UTF_8);
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        try {
            URI uri = URI.create("https://localhost:" + server.getAddress().getPort() + "/hello");
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(clientContext)
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            SSLSession session = response.sslSession().orElseThrow();
            out.println("GET " + uri + " -> " + response.statusCode());
            out.println("client session: " + session.getProtocol() + " " + session.getCipherSuite()
                    + ", server certificate " + session.getPeerPrincipal());
            out.print("body: " + response.body());
            return response.statusCode() == 200 && response.body().startsWith("Hello over TLSv1.2");
        } finally {
            server.stop(0);
        }
    }

    private static KeyStore load(Path file, char[] password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        }
        return ks;
    }
}
