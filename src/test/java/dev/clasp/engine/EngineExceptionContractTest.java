package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.Contract.Impl;
import dev.clasp.engine.Contract.Pair;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Handshake failures reach both ends as SSLHandshakeException; no peer certificate is SSLPeerUnverifiedException. */
class EngineExceptionContractTest {

    /** Drives the pair until both sides have thrown (or finished); returns {clientException, serverException}. */
    private static SSLException[] failBoth(Pair p) throws Exception {
        SSLException[] thrown = new SSLException[2];
        p.wrap(true, ByteBuffer.allocate(0));
        for (int i = 0; i < 100 && (thrown[0] == null || thrown[1] == null); i++) {
            boolean progress = false;
            for (int side = 1; side >= 0; side--) {
                if (thrown[side] != null) {
                    // After the failure, flush the alert the failing side still owes.
                    SSLEngine e = side == 0 ? p.client : p.server;
                    if (!e.isOutboundDone()) {
                        SSLEngineResult r = p.wrap(side == 0, ByteBuffer.allocate(0));
                        progress |= r.bytesProduced() > 0;
                    }
                    continue;
                }
                try {
                    progress |= p.step(side == 0);
                } catch (SSLException e) {
                    thrown[side] = e;
                    progress = true;
                }
            }
            if (!progress) {
                break;
            }
        }
        return thrown;
    }

    @ParameterizedTest(name = "client {0}, server {1}")
    @CsvSource({"CLASP,SUNJSSE", "SUNJSSE,CLASP", "CLASP,CLASP", "SUNJSSE,SUNJSSE"})
    void untrustedServerFailsBothSides(Impl clientImpl, Impl serverImpl) throws Exception {
        // The client detects (certificate_unknown), the server receives the alert.
        Pair p = new Pair(Contract.client(Contract.context(clientImpl, null)),
                Contract.server(Contract.context(serverImpl, "server-untrusted.p12")));
        SSLException[] thrown = failBoth(p);
        assertNotNull(thrown[0], "client must fail");
        assertNotNull(thrown[1], "server must fail: " + p.calls);
        assertEquals(SSLHandshakeException.class, thrown[0].getClass(), thrown[0].toString());
        assertEquals(SSLHandshakeException.class, thrown[1].getClass(), thrown[1].toString());
    }

    @ParameterizedTest(name = "client {0}, server {1}")
    @CsvSource({"CLASP,SUNJSSE", "SUNJSSE,CLASP", "CLASP,CLASP", "SUNJSSE,SUNJSSE"})
    void noCommonSuiteFailsBothSides(Impl clientImpl, Impl serverImpl) throws Exception {
        // The server detects (handshake_failure: its EC key fits no suite offered), the client receives it.
        SSLEngine client = Contract.client(Contract.context(clientImpl, null));
        client.setEnabledCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
        Pair p = new Pair(client, Contract.server(Contract.context(serverImpl, Contract.SERVER_KEYS)));
        SSLException[] thrown = failBoth(p);
        assertNotNull(thrown[0], "client must fail: " + p.calls);
        assertNotNull(thrown[1], "server must fail");
        assertEquals(SSLHandshakeException.class, thrown[0].getClass(), thrown[0].toString());
        assertEquals(SSLHandshakeException.class, thrown[1].getClass(), thrown[1].toString());
    }

    /** Plaintext garbage where a ClientHello belongs: an SSLException (never anything else), then an alert. */
    @ParameterizedTest
    @EnumSource(Impl.class)
    void garbageInsteadOfClientHello(Impl impl) throws Exception {
        SSLEngine server = Contract.server(Contract.context(impl, Contract.SERVER_KEYS));
        ByteBuffer app = ByteBuffer.allocate(server.getSession().getApplicationBufferSize());
        SSLEngineResult r = server.unwrap(ByteBuffer.allocate(0), app);
        assertEquals(SSLEngineResult.Status.BUFFER_UNDERFLOW, r.getStatus());
        assertEquals(SSLEngineResult.HandshakeStatus.NEED_UNWRAP, r.getHandshakeStatus());
        ByteBuffer garbage = ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes("US-ASCII"));
        Throwable t = assertThrows(Throwable.class, () -> server.unwrap(garbage, app));
        assertTrue(t instanceof SSLException, "an SSLException: " + t);
        assertTrue(server.isInboundDone());
        ByteBuffer net = ByteBuffer.allocate(server.getSession().getPacketBufferSize());
        for (int i = 0; i < 3 && !server.isOutboundDone(); i++) {
            server.wrap(ByteBuffer.allocate(0), net);
        }
        assertTrue(server.isOutboundDone());
        assertEquals(SSLEngineResult.Status.CLOSED, server.wrap(ByteBuffer.allocate(0), net).getStatus());
        assertEquals(SSLEngineResult.Status.CLOSED, server.unwrap(garbage, app).getStatus());
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void noClientAuthMeansPeerUnverified(Impl impl) throws Exception {
        Pair p = Contract.pair(impl);
        assertThrows(SSLPeerUnverifiedException.class, () -> p.client.getSession().getPeerCertificates(),
                "the null session before the handshake");
        p.handshake();
        SSLSession s = p.server.getSession();
        assertThrows(SSLPeerUnverifiedException.class, s::getPeerCertificates);
        assertThrows(SSLPeerUnverifiedException.class, s::getPeerPrincipal);
        assertNotNull(p.client.getSession().getPeerCertificates());
        org.junit.jupiter.api.Assertions.assertNull(p.client.getSession().getLocalCertificates());
        org.junit.jupiter.api.Assertions.assertNull(p.client.getSession().getLocalPrincipal());
    }
}
