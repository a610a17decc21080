package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.ClaspSSLSession;
import dev.clasp.it.nativepeer.NativePeers.Server;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resumption against native peers (RFC 5077 tickets and RFC 5246 session ids): {@code openssl s_client
 * -sess_out/-sess_in} (with and without {@code -no_ticket}) and {@code gnutls-cli --resume} against a Clasp
 * server; a Clasp client against {@code openssl s_server -no_cache}, where only a ticket can resume.
 */
class NativeResumptionTest {

    /** Serves {@code count} connections in turn on a loopback port: handshake, "ping" in, "pong" out, close. */
    static final class Serving implements AutoCloseable {
        final ServerSocket listener;
        final List<ClaspSSLSession> sessions = new ArrayList<>();
        final SSLContext context;

        Serving(SSLContext context) throws Exception {
            this.context = context;
            this.listener = new ServerSocket(0, 5, NativePeers.LOOPBACK);
            listener.setSoTimeout((int) TIMEOUT.toMillis());
        }

        /** One connection; {@code data}: the client sends "ping\n" and waits for the reply. */
        ClaspSSLSession serve(boolean data) throws Exception {
            try (Socket socket = listener.accept()) {
                SSLEngine engine = context.createSSLEngine();
                engine.setUseClientMode(false);
                try (EngineChannel ch = new EngineChannel(engine, socket, TIMEOUT)) {
                    ch.handshake();
                    if (data) {
                        assertEquals("ping\n", new String(ch.read(5), StandardCharsets.US_ASCII));
                        ch.write("pong\n".getBytes(StandardCharsets.US_ASCII));
                        ch.closeGracefully(true);
                    } else {
                        ch.readToEnd();
                    }
                    ClaspSSLSession s = (ClaspSSLSession) engine.getSession();
                    sessions.add(s);
                    return s;
                }
            }
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            listener.close();
        }
    }

    private static String sClient(Serving srv, Path sess, boolean out, boolean noTicket) throws Exception {
        List<String> cmd = new ArrayList<>(OpenSslClientTest.sClient(srv.port(), List.of()));
        cmd.addAll(List.of(out ? "-sess_out" : "-sess_in", sess.toString()));
        if (noTicket) {
            cmd.add("-no_ticket");
        }
        try (NativeProcess client = NativeProcess.start(cmd)) {
            client.stdin().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            client.stdin().flush();
            srv.serve(true);
            client.awaitExit(TIMEOUT);
            assertTrue(client.output().contains("pong"), client.describe());
            return client.describe();
        }
    }

    @Test
    void opensslClientResumesFromTicket(@TempDir Path dir) throws Exception {
        NativeProcess.require("openssl");
        Path sess = dir.resolve("sess.pem");
        try (Serving srv = new Serving(NativePeers.clasp("server-ec256"))) {
            String first = sClient(srv, sess, true, false);
            assertTrue(first.contains("New, TLSv1.2"), first);
            assertTrue(first.contains("TLS session ticket lifetime hint: 86400 (seconds)"), first);
            String second = sClient(srv, sess, false, false);
            assertTrue(second.contains("Reused, TLSv1.2"), second);
            ClaspSSLSession s = srv.sessions.get(1);
            assertTrue(s.isResumed() && s.isResumedFromTicket(), "the Clasp server resumed from the ticket\n" + second);
        }
    }

    @Test
    void opensslClientWithoutTicketsResumesBySessionId(@TempDir Path dir) throws Exception {
        NativeProcess.require("openssl");
        Path sess = dir.resolve("sess.pem");
        try (Serving srv = new Serving(NativePeers.clasp("server-ec256"))) {
            String first = sClient(srv, sess, true, true);
            assertFalse(first.contains("TLS session ticket:"), first);
            String second = sClient(srv, sess, false, true);
            assertTrue(second.contains("Reused, TLSv1.2"), second);
            ClaspSSLSession s = srv.sessions.get(1);
            assertTrue(s.isResumed() && !s.isResumedFromTicket(), "resumed from the id cache\n" + second);
            assertSame(srv.sessions.get(0), s, "the cached session object");
        }
    }

    @Test
    void gnutlsClientResumes() throws Exception {
        NativeProcess.require("gnutls-cli");
        try (Serving srv = new Serving(NativePeers.clasp("server-ec256"))) {
            List<String> cmd = GnuTlsClientTest.gnutlsCli(srv.port(), "NORMAL:-VERS-ALL:+VERS-TLS1.2",
                    List.of("--resume"));
            try (NativeProcess client = NativeProcess.start(cmd)) {
                client.stdin().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                client.stdin().flush();
                srv.serve(false); // gnutls-cli disconnects after the first handshake, then resumes
                srv.serve(true);
                client.awaitExit(TIMEOUT);
                String out = client.output();
                assertTrue(out.contains("*** This is a resumed session"), client.describe());
                assertTrue(out.contains("pong"), client.describe());
                assertTrue(srv.sessions.get(1).isResumedFromTicket(), "gnutls presented the ticket\n" + client.describe());
            }
        }
    }

    @Test
    void claspClientResumesWithOpensslServersTicket() throws Exception {
        NativeProcess.require("openssl");
        // -no_cache: s_server keeps no session ids, so only the ticket can resume; -www reports each session.
        List<String> extra = List.of("-www", "-no_cache");
        try (Server srv = NativePeers.startServer(p -> {
                    List<String> cmd = new ArrayList<>(OpenSslServerTest.sServer(p, "server-ec256", extra));
                    cmd.set(cmd.indexOf("-naccept") + 1, "2");
                    return cmd;
                }, p -> "ACCEPT", false)) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLContext client = NativePeers.clasp(null);
                List<String> pages = new ArrayList<>();
                List<ClaspSSLSession> sessions = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    SSLEngine engine = client.createSSLEngine("localhost", srv.port());
                    engine.setUseClientMode(true);
                    try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                        ch.handshake();
                        ch.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        pages.add(NativePeers.ascii(ch.readToEnd()));
                        ch.closeGracefully(false);
                    }
                    sessions.add((ClaspSSLSession) engine.getSession());
                }
                assertTrue(sessions.get(0).hasTicket(), "s_server issued a ticket\n" + pages.get(0));
                assertTrue(pages.get(0).contains("New, TLSv1.2"), pages.get(0));
                assertTrue(pages.get(1).contains("Reused, TLSv1.2"), pages.get(1));
                assertTrue(sessions.get(1).isResumed());
                assertArrayEquals(sessions.get(0).getId(), sessions.get(1).getId());
                srv.process().awaitExit(TIMEOUT);
            });
        }
    }

}
