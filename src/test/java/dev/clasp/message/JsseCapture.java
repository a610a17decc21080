package dev.clasp.message;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Captures the plaintext handshake messages real JSSE engines send: record framing is stripped and messages are
 * reassembled from the handshake records each side writes before its first ChangeCipherSpec.
 */
public final class JsseCapture {
    private JsseCapture() {
    }

    /** One captured handshake message: type and body as sent. */
    public record Raw(int type, byte[] body) {
        public TlsReader reader() {
            return new TlsReader(body);
        }

        @Override
        public String toString() {
            return "Raw[type=" + type + ", " + body.length + "B]";
        }
    }

    /** What each side sent in the clear. */
    public record Flights(List<Raw> client, List<Raw> server) {
    }

    /**
     * The ClientHello body a fresh client engine of {@code ctx} writes for localhost:443; with {@code explicitSni}
     * the host name is also set through {@code SSLParameters.setServerNames}.
     */
    public static byte[] clientHelloBody(SSLContext ctx, boolean explicitSni) throws SSLException {
        SSLEngine client = ctx.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        if (explicitSni) {
            SSLParameters p = client.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName("localhost")));
            client.setSSLParameters(p);
        }
        ByteBuffer net = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        client.wrap(ByteBuffer.allocate(0), net);
        net.flip();
        byte[] wire = new byte[net.remaining()];
        net.get(wire);
        List<Raw> messages = handshakeMessages(wire);
        if (messages.isEmpty() || messages.get(0).type() != HandshakeType.CLIENT_HELLO.code()) {
            throw new AssertionError("no ClientHello in " + TestBytes.toHex(wire));
        }
        return messages.get(0).body();
    }

    /** Runs a full in-memory handshake and returns each side's plaintext handshake messages. */
    public static Flights handshake(SSLEngine client, SSLEngine server) throws Exception {
        ByteArrayOutputStream clientWire = new ByteArrayOutputStream();
        ByteArrayOutputStream serverWire = new ByteArrayOutputStream();
        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        int app = Math.max(client.getSession().getApplicationBufferSize(),
                server.getSession().getApplicationBufferSize());
        ByteBuffer cToS = ByteBuffer.allocate(packet * 4);
        ByteBuffer sToC = ByteBuffer.allocate(packet * 4);
        ByteBuffer cApp = ByteBuffer.allocate(app);
        ByteBuffer sApp = ByteBuffer.allocate(app);
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int i = 0; i < 2000 && !(idle(client) && idle(server)); i++) {
            wrap(client, empty, cToS, clientWire);
            wrap(server, empty, sToC, serverWire);
            cToS.flip();
            sToC.flip();
            unwrap(client, sToC, cApp);
            unwrap(server, cToS, sApp);
            cToS.compact();
            sToC.compact();
        }
        if (!idle(client) || !idle(server)) {
            throw new AssertionError("handshake did not finish: " + client.getHandshakeStatus() + " / "
                    + server.getHandshakeStatus());
        }
        return new Flights(handshakeMessages(clientWire.toByteArray()), handshakeMessages(serverWire.toByteArray()));
    }

    private static boolean idle(SSLEngine e) {
        HandshakeStatus s = e.getHandshakeStatus();
        return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
    }

    private static void wrap(SSLEngine e, ByteBuffer src, ByteBuffer dst, ByteArrayOutputStream capture)
            throws SSLException {
        int before = dst.position();
        SSLEngineResult r = e.wrap(src, dst);
        capture.write(dst.array(), before, dst.position() - before);
        runTasks(e, r);
    }

    private static void unwrap(SSLEngine e, ByteBuffer src, ByteBuffer dst) throws SSLException {
        while (src.hasRemaining()) {
            SSLEngineResult r = e.unwrap(src, dst);
            runTasks(e, r);
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                return;
            }
        }
    }

    private static void runTasks(SSLEngine e, SSLEngineResult r) {
        if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            Runnable t;
            while ((t = e.getDelegatedTask()) != null) {
                t.run();
            }
        }
    }

    /**
     * Splits a record stream into handshake messages, up to the first ChangeCipherSpec (after which records are
     * encrypted).
     */
    public static List<Raw> handshakeMessages(byte[] wire) {
        ByteArrayOutputStream hs = new ByteArrayOutputStream();
        int at = 0;
        while (at + 5 <= wire.length) {
            int type = wire[at] & 0xFF;
            int len = ((wire[at + 3] & 0xFF) << 8) | (wire[at + 4] & 0xFF);
            if (type == 20) {
                break;
            }
            if (type == 22) {
                hs.write(wire, at + 5, len);
            }
            at += 5 + len;
        }
        byte[] stream = hs.toByteArray();
        List<Raw> out = new ArrayList<>();
        int p = 0;
        while (p + 4 <= stream.length) {
            int type = stream[p] & 0xFF;
            int len = ((stream[p + 1] & 0xFF) << 16) | ((stream[p + 2] & 0xFF) << 8) | (stream[p + 3] & 0xFF);
            out.add(new Raw(type, Arrays.copyOfRange(stream, p + 4, p + 4 + len)));
            p += 4 + len;
        }
        return out;
    }
}
