package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.EnginePair;
import dev.clasp.it.StaticRsa;
import dev.clasp.it.TestPki;
import dev.clasp.it.TestPki.Peer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The clasp.debug trace describes received DHE, DH_anon, ECDH_anon and RSA key exchange messages in their own layout. */
class KeyExchangeTraceTest {
    private final Logger jul = Logger.getLogger("dev.clasp");
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void attach() {
        jul.addHandler(capture);
    }

    @AfterEach
    void detach() {
        jul.removeHandler(capture);
    }

    @ParameterizedTest
    @CsvSource({
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, <<< ServerKeyExchange DHE p=256B, <<< ClientKeyExchange DHE Yc=256B",
        "TLS_RSA_WITH_AES_128_GCM_SHA256, <<< ClientKeyExchange RSA encrypted premaster=256B, <<< Certificate",
        "TLS_DH_anon_WITH_AES_128_GCM_SHA256, <<< ServerKeyExchange DH_anon p=256B, <<< ClientKeyExchange DHE Yc=",
        "TLS_ECDH_anon_WITH_NULL_SHA, <<< ServerKeyExchange ECDH_anon group=x25519 point=32B (unsigned), "
            + "<<< ClientKeyExchange ECDHE point=32B"})
    void receivedKeyExchangeMessagesAreDescribed(String suite, String one, String two) throws Exception {
        SSLContext clientCtx = StaticRsa.everySuite(() -> HandshakeTraceTest.with(
                "handshake", null, () -> TestPki.context(Peer.CLASP, null)));
        SSLContext serverCtx = StaticRsa.everySuite(() -> HandshakeTraceTest.with(
                "handshake", null, () -> TestPki.context(Peer.CLASP, "server-rsa.p12")));
        SSLEngine client = clientCtx.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {suite});
        SSLEngine server = serverCtx.createSSLEngine();
        server.setUseClientMode(false);
        server.setEnabledCipherSuites(new String[] {suite});
        new EnginePair(client, server).handshake();
        List<String> copy = List.copyOf(lines);
        for (String expected : new String[] {one, two}) {
            assertTrue(copy.stream().anyMatch(l -> l.contains(expected)), expected + " in\n" + String.join("\n", copy));
        }
        assertTrue(copy.stream().noneMatch(l -> l.contains("not decodable")), String.join("\n", copy));
    }
}
