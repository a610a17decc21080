package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.EnginePair;
import dev.clasp.it.TestPki;
import dev.clasp.it.TestPki.Peer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Dclasp.debug=handshake|record|all}: one line per event on the System.Logger {@code dev.clasp} (captured
 * here through its java.util.logging backend), against a SunJSSE peer, and never a secret.
 */
class HandshakeTraceTest {
    private final Logger jul = Logger.getLogger("dev.clasp"); // strong reference: keeps the handler attached
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

    /** Builds a context with system properties set only while it is initialised (they are read at init). */
    static SSLContext with(String debug, Path keyLog, Callable<SSLContext> make) throws Exception {
        String oldDebug = System.getProperty("clasp.debug");
        String oldLog = System.getProperty("clasp.keyLogFile");
        try {
            if (debug != null) {
                System.setProperty("clasp.debug", debug);
            }
            if (keyLog != null) {
                System.setProperty("clasp.keyLogFile", keyLog.toString());
            }
            return make.call();
        } finally {
            restore("clasp.debug", oldDebug);
            restore("clasp.keyLogFile", oldLog);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static SSLEngine client(SSLContext ctx, String... alpn) {
        SSLEngine e = ctx.createSSLEngine("localhost", 8443);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        p.setApplicationProtocols(alpn);
        e.setSSLParameters(p);
        return e;
    }

    private static SSLEngine sunServer(String keyStore, String... alpn) throws Exception {
        SSLEngine e = TestPki.context(Peer.SUNJSSE, keyStore).createSSLEngine();
        e.setUseClientMode(false);
        SSLParameters p = e.getSSLParameters();
        p.setApplicationProtocols(alpn);
        p.setProtocols(new String[] {"TLSv1.2"});
        e.setSSLParameters(p);
        return e;
    }

    private List<String> matching(String part) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.contains(part)).toList();
        }
    }

    private String one(String part) {
        List<String> m = matching(part);
        assertEquals(1, m.size(), "one line with '" + part + "' in " + lines);
        return m.get(0);
    }

    @Test
    void handshakeTraceShowsEachMessageDecodedAndNoSecret(@TempDir Path dir) throws Exception {
        Path keyLog = dir.resolve("keys.log");
        SSLContext ctx = with("handshake", keyLog, () -> TestPki.context(Peer.CLASP, null));
        EnginePair pair = new EnginePair(client(ctx, "h2", "http/1.1"), sunServer("server-ec256.p12", "h2"));
        pair.handshake();
        String suite = pair.client.getSession().getCipherSuite(); // SunJSSE's server order picks it

        String hello = one(">>> ClientHello");
        assertTrue(hello.matches("clasp #\\d+ client localhost:8443 >>> ClientHello version=0x0303 random=[0-9a-f]{8}… .*"),
                hello);
        assertTrue(hello.contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), hello);
        assertFalse(hello.contains("server_name"), "no SNI for a dotless host name, as SunJSSE: " + hello);
        assertTrue(hello.contains("supported_groups[x25519"), hello);
        assertTrue(hello.contains("application_layer_protocol_negotiation[h2, http/1.1]"), hello);
        assertTrue(hello.contains("extended_master_secret"), hello);
        assertTrue(one("<<< ServerHello version").contains("suite=" + suite + " "));
        String cert = one("<<< Certificate ");
        assertTrue(cert.contains("subjects=[CN=clasp-server-ec256,O=Clasp Test PKI; CN=Clasp Test Intermediate CA"),
                cert);
        String ske = one("<<< ServerKeyExchange");
        assertTrue(ske.contains("group=x25519") && ske.contains("signature=ecdsa_secp256r1_sha256"), ske);
        one("<<< ServerHelloDone");
        one(">>> ClientKeyExchange ECDHE point=32B");
        one(">>> ChangeCipherSpec");
        one("<<< ChangeCipherSpec");
        assertEquals(2, matching("Finished verify_data=12B").size(), lines.toString());
        String done = one("handshake complete");
        assertTrue(done.contains("TLSv1.2 " + suite + " group=x25519 "
                + "signature=ecdsa_secp256r1_sha256 alpn=h2 full"), done);
        assertTrue(matching("record ").isEmpty(), "records only with clasp.debug=record");

        // The key log has this handshake's master secret: no part of it is in the trace.
        String[] logged = Files.readString(keyLog, StandardCharsets.US_ASCII).trim().split(" ");
        String master = logged[2];
        for (int i = 0; i + 8 <= master.length(); i += 8) {
            String piece = master.substring(i, i + 8);
            assertTrue(matching(piece).isEmpty(), "master secret bytes in the trace");
        }
    }

    @Test
    void recordTraceShowsRecordHeadersBothWays() throws Exception {
        SSLContext ctx = with("record", null, () -> TestPki.context(Peer.CLASP, null));
        EnginePair p = new EnginePair(client(ctx), sunServer("server-ec256.p12"));
        p.handshake();
        p.send(true, new byte[100]);
        assertFalse(matching(">>> record handshake 0x0303 length=").isEmpty(), lines.toString());
        assertFalse(matching("<<< record handshake 0x0303 length=").isEmpty(), lines.toString());
        assertEquals(1, matching(">>> record change_cipher_spec 0x0303 length=1").size(), lines.toString());
        // AES-GCM: 8-byte explicit nonce + 100 bytes + 16-byte tag (RFC 5288 3)
        one(">>> record application_data 0x0303 length=124");
        assertTrue(matching("ClientHello").isEmpty(), "messages only with clasp.debug=handshake");
    }

    @Test
    void allTracesBothAndAFailureSaysWhichAlert() throws Exception {
        SSLContext ctx = with("all", null, () -> TestPki.context(Peer.CLASP, null));
        SSLEngine c = client(ctx);
        assertThrows(SSLHandshakeException.class,
                () -> new EnginePair(c, sunServer("server-untrusted.p12")).handshake());
        assertFalse(matching(">>> ClientHello").isEmpty());
        assertFalse(matching("<<< record handshake").isEmpty());
        String failed = one("handshake failed: sent unknown_ca: server certificate for CN=clasp-server-untrusted");
        assertTrue(failed.startsWith("clasp #"), failed);
        c.wrap(java.nio.ByteBuffer.allocate(0), java.nio.ByteBuffer.allocate(1 << 15)); // the queued alert goes out
        one(">>> Alert fatal unknown_ca");
    }

    @Test
    void serverRoleIsTracedToo() throws Exception {
        SSLContext ctx = with("handshake", null, () -> TestPki.context(Peer.CLASP, "server-rsa.p12"));
        SSLEngine s = ctx.createSSLEngine();
        s.setUseClientMode(false);
        SSLEngine c = TestPki.context(Peer.SUNJSSE, null).createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        new EnginePair(c, s).handshake();
        assertTrue(one("<<< ClientHello").contains(" server ?:? <<< ClientHello"), lines.toString());
        String sent = one(">>> Certificate ");
        assertTrue(sent.contains("subjects=[CN=clasp-server-rsa,O=Clasp Test PKI;"), sent);
        assertTrue(one(">>> ServerKeyExchange").contains("signature=rsa_pss_rsae_sha256"), lines.toString());
        one("handshake complete");
    }

    @Test
    void offByDefault() throws Exception {
        SSLContext ctx = with(null, null, () -> TestPki.context(Peer.CLASP, null));
        new EnginePair(client(ctx), sunServer("server-ec256.p12")).handshake();
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("clasp #")), lines.toString());
    }

    @Test
    void parsesTheProperty() {
        assertTrue(Debug.parse("handshake").handshake());
        assertFalse(Debug.parse("handshake").record());
        assertTrue(Debug.parse("all").record() && Debug.parse("all").handshake());
        assertTrue(Debug.parse("record, handshake").record() && Debug.parse("record handshake").handshake());
        assertFalse(Debug.parse("ssl").handshake() || Debug.parse("").record() || Debug.parse(null).handshake());
    }
}
