package dev.clasp.cli;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.clasp.ClaspProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.Security;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * {@code demo}: Clasp installed with {@code Security.insertProviderAt}, the JDK's {@code HttpsServer} on
 * 127.0.0.1 and {@code HttpsURLConnection} fetching from it, both over Clasp; prints what was negotiated.
 * When run in-process the provider list is restored afterwards.
 */
final class Demo {
    static final Set<String> OPTIONS = Set.of("--certs");
    static final Set<String> FLAGS = Set.of();
    private static final String PASSWORD = "changeit";

    private Demo() {
    }

    static int run(Options o, PrintStream out) throws Exception {
        Path certs = Path.of(o.get("--certs", "test-certs"));
        Path keyStore = certs.resolve("server-ec256.p12");
        Path trustStore = certs.resolve("truststore.p12");
        for (Path p : new Path[] {keyStore, trustStore}) {
            if (!Files.isRegularFile(p)) {
                throw new NoSuchFileException(p.toString(), null,
                        "test certificate not found; run from the project directory or pass --certs DIR");
            }
        }
        boolean installed = Security.getProvider(ClaspProvider.NAME) == null;
        if (installed) {
            Security.insertProviderAt(new ClaspProvider(), 1);
        }
        try {
            return fetch(keyStore.toString(), trustStore.toString(), out);
        } finally {
            if (installed) {
                Security.removeProvider(ClaspProvider.NAME);
            }
        }
    }

    private static int fetch(String keyStore, String trustStore, PrintStream out) throws Exception {
        char[] password = PASSWORD.toCharArray();
        // "TLS" without a provider name: Clasp answers because it is first in the provider list.
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(Tls.keyManagers(keyStore, password), null, null);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, Tls.trustManagers(trustStore, password), null);
        out.println("Clasp installed with Security.insertProviderAt(new ClaspProvider(), 1); SSLContext \"TLS\" comes from "
                + clientContext.getProvider().getName());
        if (!clientContext.getProvider().getName().equals(ClaspProvider.NAME)) {
            out.println("FAILED: the SSLContext is not Clasp's");
            return Main.FAILED;
        }

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = serverContext.getDefaultSSLParameters();
                p.setApplicationProtocols(new String[] {"http/1.1"});
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", exchange -> {
            SSLSession s = ((HttpsExchange) exchange).getSSLSession();
            byte[] body = ("Hello over " + s.getProtocol() + " from Clasp (" + s.getClass().getSimpleName() + ")\n")
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
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "clasp-demo-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        try {
            URL url = new URL("https://localhost:" + server.getAddress().getPort() + "/hello");
            out.println("HTTPS server (com.sun.net.httpserver.HttpsServer) on 127.0.0.1:"
                    + server.getAddress().getPort() + " with " + keyStore);
            // Two connections: a full handshake, then an abbreviated one that resumes the session (RFC 5246 7.3).
            boolean ok = true;
            for (int i = 1; i <= 2; i++) {
                HttpsURLConnection c = (HttpsURLConnection) url.openConnection();
                // HttpsURLConnection offers no ALPN by itself; this factory adds "http/1.1" so ALPN is shown working.
                AlpnSocketFactory factory = new AlpnSocketFactory(clientContext.getSocketFactory(), "http/1.1");
                c.setSSLSocketFactory(factory);
                c.setConnectTimeout(10_000);
                c.setReadTimeout(10_000);
                c.setRequestProperty("Connection", "close");   // a new TCP (and TLS) connection each time
                long start = System.nanoTime();
                c.connect();   // TCP connect + TLS handshake (HttpsURLConnection handshakes in connect)
                long handshake = System.nanoTime() - start;
                SSLSession session = c.getSSLSession().orElseThrow();
                boolean resumed = session instanceof dev.clasp.engine.ClaspSSLSession cs && cs.isResumed();
                String alpn = factory.lastProtocol();
                int status = c.getResponseCode();
                String body;
                try (InputStream in = c.getInputStream()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                out.println();
                out.println("connection " + i + ": GET " + url + " -> " + status + " " + body.strip());
                if (i == 1) {
                    Tls.printChain(out, session, "server");
                }
                Tls.printSession(out, session, alpn, handshake, true);
                ok &= status == 200 && body.startsWith("Hello over TLSv1.2 from Clasp")
                        && "TLSv1.2".equals(session.getProtocol()) && resumed == (i == 2);
            }
            out.println(ok ? "OK" : "FAILED: unexpected response or session (the second connection must resume)");
            return ok ? Main.OK : Main.FAILED;
        } finally {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** Delegates to a socket factory and sets the ALPN protocols on each socket it makes. */
    static final class AlpnSocketFactory extends SSLSocketFactory {
        /** The protocol ALPN selected on the last socket made, or null. */
        String lastProtocol() {
            SSLSocket s = last;
            return s == null ? null : s.getApplicationProtocol();
        }

        private final SSLSocketFactory delegate;
        private volatile SSLSocket last;
        private final String[] protocols;

        AlpnSocketFactory(SSLSocketFactory delegate, String... protocols) {
            this.delegate = delegate;
            this.protocols = protocols;
        }

        private Socket alpn(Socket s) {
            SSLSocket ssl = (SSLSocket) s;
            SSLParameters p = ssl.getSSLParameters();
            p.setApplicationProtocols(protocols);
            ssl.setSSLParameters(p);
            last = ssl;
            return ssl;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return alpn(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return alpn(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return alpn(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return alpn(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return alpn(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return alpn(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
