package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.Contract.Impl;
import dev.clasp.engine.Contract.Pair;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Server Name Indication and endpoint identification, each checked against SunJSSE too. */
class SniContractTest {

    private static List<SNIServerName> requested(Impl impl, String host, List<SNIServerName> override)
            throws Exception {
        SSLEngine client = Contract.context(impl, null).createSSLEngine(host, 443);
        client.setUseClientMode(true);
        if (override != null) {
            SSLParameters p = client.getSSLParameters();
            p.setServerNames(override);
            client.setSSLParameters(p);
        }
        // The server is always the other implementation's reference too: what it records is what was sent.
        Pair p = new Pair(client, Contract.server(Contract.context(impl, Contract.SERVER_KEYS)));
        p.handshake();
        return ((ExtendedSSLSession) p.server.getSession()).getRequestedServerNames();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "CLASP,www.example.com,www.example.com", "SUNJSSE,www.example.com,www.example.com",
        "CLASP,WWW.Example.COM,www.example.com", "SUNJSSE,WWW.Example.COM,www.example.com",
        "CLASP,www.example.com.,www.example.com", "SUNJSSE,www.example.com.,www.example.com",
        "CLASP,127.0.0.1,", "SUNJSSE,127.0.0.1,",
        "CLASP,::1,", "SUNJSSE,::1,",
        "CLASP,localhost,", "SUNJSSE,localhost,"})
    void clientSendsSniForDnsNamesOnly(Impl impl, String host, String expected) throws Exception {
        List<SNIServerName> got = requested(impl, host, null);
        if (expected == null) {
            assertEquals(List.of(), got);
        } else {
            assertEquals(1, got.size(), got.toString());
            assertEquals(expected, ((SNIHostName) got.get(0)).getAsciiName().toLowerCase(Locale.ROOT));
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void setServerNamesOverrides(Impl impl) throws Exception {
        assertEquals(List.of(new SNIHostName("other.example")),
                requested(impl, "www.example.com", List.of(new SNIHostName("other.example"))));
        assertEquals(List.of(), requested(impl, "www.example.com", List.of()));
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void engineWithoutHostSendsNoSni(Impl impl) throws Exception {
        SSLEngine client = Contract.context(impl, null).createSSLEngine();
        client.setUseClientMode(true);
        Pair p = new Pair(client, Contract.server(Contract.context(impl, Contract.SERVER_KEYS)));
        p.handshake();
        assertEquals(List.of(), ((ExtendedSSLSession) p.server.getSession()).getRequestedServerNames());
    }

    @ParameterizedTest(name = "client {0}, server {1}")
    @CsvSource({"CLASP,SUNJSSE", "SUNJSSE,CLASP", "CLASP,CLASP", "SUNJSSE,SUNJSSE"})
    void rejectingSniMatcherFailsWithUnrecognizedName(Impl clientImpl, Impl serverImpl) throws Exception {
        SSLEngine client = Contract.context(clientImpl, null).createSSLEngine("www.example.com", 443);
        client.setUseClientMode(true);
        SSLEngine server = Contract.server(Contract.context(serverImpl, Contract.SERVER_KEYS));
        SSLParameters sp = server.getSSLParameters();
        sp.setSNIMatchers(List.of(SNIHostName.createSNIMatcher("only\\.example\\.org")));
        server.setSSLParameters(sp);
        Pair p = new Pair(client, server);
        SSLException e = assertThrows(SSLException.class, p::handshake);
        assertEquals(SSLHandshakeException.class, e.getClass(), e.toString());
        // Whichever side threw first, the client must end up having received unrecognized_name.
        SSLException clientSide = e;
        if (p.server.isOutboundDone() || p.server.getHandshakeStatus() == javax.net.ssl.SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            for (int i = 0; i < 3 && !p.server.isOutboundDone(); i++) {
                p.wrap(false, java.nio.ByteBuffer.allocate(0));
            }
            clientSide = assertThrows(SSLException.class, () -> p.unwrap(true));
        }
        assertEquals(SSLHandshakeException.class, clientSide.getClass());
        assertTrue(clientSide.getMessage().toLowerCase(Locale.ROOT).contains("unrecognized_name"),
                clientSide.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void acceptingSniMatcher(Impl impl) throws Exception {
        SSLEngine client = Contract.context(impl, null).createSSLEngine("www.example.com", 443);
        client.setUseClientMode(true);
        SSLEngine server = Contract.server(Contract.context(impl, Contract.SERVER_KEYS));
        SSLParameters sp = server.getSSLParameters();
        SNIMatcher m = SNIHostName.createSNIMatcher("www\\.example\\.com");
        sp.setSNIMatchers(List.of(m));
        server.setSSLParameters(sp);
        assertEquals(StandardConstants.SNI_HOST_NAME, server.getSSLParameters().getSNIMatchers().iterator().next().getType());
        new Pair(client, server).handshake();
    }

    @ParameterizedTest(name = "{0} {1} {2} ok={3}")
    @CsvSource({
        "CLASP,localhost,server-ec256.p12,true", "SUNJSSE,localhost,server-ec256.p12,true",
        "CLASP,127.0.0.1,server-ec256.p12,true", "SUNJSSE,127.0.0.1,server-ec256.p12,true",
        "CLASP,localhost,server-wronghost.p12,false", "SUNJSSE,localhost,server-wronghost.p12,false",
        "CLASP,wrong.example.com,server-wronghost.p12,true", "SUNJSSE,wrong.example.com,server-wronghost.p12,true",
        "CLASP,other.example.com,server-wronghost.p12,false", "SUNJSSE,other.example.com,server-wronghost.p12,false"})
    void httpsEndpointIdentification(Impl impl, String host, String serverKeys, boolean ok) throws Exception {
        SSLEngine client = Contract.context(impl, null).createSSLEngine(host, 443);
        client.setUseClientMode(true);
        SSLParameters cp = client.getSSLParameters();
        cp.setEndpointIdentificationAlgorithm("HTTPS");
        client.setSSLParameters(cp);
        assertEquals("HTTPS", client.getSSLParameters().getEndpointIdentificationAlgorithm());
        Pair p = new Pair(client, Contract.server(Contract.context(impl, serverKeys)));
        if (ok) {
            p.handshake();
            assertEquals("TLSv1.2", client.getSession().getProtocol());
        } else {
            SSLException e = assertThrows(SSLException.class, p::handshake);
            assertEquals(SSLHandshakeException.class, e.getClass(), e.toString());
        }
    }
}
