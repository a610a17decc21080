package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.EnginePair;
import dev.clasp.it.TestPki;
import dev.clasp.it.TestPki.Peer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JFR events dev.clasp.Handshake and dev.clasp.CertificateChain, recorded and read back, against SunJSSE peers. */
class JfrEventsTest {
    private static SSLEngine engine(SSLContext ctx, boolean client, String... alpn) {
        SSLEngine e = client ? ctx.createSSLEngine("localhost", 9443) : ctx.createSSLEngine();
        e.setUseClientMode(client);
        SSLParameters p = e.getSSLParameters();
        p.setApplicationProtocols(alpn);
        p.setProtocols(new String[] {"TLSv1.2"});
        e.setSSLParameters(p);
        return e;
    }

    private static List<RecordedEvent> record(Path dir, ThrowingRunnable body) throws Exception {
        Path file = dir.resolve("clasp.jfr");
        try (Recording r = new Recording()) {
            r.enable("dev.clasp.Handshake").withoutStackTrace();
            r.enable("dev.clasp.CertificateChain").withoutStackTrace();
            r.start();
            body.run();
            r.stop();
            r.dump(file);
        }
        return RecordingFile.readAllEvents(file);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    @Test
    void successfulHandshakesInBothRolesAndTheChainTheClientReceived(@TempDir Path dir) throws Exception {
        SSLContext claspClient = TestPki.context(Peer.CLASP, null);
        SSLContext claspServer = TestPki.context(Peer.CLASP, "server-rsa.p12");
        List<RecordedEvent> events = record(dir, () -> {
            new EnginePair(engine(claspClient, true, "h2", "http/1.1"),
                    engine(TestPki.context(Peer.SUNJSSE, "server-ec256.p12"), false, "h2")).handshake();
            new EnginePair(engine(TestPki.context(Peer.SUNJSSE, null), true),
                    engine(claspServer, false)).handshake();
        });
        List<RecordedEvent> hs = named(events, "dev.clasp.Handshake");
        assertEquals(2, hs.size(), events.toString());
        RecordedEvent client = hs.stream().filter(e -> "client".equals(e.getString("role"))).findFirst().orElseThrow();
        assertEquals("localhost", client.getString("peerHost"));
        assertEquals(9443, client.getInt("peerPort"));
        assertEquals("TLSv1.2", client.getString("protocol"));
        assertTrue(client.getString("cipherSuite").startsWith("TLS_ECDHE_ECDSA_WITH_"), client.toString());
        assertEquals("x25519", client.getString("namedGroup"));
        assertEquals("ecdsa_secp256r1_sha256", client.getString("signatureScheme"));
        assertEquals("h2", client.getString("applicationProtocol"));
        assertFalse(client.getBoolean("resumed"));
        assertEquals("", client.getString("failingAlert"));
        assertTrue(client.getDuration().compareTo(Duration.ZERO) > 0, "duration");

        RecordedEvent server = hs.stream().filter(e -> "server".equals(e.getString("role"))).findFirst().orElseThrow();
        assertTrue(server.getString("cipherSuite").startsWith("TLS_ECDHE_RSA_WITH_"), server.toString());
        assertTrue(server.getString("signatureScheme").startsWith("rsa_"), server.toString());
        assertEquals("", server.getString("applicationProtocol"));

        List<RecordedEvent> chains = named(events, "dev.clasp.CertificateChain");
        assertEquals(1, chains.size(), "only the Clasp client received a chain: " + chains);
        RecordedEvent chain = chains.get(0);
        assertEquals("server", chain.getString("sender"));
        assertEquals("localhost", chain.getString("peerHost"));
        assertEquals("CN=clasp-server-ec256,O=Clasp Test PKI", chain.getString("subject"));
        assertEquals("CN=Clasp Test Intermediate CA,O=Clasp Test PKI", chain.getString("issuer"));
        assertEquals("EC", chain.getString("keyAlgorithm"));
        assertTrue(chain.getInt("length") >= 2, chain.toString());
        assertTrue(chain.getString("chain").startsWith("CN=clasp-server-ec256,O=Clasp Test PKI <- CN=Clasp Test "
                + "Intermediate CA"), chain.toString());
        assertTrue(chain.getInstant("notAfter").isAfter(chain.getInstant("notBefore")));
    }

    @Test
    void failedHandshakeNamesTheAlertAndWhoSentIt(@TempDir Path dir) throws Exception {
        SSLContext claspClient = TestPki.context(Peer.CLASP, null);
        SSLContext claspServer = TestPki.context(Peer.CLASP, "server-ec256.p12");
        List<RecordedEvent> events = record(dir, () -> {
            // Clasp client refuses an untrusted server: it sends unknown_ca.
            assertThrows(SSLException.class, () -> new EnginePair(engine(claspClient, true),
                    engine(TestPki.context(Peer.SUNJSSE, "server-untrusted.p12"), false)).handshake());
            // Clasp server, ALPN mismatch: it sends no_application_protocol.
            assertThrows(SSLException.class, () -> new EnginePair(
                    engine(TestPki.context(Peer.SUNJSSE, null), true, "spdy/3"),
                    engine(claspServer, false, "h2")).handshake());
        });
        List<RecordedEvent> hs = named(events, "dev.clasp.Handshake");
        assertEquals(2, hs.size(), events.toString());
        RecordedEvent c = hs.stream().filter(e -> "client".equals(e.getString("role"))).findFirst().orElseThrow();
        assertEquals("unknown_ca", c.getString("failingAlert"));
        assertTrue(c.getBoolean("alertSent"));
        assertTrue(c.getString("failureDetail").contains("CN=clasp-server-untrusted"), c.toString());
        RecordedEvent s = hs.stream().filter(e -> "server".equals(e.getString("role"))).findFirst().orElseThrow();
        assertEquals("no_application_protocol", s.getString("failingAlert"));
        assertTrue(s.getBoolean("alertSent"));
        // The untrusted chain was still recorded: that is when one wants to see it.
        RecordedEvent chain = named(events, "dev.clasp.CertificateChain").get(0);
        assertEquals("CN=clasp-server-untrusted,O=Clasp Untrusted", chain.getString("subject"));
    }

    @Test
    void enabledByDefaultAndSilentWhenDisabled(@TempDir Path dir) throws Exception {
        Path on = dir.resolve("default.jfr");
        try (Recording r = new Recording()) { // no settings: custom events are on by default
            r.start();
            new EnginePair(engine(TestPki.context(Peer.CLASP, null), true),
                    engine(TestPki.context(Peer.SUNJSSE, "server-ec256.p12"), false)).handshake();
            r.stop();
            r.dump(on);
        }
        assertEquals(1, named(RecordingFile.readAllEvents(on), "dev.clasp.Handshake").size());
        Path file = dir.resolve("off.jfr");
        SSLContext claspClient = TestPki.context(Peer.CLASP, null);
        try (Recording r = new Recording()) {
            r.disable("dev.clasp.Handshake");
            r.disable("dev.clasp.CertificateChain");
            r.start();
            new EnginePair(engine(claspClient, true),
                    engine(TestPki.context(Peer.SUNJSSE, "server-ec256.p12"), false)).handshake();
            r.stop();
            r.dump(file);
        }
        assertTrue(RecordingFile.readAllEvents(file).stream()
                .noneMatch(e -> e.getEventType().getName().startsWith("dev.clasp.")));
    }
}
