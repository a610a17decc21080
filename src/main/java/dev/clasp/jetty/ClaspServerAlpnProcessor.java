package dev.clasp.jetty;

import dev.clasp.engine.ClaspSSLEngine;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.alpn.server.ALPNServerConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.ALPNProcessor;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;

/**
 * Jetty's server-side ALPN glue for Clasp engines, found by Jetty's {@code ServiceLoader} through
 * {@code META-INF/services/org.eclipse.jetty.io.ssl.ALPNProcessor$Server} in Clasp's jar. Jetty picks a processor by
 * engine class, and its own {@code JDK9ServerALPNProcessor} applies to {@code java.base} (SunJSSE) engines only
 * (jetty issue 12428), so without this a Jetty {@code ALPNServerConnectionFactory} refuses Clasp's engine. It uses
 * only the standard JDK 9+ ALPN API ({@link SSLEngine#setHandshakeApplicationProtocolSelector}), as Jetty's does.
 *
 * <p>Compiled against Jetty (provided scope) but never bundled with it: the class is loaded only when Jetty asks.
 */
public final class ClaspServerAlpnProcessor implements ALPNProcessor.Server {
    @Override
    public boolean appliesTo(SSLEngine sslEngine) {
        return sslEngine instanceof ClaspSSLEngine;
    }

    @Override
    public void configure(SSLEngine sslEngine, Connection connection) {
        ALPNServerConnection alpn = (ALPNServerConnection) connection;
        Negotiation n = new Negotiation(alpn);
        sslEngine.setHandshakeApplicationProtocolSelector((engine, offered) -> n.select(offered));
        EndPoint ep = alpn.getEndPoint();
        if (ep instanceof SslConnection.SslEndPoint ssl) {
            ssl.getSslConnection().addHandshakeListener(n);
        }
    }

    /** One connection's ALPN choice, made by Jetty's connection factory from its configured protocols. */
    private static final class Negotiation implements SslHandshakeListener {
        private final ALPNServerConnection alpn;

        Negotiation(ALPNServerConnection alpn) {
            this.alpn = alpn;
        }

        /** RFC 7301 3.2: the server's choice among the client's offer; null fails with no_application_protocol. */
        String select(List<String> offered) {
            try {
                alpn.select(offered);
                return alpn.getProtocol();
            } catch (RuntimeException e) {
                return null; // Jetty throws when nothing it serves was offered
            }
        }

        @Override
        public void handshakeSucceeded(Event event) {
            if (alpn.getProtocol() == null) {
                alpn.unsupported(); // the client sent no ALPN: Jetty falls back to its default protocol
            }
        }
    }
}
