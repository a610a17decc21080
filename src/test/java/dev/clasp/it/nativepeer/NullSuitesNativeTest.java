package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.StaticRsa;
import dev.clasp.it.nativepeer.NativePeers.Server;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The NULL-cipher and ECDH_anon suites against {@code openssl s_server/s_client} (security level 0, which
 * unauthenticated and unencrypted suites need) and {@code gnutls-serv/gnutls-cli} ({@code +NULL}, {@code +ANON-ECDH}),
 * both roles, data both ways. For NULL suites the records exchanged with openssl are read off the socket: the
 * plaintext is there in the clear, and a record with one flipped byte makes openssl answer bad_record_mac.
 */
class NullSuitesNativeTest {
    /** Suite, openssl name, gnutls key exchange, cipher, MAC, server key stem (null: anonymous). */
    record Row(String suite, String openssl, String gnutlsKx, String gnutlsCipher, String gnutlsMac, String keys) {
        boolean anonymous() {
            return keys == null;
        }

        boolean nullCipher() {
            return gnutlsCipher.equals("NULL");
        }

        @Override
        public String toString() {
            return suite;
        }
    }

    static List<Row> rows() {
        return List.of(
                new Row("TLS_ECDHE_ECDSA_WITH_NULL_SHA", "ECDHE-ECDSA-NULL-SHA", "ECDHE-ECDSA", "NULL", "SHA1", "server-ec256"),
                new Row("TLS_ECDHE_RSA_WITH_NULL_SHA", "ECDHE-RSA-NULL-SHA", "ECDHE-RSA", "NULL", "SHA1", "server-rsa"),
                new Row("TLS_RSA_WITH_NULL_SHA256", "NULL-SHA256", "RSA", "NULL", "SHA256", "server-rsa"),
                new Row("SSL_RSA_WITH_NULL_SHA", "NULL-SHA", "RSA", "NULL", "SHA1", "server-rsa"),
                new Row("TLS_ECDH_anon_WITH_NULL_SHA", "AECDH-NULL-SHA", "ANON-ECDH", "NULL", "SHA1", null),
                new Row("TLS_ECDH_anon_WITH_AES_128_CBC_SHA", "AECDH-AES128-SHA", "ANON-ECDH", "AES-128-CBC", "SHA1", null),
                new Row("TLS_ECDH_anon_WITH_AES_256_CBC_SHA", "AECDH-AES256-SHA", "ANON-ECDH", "AES-256-CBC", "SHA1", null));
    }

    static SSLContext clasp(String keys) throws Exception {
        return StaticRsa.everySuite(() -> NativePeers.clasp(keys));
    }

    static String gnutlsPriority(Row r) {
        return "NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+" + r.gnutlsCipher() + ":-MAC-ALL:+" + r.gnutlsMac()
                + ":-KX-ALL:+" + r.gnutlsKx() + ":-GROUP-ALL:+GROUP-X25519:+GROUP-SECP256R1";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void claspClientToSServer(Row r) throws Exception {
        NativeProcess.require("openssl");
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-naccept", "1", "-tls1_2",
                "-cipher", r.openssl() + ":@SECLEVEL=0", "-rev"));
        if (r.anonymous()) {
            cmd.add("-nocert");
        } else {
            cmd.addAll(List.of("-cert", r.keys() + ".crt", "-cert_chain", "intermediate-ca.crt", "-key", r.keys() + ".key"));
        }
        try (Server srv = NativePeers.startServer(p -> {
            List<String> c = new ArrayList<>(cmd);
            c.addAll(List.of("-accept", "127.0.0.1:" + p));
            return c;
        }, p -> "ACCEPT", false)) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = clasp(null).createSSLEngine("localhost", srv.port());
                engine.setUseClientMode(true);
                engine.setEnabledCipherSuites(new String[] {r.suite()});
                try (Socket socket = NativePeers.connect(srv.port());
                        EngineChannel ch = new EngineChannel(engine, socket, TIMEOUT)) {
                    ch.handshake();
                    assertEquals(r.suite(), engine.getSession().getCipherSuite());
                    if (r.anonymous()) {
                        assertThrows(SSLPeerUnverifiedException.class, () -> engine.getSession().getPeerCertificates());
                    }
                    byte[] request = NativePeers.lines(2, 3000, 21);
                    ch.write(request);
                    assertEquals(OpenSslServerTest.reversedLines(NativePeers.ascii(request)),
                            NativePeers.ascii(ch.read(request.length)));
                    if (r.nullCipher()) {
                        onTheWire(engine, socket, r);
                    } else {
                        ch.closeGracefully(true);
                    }
                }
                srv.process().awaitExit(TIMEOUT);
                assertTrue(srv.process().output().contains("Ciphersuite: " + r.openssl()), srv.process().describe());
            });
        }
    }

    /**
     * After the handshake, records straight on the socket: ours carries the line in the clear, so does openssl's
     * reversed answer; then one of ours with a flipped content byte gets openssl's bad_record_mac alert (RFC 5246
     * 6.2.3.1, 7.2.2), itself readable: level fatal(2), bad_record_mac(20), then its MAC.
     */
    private static void onTheWire(SSLEngine engine, Socket socket, Row r) throws Exception {
        int macLength = r.gnutlsMac().equals("SHA256") ? 32 : 20;
        byte[] line = "the NULL cipher leaves this line readable\n".getBytes(StandardCharsets.US_ASCII);
        byte[] record = wrap(engine, line);
        assertEquals(5 + line.length + macLength, record.length);
        assertArrayEquals(line, Arrays.copyOfRange(record, 5, 5 + line.length));
        OutputStream out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        out.write(record);
        out.flush();
        byte[] answer = readRecord(in);
        assertEquals(23, answer[0]);
        String reversed = new StringBuilder("the NULL cipher leaves this line readable").reverse() + "\n";
        assertEquals(reversed, new String(answer, 5, answer.length - 5 - macLength, StandardCharsets.US_ASCII));
        assertEquals(reversed, NativePeers.ascii(unwrap(engine, answer)), "and it opens");

        byte[] bad = wrap(engine, line);
        bad[5 + 4] ^= 0x20;
        out.write(bad);
        out.flush();
        byte[] alert = readRecord(in);
        assertEquals(21, alert[0], "an alert record");
        assertEquals(2 + macLength, alert.length - 5);
        assertEquals(2, alert[5], "fatal");
        assertEquals(20, alert[6], "bad_record_mac");
        SSLException x = assertThrows(SSLException.class, () -> unwrap(engine, alert));
        assertTrue(x.getMessage().contains("bad_record_mac"), x.getMessage());
    }

    private static byte[] wrap(SSLEngine engine, byte[] data) throws SSLException {
        ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        SSLEngineResult res = engine.wrap(ByteBuffer.wrap(data), net);
        assertEquals(SSLEngineResult.Status.OK, res.getStatus());
        return Arrays.copyOf(net.array(), net.position());
    }

    private static byte[] unwrap(SSLEngine engine, byte[] record) throws SSLException {
        ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        engine.unwrap(ByteBuffer.wrap(record), app);
        return Arrays.copyOf(app.array(), app.position());
    }

    private static byte[] readRecord(DataInputStream in) throws Exception {
        byte[] header = new byte[5];
        in.readFully(header);
        int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
        byte[] record = Arrays.copyOf(header, 5 + length);
        in.readFully(record, 5, length);
        return record;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void sClientToClaspServer(Row r) throws Exception {
        NativeProcess.require("openssl");
        byte[] request = NativePeers.lines(2, 2000, 22);
        byte[] response = NativePeers.lines(3, 3000, 23);
        // An anonymous suite sends no certificate even from a server that has one.
        String keys = r.anonymous() ? "server-rsa" : r.keys();
        try (ClaspServer server = new ClaspServer(clasp(keys), e -> e.setEnabledCipherSuites(new String[] {r.suite()}));
                NativeProcess sc = NativeProcess.start(List.of("openssl", "s_client", "-connect",
                        "127.0.0.1:" + server.port(), "-tls1_2", "-cipher", r.openssl() + ":@SECLEVEL=0", "-ign_eof",
                        "-nocommands"))) {
            ClaspServer.Exchange ex = server.converse(sc, request, response);
            String out = sc.output();
            // (s_client's "New, TLSv1.x" line names the suite's lowest version; the session block the protocol)
            assertTrue(out.contains("Protocol  : TLSv1.2") && out.contains("Cipher    : " + r.openssl()), sc.describe());
            assertEquals(r.anonymous(), out.contains("no peer certificate available"), sc.describe());
            assertEquals(r.suite(), ex.session().getCipherSuite());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void gnutlsCliToClaspServer(Row r) throws Exception {
        NativeProcess.require("gnutls-cli");
        byte[] request = NativePeers.lines(2, 3000, 24);
        byte[] response = NativePeers.lines(3, 4000, 25);
        String keys = r.anonymous() ? "server-rsa" : r.keys();
        try (ClaspServer server = new ClaspServer(clasp(keys), e -> e.setEnabledCipherSuites(new String[] {r.suite()}));
                NativeProcess client = NativeProcess.start(GnuTlsClientTest.gnutlsCli(server.port(),
                        gnutlsPriority(r), List.of()))) {
            ClaspServer.Exchange ex = server.converse(client, request, response);
            String out = client.output();
            assertEquals(r.suite(), ex.session().getCipherSuite());
            String kx = r.gnutlsKx().startsWith("ECDHE") ? "ECDHE-X25519" : r.gnutlsKx();
            assertTrue(out.contains("- Description: (TLS1.2-X.509)-(" + kx + ")-"), client.describe());
            assertTrue(out.contains("-(" + r.gnutlsCipher() + ")-(" + r.gnutlsMac() + ")\n"), client.describe());
            assertEquals(!r.anonymous(), out.contains("- Status: The certificate is trusted."), client.describe());
            // RFC 7366 2: gnutls offers encrypt_then_mac; Clasp answers it for the CBC suites only.
            assertEquals(!r.nullCipher(), encryptThenMac(ex.session()), client.describe());
            assertEquals(!r.nullCipher(), out.contains("- Options:") && out.contains(" EtM,"), client.describe());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void claspClientToGnutlsServ(Row r) throws Exception {
        NativeProcess.require("gnutls-serv");
        String keys = r.anonymous() ? "server-rsa" : r.keys();
        try (Server srv = GnuTlsServerTest.gnutlsServ(keys, gnutlsPriority(r), List.of())) {
            NativePeers.withOutput(srv.process(), () -> {
                SSLEngine engine = clasp(null).createSSLEngine("localhost", srv.port());
                engine.setUseClientMode(true);
                engine.setEnabledCipherSuites(new String[] {r.suite()});
                try (EngineChannel ch = new EngineChannel(engine, NativePeers.connect(srv.port()), TIMEOUT)) {
                    ch.handshake();
                    assertEquals(r.suite(), engine.getSession().getCipherSuite());
                    assertEquals(r.anonymous(), !hasPeerCertificates(engine));
                    byte[] data = NativePeers.lines(3, 4000, 26);
                    ch.write(data);
                    assertEquals(NativePeers.ascii(data), NativePeers.ascii(ch.read(data.length)));
                    ch.closeGracefully(true);
                }
            });
        }
    }

    /** Whether the session uses RFC 7366 encrypt-then-MAC (ClaspSSLSession.state(), read reflectively). */
    static boolean encryptThenMac(javax.net.ssl.SSLSession session) throws Exception {
        java.lang.reflect.Method state = session.getClass().getDeclaredMethod("state");
        state.setAccessible(true);
        Object st = state.invoke(session);
        return st.getClass().getField("encryptThenMac").getBoolean(st);
    }

    private static boolean hasPeerCertificates(SSLEngine e) {
        try {
            return e.getSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException x) {
            return false;
        }
    }
}
