package dev.clasp.it.framework;

import dev.clasp.it.TestPki;
import dev.clasp.it.TestPki.Peer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A Jetty 12 HTTPS server on 127.0.0.1 (ephemeral port) whose TLS is Clasp's SSLContext, speaking HTTP/2 and
 * HTTP/1.1 chosen by ALPN. Each response says what the server saw: HTTP version, TLS protocol and suite, the
 * SSLSession class (proof that Clasp's engine served it) and the request path.
 */
final class JettyServer implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector;

    JettyServer(String keyStore) throws Exception {
        SSLContext ctx = TestPki.context(Peer.CLASP, keyStore);
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(ctx);
        HttpConfiguration cfg = new HttpConfiguration();
        SecureRequestCustomizer src = new SecureRequestCustomizer();
        src.setSniHostCheck(false); // clients connect to 127.0.0.1, which is not an SNI name
        cfg.addCustomizer(src);
        HttpConnectionFactory h1 = new HttpConnectionFactory(cfg);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(cfg);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(h1.getProtocol());
        connector = new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2, h1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(10_000);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                EndPoint.SslSessionData ssl = (EndPoint.SslSessionData) request.getAttribute(
                        EndPoint.SslSessionData.ATTRIBUTE);
                SSLSession s = ssl == null ? null : ssl.sslSession();
                String body = request.getConnectionMetaData().getHttpVersion().asString()
                        + " " + (s == null ? "-" : s.getProtocol() + " " + s.getCipherSuite() + " "
                        + s.getClass().getName())
                        + " " + Request.getPathInContext(request);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    String url(String path) {
        return "https://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
