package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clasp.engine.Contract.Impl;
import dev.clasp.engine.Contract.Pair;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ALPN result belongs to the connection, not the session (RFC 7301 3.1: each handshake negotiates it; a resumed
 * session may carry another protocol). Found by Jetty + java.net.http/OkHttp: an HTTP/1.1 connection followed by
 * an h2 one resumed the session and Clasp reported the first connection's "http/1.1", so the client spoke
 * HTTP/1.1 to an h2 server.
 */
class AlpnResumptionContractTest {
    private static SSLEngine withAlpn(SSLEngine e, String... protocols) {
        SSLParameters p = e.getSSLParameters();
        p.setApplicationProtocols(protocols);
        e.setSSLParameters(p);
        return e;
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void resumedHandshakeReportsItsOwnApplicationProtocol(Impl impl) throws Exception {
        SSLContext cctx = Contract.context(impl, null);
        SSLContext sctx = Contract.context(impl, Contract.SERVER_KEYS);
        Pair first = new Pair(withAlpn(Contract.client(cctx), "http/1.1"),
                withAlpn(Contract.server(sctx), "h2", "http/1.1"));
        first.handshake();
        assertEquals("http/1.1", first.client.getApplicationProtocol());
        assertEquals("http/1.1", first.server.getApplicationProtocol());

        Pair second = new Pair(withAlpn(Contract.client(cctx), "h2", "http/1.1"),
                withAlpn(Contract.server(sctx), "h2", "http/1.1"));
        second.handshake();
        assertArrayEquals(first.client.getSession().getId(), second.client.getSession().getId(), "resumed");
        assertEquals("h2", second.client.getApplicationProtocol());
        assertEquals("h2", second.server.getApplicationProtocol());
        assertEquals("http/1.1", first.client.getApplicationProtocol(), "the first connection keeps its own");
    }
}
