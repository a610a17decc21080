package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki.Peer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 5246 6.2.1: handshake messages may be fragmented across records. Every plaintext handshake record of
 * both peers is cut into tiny records; Clasp must reassemble them, in both roles, with client authentication
 * (the server's flight then carries a CertificateRequest too).
 */
class FragmentationTest {

    @ParameterizedTest(name = "{0} -> {1}, {2}-byte handshake records")
    @CsvSource({
        "CLASP, CLASP, 1", "CLASP, CLASP, 3", "CLASP, CLASP, 100",
        "SUNJSSE, CLASP, 1", "SUNJSSE, CLASP, 7",
        "CLASP, SUNJSSE, 1", "CLASP, SUNJSSE, 7",
        "CLASP, BCJSSE, 2", "BCJSSE, CLASP, 2"})
    void handshakeSurvivesFragmentation(Peer clientPeer, Peer serverPeer, int size) throws Exception {
        SSLContext cctx = TestPki.context(clientPeer, "client-ec.p12");
        SSLContext sctx = TestPki.context(serverPeer, "server-rsa.p12");
        SSLEngine client = cctx.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        SSLEngine server = sctx.createSSLEngine();
        server.setUseClientMode(false);
        server.setNeedClientAuth(true);

        RecordSplitter c2s = new RecordSplitter(size);
        RecordSplitter s2c = new RecordSplitter(size);
        ByteBuffer net = ByteBuffer.allocate(1 << 17);
        ByteBuffer app = ByteBuffer.allocate(1 << 16);
        ByteBuffer toServer = ByteBuffer.allocate(1 << 20);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 20);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 200 && !(idle(client) && idle(server)); round++) {
            runTasks(client);
            runTasks(server);
            if (client.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                client.wrap(ByteBuffer.allocate(0), net);
                toServer.put(c2s.apply(RecordSplitter.drain(net)));
            }
            feed(server, toServer, app);
            runTasks(server);
            if (server.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                server.wrap(ByteBuffer.allocate(0), net);
                toClient.put(s2c.apply(RecordSplitter.drain(net)));
            }
            feed(client, toClient, app);
        }
        assertTrue(idle(client) && idle(server), "handshake did not complete: client " + client.getHandshakeStatus()
                + ", server " + server.getHandshakeStatus());
        assertTrue(c2s.recordsOut > 10 && s2c.recordsOut > 10, "the streams really were split");
        assertEquals(client.getSession().getCipherSuite(), server.getSession().getCipherSuite());
        assertTrue(server.getSession().getPeerPrincipal().getName().contains("clasp-client-ec"));

        byte[] msg = "after fragmentation".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(msg, new EnginePair(client, server).send(true, msg));
    }

    private static boolean idle(SSLEngine e) {
        HandshakeStatus hs = e.getHandshakeStatus();
        return hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED;
    }

    private static void runTasks(SSLEngine e) {
        Runnable t;
        while ((t = e.getDelegatedTask()) != null) {
            t.run();
        }
    }

    /** Unwraps every complete record available; leaves a partial record in place. */
    private static void feed(SSLEngine e, ByteBuffer in, ByteBuffer app) throws Exception {
        in.flip();
        try {
            for (int i = 0; i < 100_000 && in.hasRemaining(); i++) {
                app.clear();
                SSLEngineResult r = e.unwrap(in, app);
                runTasks(e);
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    break;
                }
                if (r.bytesConsumed() == 0 && e.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP) {
                    break;
                }
            }
        } finally {
            in.compact();
        }
    }
}
