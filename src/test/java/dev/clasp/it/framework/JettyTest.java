package dev.clasp.it.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki;
import dev.clasp.it.TestPki.Peer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Jetty 12 serving HTTPS on Clasp (SslContextFactory.Server with Clasp's SSLContext), HTTP/2 and HTTP/1.1 by ALPN,
 * to OkHttp, Apache HttpClient 5 (classic and async) and java.net.http clients that also run on Clasp. Jetty picks
 * its ALPN processor by engine class: Clasp ships {@code dev.clasp.jetty.ClaspServerAlpnProcessor} for it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JettyTest {
    private static final String CLASP_SESSION = "dev.clasp.engine.ClaspSSLSession";
    private static JettyServer server;
    private static SSLContext client;

    @BeforeAll
    static void start() throws Exception {
        server = new JettyServer("server-ec256.p12");
        client = TestPki.context(Peer.CLASP, null);
        assertEquals("Clasp", client.getProvider().getName());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static void assertServedByClasp(String body, String httpVersion, String path) {
        assertTrue(body.startsWith(httpVersion + " TLSv1.2 TLS_ECDHE_ECDSA_"), body);
        assertTrue(body.contains(CLASP_SESSION), body);
        assertTrue(body.endsWith(" " + path), body);
    }

    @Test
    void javaNetHttpOverHttp2() throws Exception {
        HttpClient c = HttpClient.newBuilder().sslContext(client).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(10)).build();
        for (int i = 0; i < 3; i++) { // several streams over one h2 connection
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(server.url("/jdk/h2/" + i))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, r.version());
            assertServedByClasp(r.body(), "HTTP/2.0", "/jdk/h2/" + i);
            assertEquals("TLSv1.2", r.sslSession().orElseThrow().getProtocol());
        }
    }

    @Test
    void javaNetHttpOverHttp11() throws Exception {
        HttpClient c = HttpClient.newBuilder().sslContext(client).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(server.url("/jdk/h1"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, r.version());
        assertServedByClasp(r.body(), "HTTP/1.1", "/jdk/h1");
    }

    private static OkHttpClient okHttp(List<Protocol> protocols) throws Exception {
        X509TrustManager tm = (X509TrustManager) TestPki.trustManagers("truststore.p12")[0];
        return new OkHttpClient.Builder().sslSocketFactory(client.getSocketFactory(), tm).protocols(protocols)
                .callTimeout(Duration.ofSeconds(20)).build();
    }

    private static void okHttpFetch(OkHttpClient c, Protocol expected, String httpVersion, String path)
            throws Exception {
        try (okhttp3.Response r = c.newCall(new okhttp3.Request.Builder().url(server.url(path)).build()).execute()) {
            assertEquals(200, r.code());
            assertEquals(expected, r.protocol());
            assertServedByClasp(r.body().string(), httpVersion, path);
        }
    }

    @Test
    void okHttpOverHttp2() throws Exception {
        OkHttpClient c = okHttp(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
        try {
            okHttpFetch(c, Protocol.HTTP_2, "HTTP/2.0", "/okhttp/h2/1");
            okHttpFetch(c, Protocol.HTTP_2, "HTTP/2.0", "/okhttp/h2/2");
        } finally {
            c.dispatcher().executorService().shutdown();
            c.connectionPool().evictAll();
        }
    }

    @Test
    void okHttpOverHttp11() throws Exception {
        OkHttpClient c = okHttp(List.of(Protocol.HTTP_1_1));
        try {
            okHttpFetch(c, Protocol.HTTP_1_1, "HTTP/1.1", "/okhttp/h1");
        } finally {
            c.dispatcher().executorService().shutdown();
            c.connectionPool().evictAll();
        }
    }

    @Test
    void apacheClassicOverHttp11() throws Exception {
        try (CloseableHttpClient c = HttpClients.custom().setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                        .setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(client).buildClassic())
                        .build()).build()) {
            String body = c.execute(new HttpGet(server.url("/apache/classic")), r -> {
                assertEquals(200, r.getCode());
                assertEquals(HttpVersion.HTTP_1_1, r.getVersion());
                return EntityUtils.toString(r.getEntity());
            });
            assertServedByClasp(body, "HTTP/1.1", "/apache/classic");
        }
    }

    private static SimpleHttpResponse apacheAsync(HttpVersionPolicy policy, String path) throws Exception {
        try (CloseableHttpAsyncClient c = HttpAsyncClients.custom().setConnectionManager(
                PoolingAsyncClientConnectionManagerBuilder.create()
                        .setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(client).buildAsync())
                        .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(policy).build())
                        .build()).build()) {
            c.start();
            SimpleHttpRequest req = SimpleRequestBuilder.get(server.url(path)).build();
            return c.execute(req, null).get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void apacheAsyncNegotiatesHttp2() throws Exception {
        SimpleHttpResponse r = apacheAsync(HttpVersionPolicy.NEGOTIATE, "/apache/async/h2");
        assertEquals(200, r.getCode());
        assertEquals(HttpVersion.HTTP_2, r.getVersion());
        assertServedByClasp(r.getBodyText(), "HTTP/2.0", "/apache/async/h2");
    }

    @Test
    void apacheAsyncOverHttp11() throws Exception {
        SimpleHttpResponse r = apacheAsync(HttpVersionPolicy.FORCE_HTTP_1, "/apache/async/h1");
        assertEquals(200, r.getCode());
        assertEquals(HttpVersion.HTTP_1_1, r.getVersion());
        assertServedByClasp(r.getBodyText(), "HTTP/1.1", "/apache/async/h1");
    }
}
