package dev.clasp.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.config.TlsConfig;
import dev.clasp.crypto.TranscriptHash;
import dev.clasp.it.TestPki;
import dev.clasp.message.HandshakeMessage;
import dev.clasp.message.HandshakeType;
import dev.clasp.record.RecordProtection;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.SignatureScheme;
import java.security.Principal;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tier 3: the handshake state machine on its own. A real Clasp client and a real Clasp server exchange messages
 * through in-memory {@link HandshakeOutput}s (no records, no engine); a run is paused when one side reaches the
 * state under test, which is then fed an input it must not accept. Every state of both roles x every handshake
 * message type and ChangeCipherSpec (well-formed bodies taken from a real handshake) must give unexpected_message;
 * plus the classic skips (SKIP/FREAK/EarlyCCS), Finished before CCS, CCS twice, a wrong Finished, and refused
 * renegotiation after the handshake.
 */
class StateMachineTest {

    // -------------------------------------------------------------------------------------------- harness

    /** One side's output port: messages are encoded (and hashed, as the core does) and queued for the peer. */
    static final class Wire implements HandshakeOutput {
        TranscriptHash transcript = new TranscriptHash();
        /** The context this side's handshake runs in (replaced by a renegotiation). */
        HandshakeContext current;
        final Deque<HandshakeInput> toPeer = new ArrayDeque<>();
        final List<AlertDescription> warnings = new ArrayList<>();
        boolean complete;

        @Override
        public void send(HandshakeMessage message) {
            byte[] raw = message.encode();
            if (message.type() != HandshakeType.HELLO_REQUEST) {
                transcript.update(raw, 0, raw.length);
            }
            toPeer.add(new HandshakeInput.Message(message.type(), Arrays.copyOfRange(raw, 4, raw.length), raw));
        }

        @Override
        public void sendChangeCipherSpec(RecordProtection write) {
            toPeer.add(new HandshakeInput.ChangeCipherSpec());
        }

        @Override
        public void changeReadProtection(RecordProtection read) {
        }

        @Override
        public void sendWarning(AlertDescription description) {
            warnings.add(description);
        }

        @Override
        public void handshakeComplete() {
            complete = true;
        }

        @Override
        public HandshakeContext renegotiate() {
            transcript = new TranscriptHash();
            complete = false;
            current = current.renegotiation(current.config(), new SessionState(), transcript);
            return current;
        }
    }

    /** The key and trust managers with no engine, as the core sees them. */
    record Managers(X509ExtendedKeyManager km, X509ExtendedTrustManager tm) implements Authenticator {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            tm.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            tm.checkClientTrusted(chain, authType);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers) {
            return km == null ? null : km.chooseServerAlias(keyType, issuers, null);
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers) {
            return km == null ? null : km.chooseClientAlias(keyTypes, issuers, null);
        }

        @Override
        public X509Certificate[] acceptedIssuers() {
            return tm.getAcceptedIssuers();
        }
    }

    /** A full handshake between a Clasp client and a Clasp server, advanced one delivered input at a time. */
    static final class Run {
        final Wire clientWire = new Wire();
        final Wire serverWire = new Wire();
        final HandshakeContext clientCtx;
        final HandshakeContext serverCtx;
        HandshakeState client;
        HandshakeState server;
        /** Every input delivered so far, in order, for building catalogues. */
        final List<HandshakeInput> delivered = new ArrayList<>();

        Run(boolean clientAuth) throws Exception {
            clientCtx = context(true, clientAuth ? "client-ec.p12" : null, false, clientWire);
            serverCtx = context(false, "server-ec256.p12", clientAuth, serverWire);
            client = ClientStates.start(clientCtx);
            server = ServerStates.start(serverCtx);
        }

        /** Delivers inputs (the server's queue first) until {@code side}'s state is {@code stateClass}. */
        Run until(boolean clientSide, Class<? extends HandshakeState> stateClass) throws TlsAlertException {
            for (int i = 0; i < 50; i++) {
                if (stateClass.isInstance(clientSide ? client : server)) {
                    return this;
                }
                if (!step()) {
                    break;
                }
            }
            throw new AssertionError((clientSide ? "client" : "server") + " never reached "
                    + stateClass.getSimpleName() + " (client " + name(client) + ", server " + name(server) + ")");
        }

        /** Delivers one pending input; false when none is pending. */
        boolean step() throws TlsAlertException {
            if (!clientWire.toPeer.isEmpty()) {
                HandshakeInput in = clientWire.toPeer.poll();
                delivered.add(in);
                server = server.handle(in);
                return true;
            }
            if (!serverWire.toPeer.isEmpty()) {
                HandshakeInput in = serverWire.toPeer.poll();
                delivered.add(in);
                client = client.handle(in);
                return true;
            }
            return false;
        }

        /** Runs to the end. */
        Run complete() throws TlsAlertException {
            for (int i = 0; i < 50 && step(); i++) {
                // bounded
            }
            assertTrue(client.isTraffic() && server.isTraffic(), "handshake did not complete");
            return this;
        }

        /** The next input waiting for {@code clientSide}, removed from its queue. */
        HandshakeInput next(boolean clientSide) {
            return (clientSide ? serverWire : clientWire).toPeer.poll();
        }

        HandshakeState state(boolean clientSide) {
            return clientSide ? client : server;
        }
    }

    static HandshakeContext context(boolean client, String keyStore, boolean needClientAuth, Wire wire)
            throws Exception {
        KeyManager[] kms = TestPki.keyManagers(keyStore);
        X509ExtendedKeyManager km = kms == null ? null : (X509ExtendedKeyManager) kms[0];
        X509ExtendedTrustManager tm = (X509ExtendedTrustManager) TestPki.trustManagers("truststore.p12")[0];
        TlsConfig config = new TlsConfig(client,
                List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
                List.of(NamedGroup.X25519, NamedGroup.SECP256R1),
                List.of(SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA256),
                needClientAuth, needClientAuth, List.of(), List.of(), false, List.of(), "localhost", 443,
                km, tm, new SecureRandom(), null);
        wire.current = new HandshakeContext(config, new Managers(km, tm), wire, new SessionState(), wire.transcript,
                new TicketsOnly(), SecretLog.NONE);
        return wire.current;
    }

    /** No session cache, but RFC 5077 tickets on in both roles, so ExpectNewSessionTicket is part of every run. */
    static final class TicketsOnly implements SessionCache {
        final TicketSealer sealer = new TicketSealer(new SecureRandom(), System::currentTimeMillis, 3_600_000L,
                () -> 86400);

        @Override
        public SessionState find(byte[] sessionId) {
            return null;
        }

        @Override
        public SessionState findForPeer(String host, int port) {
            return null;
        }

        @Override
        public TicketSealer ticketSealer() {
            return sealer;
        }

        @Override
        public boolean offerTickets() {
            return true;
        }
    }

    static String name(HandshakeState s) {
        return s.getClass().getSimpleName();
    }

    /** One well-formed input of every kind, taken from a complete client-auth handshake where possible. */
    static Map<String, HandshakeInput> catalogue() throws Exception {
        Run run = new Run(true).complete();
        Map<String, HandshakeInput> out = new LinkedHashMap<>();
        out.put("HELLO_REQUEST", message(HandshakeType.HELLO_REQUEST, new byte[0]));
        for (HandshakeInput in : run.delivered) {
            String key = in instanceof HandshakeInput.Message m ? m.type().name() : "ChangeCipherSpec";
            out.putIfAbsent(key, in);
        }
        // lifetime_hint 7200, a 4-byte ticket (RFC 5077 3.3)
        out.put("NEW_SESSION_TICKET", message(HandshakeType.NEW_SESSION_TICKET, new byte[] {0, 0, 0x1c, 0x20, 0, 4, 1, 2, 3, 4}));
        // status_type ocsp(1), a 1-byte response (RFC 6066 8)
        out.put("CERTIFICATE_STATUS", message(HandshakeType.CERTIFICATE_STATUS, new byte[] {1, 0, 0, 1, 0x30}));
        assertEquals(HandshakeType.values().length + 1, out.size(), "catalogue " + out.keySet());
        return out;
    }

    static HandshakeInput.Message message(HandshakeType type, byte[] body) {
        byte[] raw = new byte[4 + body.length];
        raw[0] = (byte) type.code();
        raw[1] = (byte) (body.length >>> 16);
        raw[2] = (byte) (body.length >>> 8);
        raw[3] = (byte) body.length;
        System.arraycopy(body, 0, raw, 4, body.length);
        return new HandshakeInput.Message(type, body, raw);
    }

    /** Each state under test: role, class, whether it needs client authentication, and what it accepts. */
    record StateCase(String label, boolean clientSide, Class<? extends HandshakeState> stateClass, boolean clientAuth,
            Set<String> accepts) {
        @Override
        public String toString() {
            return label;
        }
    }

    static final List<StateCase> STATES = List.of(
            new StateCase("client ExpectServerHello", true, ClientStates.ExpectServerHello.class, false, Set.of("SERVER_HELLO")),
            new StateCase("client ExpectCertificate", true, ClientStates.ExpectCertificate.class, false, Set.of("CERTIFICATE")),
            new StateCase("client ExpectServerKeyExchange", true, ClientStates.ExpectServerKeyExchange.class, false,
                    Set.of("SERVER_KEY_EXCHANGE")),
            new StateCase("client ExpectCertificateRequestOrDone", true, ClientStates.ExpectCertificateRequestOrDone.class,
                    false, Set.of("CERTIFICATE_REQUEST", "SERVER_HELLO_DONE")),
            new StateCase("client ExpectServerHelloDone", true, ClientStates.ExpectServerHelloDone.class, true,
                    Set.of("SERVER_HELLO_DONE")),
            new StateCase("client ExpectNewSessionTicket", true, ExpectNewSessionTicket.class, false,
                    Set.of("NEW_SESSION_TICKET")),
            new StateCase("client ExpectChangeCipherSpec", true, ExpectChangeCipherSpec.class, false, Set.of("ChangeCipherSpec")),
            new StateCase("client ExpectFinished", true, ExpectFinished.class, false, Set.of("FINISHED")),
            new StateCase("client Traffic", true, Traffic.class, false, Set.of("HELLO_REQUEST")),
            new StateCase("server ExpectClientHello", false, ServerStates.ExpectClientHello.class, false, Set.of("CLIENT_HELLO")),
            new StateCase("server ExpectClientCertificate", false, ServerStates.ExpectClientCertificate.class, true,
                    Set.of("CERTIFICATE")),
            new StateCase("server ExpectClientKeyExchange", false, ServerStates.ExpectClientKeyExchange.class, false,
                    Set.of("CLIENT_KEY_EXCHANGE")),
            new StateCase("server ExpectCertificateVerify", false, ServerStates.ExpectCertificateVerify.class, true,
                    Set.of("CERTIFICATE_VERIFY")),
            new StateCase("server ExpectChangeCipherSpec", false, ExpectChangeCipherSpec.class, false, Set.of("ChangeCipherSpec")),
            new StateCase("server ExpectFinished", false, ExpectFinished.class, false, Set.of("FINISHED")),
            new StateCase("server Traffic", false, Traffic.class, false, Set.of("CLIENT_HELLO")));

    static Stream<Arguments> unexpectedInputs() throws Exception {
        Map<String, HandshakeInput> inputs = catalogue();
        List<Arguments> out = new ArrayList<>();
        for (StateCase s : STATES) {
            for (Map.Entry<String, HandshakeInput> e : inputs.entrySet()) {
                if (!s.accepts().contains(e.getKey())) {
                    out.add(Arguments.of(s, e.getKey(), e.getValue()));
                }
            }
        }
        return out.stream();
    }

    static TlsAlertException assertAlert(AlertDescription expected, HandshakeState state, HandshakeInput in) {
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> state.handle(in),
                name(state) + " accepted " + in);
        assertEquals(expected, e.description(), e.getMessage());
        return e;
    }

    // --------------------------------------------------------------------------------------------- tests

    @ParameterizedTest(name = "{0} <- {1}")
    @MethodSource("unexpectedInputs")
    void everyStateRejectsEveryOtherMessage(StateCase s, String inputName, HandshakeInput input) throws Exception {
        Run run = new Run(s.clientAuth()).until(s.clientSide(), s.stateClass());
        TlsAlertException e = assertAlert(AlertDescription.UNEXPECTED_MESSAGE, run.state(s.clientSide()), input);
        String expectedName = input instanceof HandshakeInput.Message m ? m.type().name() : "ChangeCipherSpec";
        assertTrue(e.getMessage().contains(expectedName), e.getMessage());
    }

    @Test
    void everyStateIsReachedAndAcceptsItsMessage() throws Exception {
        for (StateCase s : STATES) {
            Run run = new Run(s.clientAuth()).until(s.clientSide(), s.stateClass());
            assertInstanceOf(s.stateClass(), run.state(s.clientSide()), s.label());
            if (!s.stateClass().equals(Traffic.class)) {
                run.complete();
            }
        }
    }

    /** SKIP / FREAK: a client must not go from Certificate to ServerHelloDone without the signed key exchange. */
    @Test
    void skippedServerKeyExchange() throws Exception {
        Run run = new Run(false).until(true, ClientStates.ExpectServerKeyExchange.class);
        HandshakeInput ske = run.next(true);
        assertEquals(HandshakeType.SERVER_KEY_EXCHANGE, ((HandshakeInput.Message) ske).type());
        HandshakeInput done = run.next(true);
        TlsAlertException e = assertAlert(AlertDescription.UNEXPECTED_MESSAGE, run.client, done);
        assertTrue(e.getMessage().contains("expected ServerKeyExchange, received SERVER_HELLO_DONE"), e.getMessage());
    }

    /** A server must not skip the ServerCertificate either (anonymous-style flight). */
    @Test
    void skippedServerCertificate() throws Exception {
        Run run = new Run(false).until(true, ClientStates.ExpectCertificate.class);
        run.next(true);                                    // drop Certificate
        assertAlert(AlertDescription.UNEXPECTED_MESSAGE, run.client, run.next(true));   // ServerKeyExchange
    }

    /** A client that sent a certificate must prove possession: CCS instead of CertificateVerify is refused. */
    @Test
    void skippedCertificateVerify() throws Exception {
        Run run = new Run(true).until(false, ServerStates.ExpectCertificateVerify.class);
        HandshakeInput cv = run.next(false);
        assertEquals(HandshakeType.CERTIFICATE_VERIFY, ((HandshakeInput.Message) cv).type());
        TlsAlertException e = assertAlert(AlertDescription.UNEXPECTED_MESSAGE, run.server, run.next(false));
        assertTrue(e.getMessage().contains("expected CertificateVerify, received ChangeCipherSpec"), e.getMessage());
    }

    /** Client authentication required: skipping the client Certificate (CKE first) is refused. */
    @Test
    void skippedClientCertificate() throws Exception {
        Run run = new Run(true).until(false, ServerStates.ExpectClientCertificate.class);
        run.until(true, ExpectNewSessionTicket.class);     // the client has queued its flight
        assertInstanceOf(ServerStates.ExpectClientCertificate.class, run.server);
        run.next(false);                                   // drop Certificate
        assertAlert(AlertDescription.UNEXPECTED_MESSAGE, run.server, run.next(false));  // ClientKeyExchange
    }

    @Test
    void finishedBeforeChangeCipherSpecServer() throws Exception {
        Run run = new Run(false).until(false, ExpectChangeCipherSpec.class);
        run.next(false);                                   // drop CCS
        HandshakeInput fin = run.next(false);
        TlsAlertException e = assertAlert(AlertDescription.UNEXPECTED_MESSAGE, run.server, fin);
        assertTrue(e.getMessage().contains("expected ChangeCipherSpec, received FINISHED"), e.getMessage());
    }

    @Test
    void finishedBeforeChangeCipherSpecClient() throws Exception {
        Run run = new Run(false).until(true, ExpectChangeCipherSpec.class);
        // The server has answered with CCS + Finished; deliver the Finished alone.
        run.until(false, Traffic.class);
        run.next(true);
        assertAlert(AlertDescription.UNEXPECTED_MESSAGE, run.client, run.next(true));
    }

    @Test
    void changeCipherSpecTwice() throws Exception {
        Run run = new Run(false).until(false, ExpectFinished.class);
        TlsAlertException e = assertAlert(AlertDescription.UNEXPECTED_MESSAGE, run.server,
                new HandshakeInput.ChangeCipherSpec());
        assertTrue(e.getMessage().contains("expected Finished, received ChangeCipherSpec"), e.getMessage());
    }

    @Test
    void changeCipherSpecTwiceClient() throws Exception {
        Run run = new Run(false).until(true, ExpectFinished.class);
        assertAlert(AlertDescription.UNEXPECTED_MESSAGE, run.client, new HandshakeInput.ChangeCipherSpec());
    }

    /** EarlyCCS: a CCS before the key exchange, on either side, is refused (no keys exist yet). */
    @Test
    void changeCipherSpecBeforeKeys() throws Exception {
        Run run = new Run(false).until(true, ClientStates.ExpectServerKeyExchange.class);
        assertAlert(AlertDescription.UNEXPECTED_MESSAGE, run.client, new HandshakeInput.ChangeCipherSpec());
        Run run2 = new Run(false).until(false, ServerStates.ExpectClientKeyExchange.class);
        assertAlert(AlertDescription.UNEXPECTED_MESSAGE, run2.server, new HandshakeInput.ChangeCipherSpec());
    }

    /** RFC 5246 7.4.9: a Finished whose verify_data does not match is decrypt_error, on both sides. */
    @Test
    void wrongFinishedIsDecryptError() throws Exception {
        for (boolean clientSide : new boolean[] {true, false}) {
            Run run = new Run(false).until(clientSide, ExpectFinished.class);
            HandshakeInput.Message fin = (HandshakeInput.Message) run.next(clientSide);
            assertEquals(HandshakeType.FINISHED, fin.type());
            byte[] body = fin.body().clone();
            body[0] ^= 0x01;
            TlsAlertException e = assertAlert(AlertDescription.DECRYPT_ERROR, run.state(clientSide),
                    message(HandshakeType.FINISHED, body));
            assertTrue(e.getMessage().contains("verify_data does not match"), e.getMessage());
        }
    }

    /** RFC 5246 7.4.1.2 / 7.2.2: a ClientHello after the handshake gets a no_renegotiation warning only. */
    @Test
    void clientHelloAfterHandshakeRefusedWithWarning() throws Exception {
        Run run = new Run(false).complete();
        HandshakeState before = run.server;
        HandshakeInput ch = catalogue().get("CLIENT_HELLO");
        assertSame(before, run.server.handle(ch));
        assertEquals(List.of(AlertDescription.NO_RENEGOTIATION), run.serverWire.warnings);
        assertTrue(run.serverWire.toPeer.isEmpty(), "no handshake message is sent in answer");
        // Still usable: a second attempt is refused the same way, anything else is still unexpected.
        assertSame(before, run.server.handle(ch));
        assertEquals(2, run.serverWire.warnings.size());
        assertAlert(AlertDescription.UNEXPECTED_MESSAGE, run.server, new HandshakeInput.ChangeCipherSpec());
    }

    /** RFC 5246 7.4.1.1: a HelloRequest after the handshake gets no_renegotiation from a client that won't. */
    @Test
    void helloRequestWithoutSecureRenegotiationRefusedWithWarning() throws Exception {
        Run run = new Run(false).complete();
        run.clientCtx.session().secureRenegotiation = false; // as if the server had not sent renegotiation_info
        HandshakeState before = run.client;
        assertSame(before, run.client.handle(message(HandshakeType.HELLO_REQUEST, new byte[0])));
        assertEquals(List.of(AlertDescription.NO_RENEGOTIATION), run.clientWire.warnings);
        assertTrue(run.clientWire.toPeer.isEmpty());
        assertThrows(TlsAlertException.class, () -> ((Traffic) run.client).renegotiate(), "no legacy renegotiation");
    }

    /** RFC 5746: a server-initiated renegotiation runs to completion, each hello binding the previous Finished. */
    @Test
    void serverInitiatedRenegotiationCompletes() throws Exception {
        Run run = new Run(false).complete();
        byte[] firstClientVerify = run.clientCtx.session().clientVerifyData;
        run.server = ((Traffic) run.server).renegotiate();
        assertEquals(HandshakeType.HELLO_REQUEST, ((HandshakeInput.Message) run.serverWire.toPeer.peek()).type());
        run.step();                                        // HelloRequest -> client sends a new ClientHello
        assertInstanceOf(ClientStates.ExpectServerHello.class, run.client);
        run.complete();
        SessionState renegotiated = run.clientWire.current.session();
        assertTrue(renegotiated.secureRenegotiation);
        assertFalse(Arrays.equals(firstClientVerify, renegotiated.clientVerifyData), "a new handshake");
        assertTrue(run.serverWire.warnings.isEmpty() && run.clientWire.warnings.isEmpty());
    }

    /** RFC 5746 3.7: a renegotiating ClientHello without the previous client verify_data is fatal. */
    @Test
    void renegotiationWithoutTheRightVerifyDataFails() throws Exception {
        Run run = new Run(false).complete();
        HandshakeInput initialHello = catalogue().get("CLIENT_HELLO"); // its renegotiation_info is empty
        run.server = ((Traffic) run.server).renegotiate();
        TlsAlertException e = assertAlert(AlertDescription.HANDSHAKE_FAILURE, run.server, initialHello);
        assertTrue(e.getMessage().contains("RFC 5746 3.7"), e.getMessage());
    }
}
