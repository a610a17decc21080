package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki;
import dev.clasp.it.TestPki.Peer;
import dev.clasp.it.nativepeer.NativePeers.Server;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * max_fragment_length (RFC 6066 4) and record_size_limit (RFC 8449) against the native peers, both roles:
 * {@code openssl s_client -maxfraglen} and {@code s_server} (OpenSSL has no record_size_limit), {@code gnutls-cli
 * --recordsize} (which offers both extensions: Clasp takes record_size_limit) and {@code gnutls-serv --recordsize}
 * / max_fragment_length. Each run moves several times the limit both ways; the peers refuse a record over the
 * limit they agreed to (record_overflow), so a completed exchange shows both sides keep it, and Clasp's session
 * state shows what it negotiated.
 */
class RecordSizeNativeTest {
    static final String SUITE = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";

    /** A Clasp client context made with the given system properties set (then restored). */
    static SSLContext claspWith(Map<String, String> props) throws Exception {
        Map<String, String> old = new HashMap<>();
        props.forEach((k, v) -> old.put(k, System.setProperty(k, v)));
        try {
            return TestPki.context(Peer.CLASP, null);
        } finally {
            old.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    /** A Clasp client engine asking for max_fragment_length {@code length}, as SunJSSE does (packet size - 325). */
    static SSLEngine mflClient(int length, int port) throws Exception {
        SSLEngine e = claspWith(Map.of("jsse.enableMFLNExtension", "true", "clasp.recordSizeLimit", "0"))
                .createSSLEngine("localhost", port);
        e.setUseClientMode(true);
        e.setEnabledCipherSuites(new String[] {SUITE});
        SSLParameters p = e.getSSLParameters();
        p.setMaximumPacketSize(length + 325);
        e.setSSLParameters(p);
        return e;
    }

    static int state(SSLSession session, String field) throws Exception {
        Method state = session.getClass().getDeclaredMethod("state");
        state.setAccessible(true);
        Object s = state.invoke(session);
        Field f = s.getClass().getField(field);
        return f.getInt(s);
    }

    @ParameterizedTest(name = "-maxfraglen {0}")
    @ValueSource(ints = {512, 1024, 2048, 4096})
    void opensslClientMaxFragLen(int length) throws Exception {
        NativeProcess.require("openssl");
        byte[] request = NativePeers.lines(2, 3000, length);
        byte[] response = NativePeers.lines(6, 5000, length + 1);
        try (ClaspServer server = new ClaspServer(NativePeers.clasp("server-ec256"), e -> { });
                NativeProcess client = NativeProcess.start(OpenSslClientTest.sClient(server.port(),
                        List.of("-maxfraglen", Integer.toString(length))))) {
            client.stdin().write(request);
            client.stdin().flush();
            ClaspServer.Exchange ex = server.serveOnce(client, request.length, response);
            assertEquals(NativePeers.ascii(request), NativePeers.ascii(ex.received()), client.describe());
            client.awaitExit(TIMEOUT);
            for (String line : NativePeers.ascii(response).split("\n")) {
                assertTrue(client.output().contains(line), "s_client printed the server's data\n" + client.describe());
            }
            assertEquals(length, state(ex.session(), "maxFragmentLength"), client.describe());
            assertTrue(ex.peerCloseNotify(), client.describe());
        }
    }

    @ParameterizedTest(name = "max_fragment_length {0}")
    @ValueSource(ints = {512, 1024, 2048, 4096})
    void claspClientToOpensslServer(int length) throws Exception {
        NativeProcess.require("openssl");
        List<String> extra = List.of("-rev");
        try (Server srv = NativePeers.startServer(p -> OpenSslServerTest.sServer(p, "server-ec256", extra),
                p -> "ACCEPT", false)) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = mflClient(length, srv.port());
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    ch.handshake();
                    assertEquals(length, state(engine.getSession(), "maxFragmentLength"));
                    byte[] request = NativePeers.lines(4, 5000, length);
                    ch.write(request);
                    byte[] reply = ch.read(request.length);
                    assertEquals(OpenSslServerTest.reversedLines(NativePeers.ascii(request)), NativePeers.ascii(reply));
                    assertTrue(ch.closeGracefully(true), "s_server answered close_notify");
                }
            });
        }
    }

    /** gnutls-cli --recordsize offers record_size_limit (and max_fragment_length): the former wins (RFC 8449 5). */
    @ParameterizedTest(name = "--recordsize={0}")
    @ValueSource(ints = {512, 1000, 4096})
    void gnutlsClientRecordSize(int limit) throws Exception {
        NativeProcess.require("gnutls-cli");
        // gnutls-cli hands each stdin read to one gnutls_record_send, which refuses more than its own limit: a
        // short request (the reply, 30000 bytes in lines of 5000, is what crosses Clasp's limit).
        byte[] request = NativePeers.lines(1, 300, limit);
        byte[] response = NativePeers.lines(6, 5000, limit + 1);
        String priority = NativePeers.gnutlsPriority(SUITE, List.of("x25519", "secp256r1"));
        try (ClaspServer server = new ClaspServer(NativePeers.clasp("server-ec256"), e -> { });
                NativeProcess client = NativeProcess.start(GnuTlsClientTest.gnutlsCli(server.port(), priority,
                        List.of("--recordsize=" + limit)))) {
            client.stdin().write(request);
            client.stdin().flush();
            ClaspServer.Exchange ex = server.serveOnce(client, request.length, response);
            assertEquals(NativePeers.ascii(request), NativePeers.ascii(ex.received()), client.describe());
            client.awaitExit(TIMEOUT);
            for (String line : NativePeers.ascii(response).split("\n")) {
                assertTrue(client.output().contains(line), "gnutls-cli printed the server's data\n" + client.describe());
            }
            assertEquals(limit, state(ex.session(), "peerRecordSizeLimit"), client.describe());
            assertEquals(0, state(ex.session(), "maxFragmentLength"), client.describe());
        }
    }

    static Server gnutlsServ(List<String> extra) throws Exception {
        List<String> all = new ArrayList<>(extra);
        String priority = NativePeers.gnutlsPriority(SUITE, List.of("x25519", "secp256r1"));
        return GnuTlsServerTest.gnutlsServ("server-ec256", priority, all);
    }

    /** Clasp's limit from clasp.recordSizeLimit; gnutls-serv answers with its own --recordsize. */
    @ParameterizedTest(name = "server --recordsize={0}")
    @ValueSource(ints = {512, 2000, 16384})
    void claspClientToGnutlsServRecordSize(int serverLimit) throws Exception {
        NativeProcess.require("gnutls-serv");
        try (Server srv = gnutlsServ(List.of("--recordsize=" + serverLimit))) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = claspWith(Map.of("clasp.recordSizeLimit", "600")).createSSLEngine("localhost",
                        srv.port());
                engine.setUseClientMode(true);
                engine.setEnabledCipherSuites(new String[] {SUITE});
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    ch.handshake();
                    assertEquals(serverLimit, state(engine.getSession(), "peerRecordSizeLimit"));
                    byte[] data = NativePeers.lines(5, 4000, serverLimit);
                    ch.write(data);
                    assertEquals(NativePeers.ascii(data), NativePeers.ascii(ch.read(data.length)), "echo");
                    ch.closeGracefully(true);
                }
            });
        }
    }

    @org.junit.jupiter.api.Test
    void claspClientToGnutlsServMaxFragmentLength() throws Exception {
        NativeProcess.require("gnutls-serv");
        try (Server srv = gnutlsServ(List.of())) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = mflClient(4096, srv.port());
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    ch.handshake();
                    assertEquals(4096, state(engine.getSession(), "maxFragmentLength"));
                    byte[] data = NativePeers.lines(5, 4000, 4096);
                    ch.write(data);
                    assertEquals(NativePeers.ascii(data), NativePeers.ascii(ch.read(data.length)), "echo");
                    ch.closeGracefully(true);
                }
            });
        }
    }

    /**
     * gnutls-serv 3.7 echoes max_fragment_length 512 but then sends its echo in 4096-byte records. Clasp refuses
     * such a record with record_overflow exactly when {@code openssl s_client -maxfraglen 512} does ("data length
     * too long"): the two clients agree on the same server, whichever way a gnutls version behaves.
     */
    @org.junit.jupiter.api.Test
    void gnutlsServOversizedRecordsAreRefusedAsOpensslRefusesThem() throws Exception {
        NativeProcess.require("gnutls-serv");
        NativeProcess.require("openssl");
        byte[] line = NativePeers.lines(1, 3000, 512);
        String echoed = NativePeers.ascii(line).trim();
        boolean opensslRefused;
        try (Server srv = gnutlsServ(List.of());
                NativeProcess client = NativeProcess.start(List.of("openssl", "s_client", "-connect",
                        "127.0.0.1:" + srv.port(), "-tls1_2", "-CAfile", "root-ca.crt", "-maxfraglen", "512",
                        "-ign_eof", "-quiet"))) {
            client.stdin().write(line);
            client.stdin().flush();
            long end = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < end && !client.output().contains("data length too long")
                    && !client.output().contains(echoed)) {
                Thread.sleep(50);
            }
            opensslRefused = client.output().contains("data length too long");
            assertTrue(opensslRefused || client.output().contains(echoed), client.describe());
        }
        boolean claspRefused;
        try (Server srv = gnutlsServ(List.of())) {
            SSLEngine engine = mflClient(512, srv.port());
            try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                ch.handshake();
                assertEquals(512, state(engine.getSession(), "maxFragmentLength"));
                ch.write(line);
                try {
                    assertEquals(NativePeers.ascii(line), NativePeers.ascii(ch.read(line.length)), "echo");
                    claspRefused = false;
                } catch (javax.net.ssl.SSLException e) {
                    assertTrue(e.getMessage().contains("record_overflow"), e.toString());
                    claspRefused = true;
                }
            }
        }
        assertEquals(opensslRefused, claspRefused, "Clasp and OpenSSL agree on gnutls-serv's records");
    }
}
