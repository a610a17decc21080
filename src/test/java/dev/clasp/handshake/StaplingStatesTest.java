package dev.clasp.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.config.StatusResponseSource;
import dev.clasp.config.TlsConfig;
import dev.clasp.message.CertificateStatus;
import dev.clasp.message.ClientHello;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.ServerHello;
import dev.clasp.message.TlsReader;
import dev.clasp.message.ext.StatusRequestExtension;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;

/**
 * The status_request states on their own (RFC 6066 8), a Clasp client and server exchanging messages in memory as
 * in {@link StateMachineTest}: when CertificateStatus may come, that the trust manager runs after it with the
 * response in the session, and that a server may leave it out.
 */
class StaplingStatesTest {
    private static final byte[] RESPONSE = {0x30, 0x03, 0x0a, 0x01, 0x00}; // any DER: the codec does not look inside

    /** A run whose client asks for status ({@code request}) and whose server staples what {@code source} gives. */
    static final class Run {
        final StateMachineTest.Wire clientWire = new StateMachineTest.Wire();
        final StateMachineTest.Wire serverWire = new StateMachineTest.Wire();
        final HandshakeContext clientCtx;
        HandshakeState client;
        HandshakeState server;
        /** The client session's status responses at the moment its trust manager was asked. */
        final List<List<byte[]>> seenByTrustManager = new ArrayList<>();
        final AtomicInteger asked = new AtomicInteger();

        Run(boolean request, byte[] staple) throws Exception {
            StatusResponseSource source = (chain, exts) -> {
                asked.incrementAndGet();
                return staple;
            };
            HandshakeContext base = StateMachineTest.context(true, null, false, clientWire);
            StateMachineTest.Managers m = (StateMachineTest.Managers) base.auth();
            clientCtx = withStapling(base, request, null, new StateMachineTest.Managers(m.km(),
                    recording(m.tm(), base.session(), seenByTrustManager)));
            HandshakeContext sbase = StateMachineTest.context(false, "server-ec256.p12", false, serverWire);
            HandshakeContext serverCtx = withStapling(sbase, false, source, sbase.auth());
            clientWire.current = clientCtx;
            serverWire.current = serverCtx;
            client = ClientStates.start(clientCtx);
            server = ServerStates.start(serverCtx);
        }

        boolean step() throws TlsAlertException {
            if (!clientWire.toPeer.isEmpty()) {
                server = server.handle(clientWire.toPeer.poll());
                return true;
            }
            if (!serverWire.toPeer.isEmpty()) {
                client = client.handle(serverWire.toPeer.poll());
                return true;
            }
            return false;
        }

        void complete() throws TlsAlertException {
            for (int i = 0; i < 50 && step(); i++) {
                // bounded
            }
            assertTrue(client.isTraffic() && server.isTraffic(), "handshake did not complete");
        }
    }

    /** {@code ctx} with the stapling settings changed (the harness builds contexts without them). */
    static HandshakeContext withStapling(HandshakeContext ctx, boolean request, StatusResponseSource source,
            Authenticator auth) {
        TlsConfig c = ctx.config();
        TlsConfig s = new TlsConfig(c.clientMode(), c.cipherSuites(), c.namedGroups(), c.signatureSchemes(),
                c.needClientAuth(), c.wantClientAuth(), c.serverNames(), c.sniMatchers(), c.useCipherSuitesOrder(),
                c.applicationProtocols(), c.peerHost(), c.peerPort(), c.keyManager(), c.trustManager(), c.random(),
                c.alpnSelector(), c.maxHandshakeMessageSize(), c.maxPeerCertificateChain(),
                c.rejectClientInitiatedRenegotiation(), c.useExtendedMasterSecret(), c.allowLegacyResumption(),
                c.dheFallbackGroup(), c.recordLimits(), request, source);
        return new HandshakeContext(s, auth, ctx.out(), ctx.session(), ctx.transcript(), ctx.cache(),
                ctx.secretLog());
    }

    /** A trust manager that records the handshake session's status responses when it is asked. */
    static X509ExtendedTrustManager recording(X509ExtendedTrustManager tm, SessionState session,
            List<List<byte[]>> seen) {
        return new dev.clasp.it.ForwardingTrustManager(tm) {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                seen.add(session.statusResponses);
                super.checkServerTrusted(chain, authType);
            }
        };
    }

    static Run run(boolean request, byte[] staple) throws Exception {
        return new Run(request, staple);
    }

    @Test
    void clientAsksAndTheTrustManagerSeesTheStaple() throws Exception {
        Run r = run(true, RESPONSE);
        ClientHello ch = ClientHello.decode(new TlsReader(((HandshakeInput.Message) r.clientWire.toPeer.peek()).body()));
        assertEquals(StatusRequestExtension.ocsp(), ch.extension(StatusRequestExtension.class));
        r.step(); // ClientHello -> server flight
        assertEquals(1, r.asked.get());
        List<HandshakeType> flight = new ArrayList<>();
        r.serverWire.toPeer.forEach(i -> flight.add(((HandshakeInput.Message) i).type()));
        assertEquals(List.of(HandshakeType.SERVER_HELLO, HandshakeType.CERTIFICATE, HandshakeType.CERTIFICATE_STATUS,
                HandshakeType.SERVER_KEY_EXCHANGE, HandshakeType.SERVER_HELLO_DONE), flight);
        ServerHello sh = ServerHello.decode(new TlsReader(((HandshakeInput.Message) r.serverWire.toPeer.peek()).body()));
        assertEquals(StatusRequestExtension.empty(), sh.extension(StatusRequestExtension.class));
        r.step(); // ServerHello
        r.step(); // Certificate: the trust manager waits for the status
        assertInstanceOf(ExpectCertificateStatus.class, r.client);
        assertTrue(r.seenByTrustManager.isEmpty());
        r.step(); // CertificateStatus
        assertEquals(1, r.seenByTrustManager.size());
        assertArrayEquals(RESPONSE, r.seenByTrustManager.get(0).get(0));
        r.complete();
        assertEquals(1, r.clientCtx.session().statusResponses.size());
    }

    /** RFC 6066 8: a server that echoed status_request may still send no CertificateStatus. */
    @Test
    void echoedButOmittedCertificateStatusIsAccepted() throws Exception {
        Run r = run(true, RESPONSE);
        r.step();
        r.step(); // ServerHello
        r.step(); // Certificate
        HandshakeInput.Message status = (HandshakeInput.Message) r.serverWire.toPeer.poll();
        assertEquals(HandshakeType.CERTIFICATE_STATUS, status.type());
        r.step(); // ServerKeyExchange, straight after Certificate: trust check, then the signature
        assertEquals(1, r.seenByTrustManager.size());
        assertEquals(List.of(), r.seenByTrustManager.get(0));
        assertInstanceOf(ClientStates.ExpectCertificateRequestOrDone.class, r.client);
    }

    @Test
    void noStapleMeansNoEchoAndNoCertificateStatus() throws Exception {
        Run r = run(true, null);
        r.step();
        assertEquals(1, r.asked.get());
        ServerHello sh = ServerHello.decode(new TlsReader(((HandshakeInput.Message) r.serverWire.toPeer.peek()).body()));
        assertFalse(sh.hasExtension(StatusRequestExtension.empty().type()));
        r.complete();
        assertEquals(List.of(List.of()), r.seenByTrustManager);
    }

    @Test
    void clientThatDidNotAskGetsNoStapleAndRefusesOne() throws Exception {
        Run r = run(false, RESPONSE);
        ClientHello ch = ClientHello.decode(new TlsReader(((HandshakeInput.Message) r.clientWire.toPeer.peek()).body()));
        assertFalse(ch.hasExtension(StatusRequestExtension.empty().type()));
        r.step();
        assertEquals(0, r.asked.get(), "the source is not asked for a client that did not ask");
        r.step(); // ServerHello
        r.step(); // Certificate
        assertInstanceOf(ClientStates.ExpectServerKeyExchange.class, r.client);
        HandshakeInput.Message status = StateMachineTest.message(HandshakeType.CERTIFICATE_STATUS,
                TestBodies.body(new CertificateStatus(RESPONSE)));
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> r.client.handle(status));
        assertEquals(AlertDescription.UNEXPECTED_MESSAGE, e.description());
    }

    /** The server staples nothing when there is no certificate to vouch for, and a source that throws costs only the staple. */
    @Test
    void brokenSourceCostsOnlyTheStaple() throws Exception {
        StatusResponseSource broken = (chain, exts) -> {
            throw new IllegalStateException("responder client bug");
        };
        ClientHello ch = new ClientHello(0x0303, new byte[32], new byte[0], List.of(0xC02B), new byte[] {0},
                List.of(StatusRequestExtension.ocsp()));
        assertEquals(null, Stapling.serverResponse(broken, ch, new X509Certificate[1]));
        assertEquals(null, Stapling.serverResponse((c, e) -> RESPONSE, ch, null));
        assertNotNull(Stapling.serverResponse((c, e) -> RESPONSE, ch, new X509Certificate[1]));
    }

    static final class TestBodies {
        static byte[] body(dev.clasp.message.HandshakeMessage m) {
            byte[] raw = m.encode();
            return java.util.Arrays.copyOfRange(raw, 4, raw.length);
        }
    }
}
