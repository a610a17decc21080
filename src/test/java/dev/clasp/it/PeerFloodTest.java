package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki.Peer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 6 "Limits": a peer that only sends cannot make Clasp buffer, or spin, without bound. Records that carry
 * nothing (warning alerts, empty application data) are capped at 32 in a row, as BoringSSL and OpenSSL cap empty
 * records at 32 and Go "useless records" at 16, ending in unexpected_message; handshake fragments of a message
 * beyond jdk.tls.maxHandshakeMessageSize end in decode_error at the message header, before any buffering.
 */
@Timeout(30)
class PeerFloodTest {
    private static final byte[] UNEXPECTED_MESSAGE_ALERT = {21, 3, 3, 0, 2, 2, 10};
    private static final byte[] DECODE_ERROR_ALERT = {21, 3, 3, 0, 2, 2, 50};

    private static SSLEngine server() throws Exception {
        SSLEngine s = TestPki.context(Peer.CLASP, "server-ec256.p12").createSSLEngine();
        s.setUseClientMode(false);
        return s;
    }

    private static byte[] record(int type, byte... body) {
        byte[] r = new byte[5 + body.length];
        r[0] = (byte) type;
        r[1] = 3;
        r[2] = 3;
        r[3] = (byte) (body.length >> 8);
        r[4] = (byte) body.length;
        System.arraycopy(body, 0, r, 5, body.length);
        return r;
    }

    /** Feeds one whole record to the engine. */
    private static void feed(SSLEngine e, byte[] rec) throws SSLException {
        ByteBuffer src = ByteBuffer.wrap(rec);
        ByteBuffer dst = ByteBuffer.allocate(e.getSession().getApplicationBufferSize());
        SSLEngineResult r = e.unwrap(src, dst);
        for (int i = 0; i < 10 && r.bytesConsumed() == 0
                && r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK; i++) {
            for (Runnable t; (t = e.getDelegatedTask()) != null;) {
                t.run();
            }
            r = e.unwrap(src, dst);
        }
        assertEquals(rec.length, r.bytesConsumed(), "a whole record per unwrap");
    }

    private static byte[] drain(SSLEngine e) throws SSLException {
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    @Test
    void endlessWarningAlertsEndInUnexpectedMessage() throws Exception {
        SSLEngine s = server();
        byte[] userCanceled = record(21, (byte) 1, (byte) 90);
        int accepted = 0;
        SSLException failure = null;
        for (int i = 0; i < 1000 && failure == null; i++) {
            try {
                feed(s, userCanceled);
                accepted++;
            } catch (SSLException e) {
                failure = e;
            }
        }
        assertEquals(32, accepted, "warning alerts tolerated before the cap");
        assertTrue(failure.getMessage().contains("unexpected_message"), failure.getMessage());
        assertArrayEquals(UNEXPECTED_MESSAGE_ALERT, drain(s), "the fatal alert goes out");
        assertTrue(s.isInboundDone() && s.isOutboundDone(), "engine closed");
    }

    /** Below the cap warnings are harmless: a few, then a real handshake and data, works (no false positive). */
    @Test
    void aFewWarningsThenAHandshakeWork() throws Exception {
        SSLEngine s = server();
        for (int i = 0; i < 32; i++) {
            feed(s, record(21, (byte) 1, (byte) 90));
        }
        SSLEngine c = TestPki.context(Peer.SUNJSSE, null).createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        EnginePair pair = new EnginePair(c, s);
        pair.handshake();
        byte[] data = new byte[40_000];
        new java.util.Random(1).nextBytes(data);
        assertArrayEquals(data, pair.send(true, data));
    }

    /** Handshake fragments of a ClientHello announced at 40000 bytes: refused at the header, nothing buffered. */
    @Test
    void oversizedHandshakeMessageRefusedAtItsHeader() throws Exception {
        SSLEngine s = server();
        int announced = 40_000; // > the 32768 default of jdk.tls.maxHandshakeMessageSize
        SSLException e = assertThrows(SSLException.class, () -> feed(s, record(22, (byte) 1,
                (byte) (announced >> 16), (byte) (announced >> 8), (byte) announced, (byte) 3, (byte) 3)));
        assertTrue(e.getMessage().contains("decode_error") && e.getMessage().contains("maxHandshakeMessageSize"),
                e.getMessage());
        assertArrayEquals(DECODE_ERROR_ALERT, drain(s));
        assertTrue(s.isInboundDone());
    }

    /** Fragments of one message within the cap are buffered up to its size and no further: the cap bounds them. */
    @Test
    void fragmentsOfAMessageAtTheCapAreBoundedAndTheNextHeaderIsChecked() throws Exception {
        SSLEngine s = server();
        int announced = 32_768;
        feed(s, record(22, (byte) 1, (byte) (announced >> 16), (byte) (announced >> 8), (byte) announced));
        byte[] filler = new byte[16_384];
        SSLException failure = null;
        int records = 0;
        for (; records < 100 && failure == null; records++) {
            try {
                feed(s, record(22, filler));
            } catch (SSLException e) {
                failure = e;
            }
        }
        // 32768 bytes complete the (zero-filled) ClientHello in two records; it then fails to parse
        assertTrue(failure != null && records <= 3, "failed after " + records + " records");
        assertTrue(failure.getMessage().contains("decode_error") || failure.getMessage().contains("illegal_parameter"),
                failure.getMessage());
        assertTrue(s.isInboundDone());
    }

    /**
     * A SunJSSE server that only writes and never reads, so it never answers a renegotiation: the Clasp client's
     * startHandshake() keeps the data for the next read, but only up to 1 MiB, then fails and closes instead of
     * buffering the whole 64 MiB stream.
     */
    @Test
    void renegotiationOnASocketDoesNotBufferAnEndlessStream() throws Exception {
        SSLContext sctx = TestPki.context(Peer.SUNJSSE, "server-ec256.p12");
        try (SSLServerSocket ss = (SSLServerSocket) sctx.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ss.setSoTimeout(20_000);
            Thread writer = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(20_000);
                    OutputStream out = s.getOutputStream();
                    byte[] chunk = new byte[16_384];
                    for (int i = 0; i < 4096; i++) { // 64 MiB at most
                        out.write(chunk);
                    }
                } catch (IOException expected) {
                    // the client gives up and closes
                }
            }, "flood-writer");
            writer.start();
            try (SSLSocket c = (SSLSocket) TestPki.context(Peer.CLASP, null).getSocketFactory()
                    .createSocket("localhost", ss.getLocalPort())) {
                c.setSoTimeout(20_000);
                c.startHandshake();
                assertTrue(c.getInputStream().read() >= 0, "the stream has begun");
                SSLException e = assertThrows(SSLException.class, c::startHandshake);
                assertTrue(e.getMessage().contains("renegotiating"), e.getMessage());
            }
            writer.join(20_000);
        }
    }
}
