package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.Contract.Call;
import dev.clasp.engine.Contract.Impl;
import dev.clasp.engine.Contract.Pair;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** wrap/unwrap results, statuses and byte accounting, each checked against SunJSSE too. */
class EngineResultContractTest {

    @ParameterizedTest
    @EnumSource(Impl.class)
    void clientFirstUnwrapStartsHandshake(Impl impl) throws Exception {
        SSLEngine client = Contract.client(Contract.context(impl, null));
        ByteBuffer app = ByteBuffer.allocate(client.getSession().getApplicationBufferSize());
        SSLEngineResult r = client.unwrap(ByteBuffer.allocate(0), app);
        assertEquals(Status.OK, r.getStatus());
        assertEquals(0, r.bytesConsumed());
        assertEquals(0, r.bytesProduced());
        assertEquals(HandshakeStatus.NEED_WRAP, r.getHandshakeStatus());
        assertEquals(HandshakeStatus.NEED_WRAP, client.getHandshakeStatus());
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void serverFirstWrapProducesNothing(Impl impl) throws Exception {
        SSLEngine server = Contract.server(Contract.context(impl, Contract.SERVER_KEYS));
        ByteBuffer net = ByteBuffer.allocate(server.getSession().getPacketBufferSize());
        SSLEngineResult r = server.wrap(ByteBuffer.wrap(new byte[10]), net);
        assertEquals(Status.OK, r.getStatus());
        assertEquals(0, r.bytesConsumed());
        assertEquals(0, r.bytesProduced());
        assertEquals(HandshakeStatus.NEED_UNWRAP, r.getHandshakeStatus());
        assertEquals(HandshakeStatus.NEED_UNWRAP, server.getHandshakeStatus());
    }

    @ParameterizedTest(name = "client {0}, server {1}")
    @org.junit.jupiter.params.provider.CsvSource({"CLASP,CLASP", "SUNJSSE,SUNJSSE", "CLASP,SUNJSSE", "SUNJSSE,CLASP"})
    void finishedOncePerSideByTheCompletingCall(Impl clientImpl, Impl serverImpl) throws Exception {
        Pair p = Contract.pair(clientImpl, serverImpl);
        p.handshake();
        for (boolean isClient : new boolean[] {true, false}) {
            List<Call> calls = p.calls(isClient);
            List<Call> finished = calls.stream()
                    .filter(c -> c.result().getHandshakeStatus() == HandshakeStatus.FINISHED).toList();
            assertEquals(1, finished.size(), "FINISHED exactly once: " + calls);
            Call f = finished.get(0);
            if (isClient) {
                // the unwrap of the server's Finished
                assertTrue(!f.wrap() && f.result().bytesConsumed() > 0, "client FINISHED from unwrap: " + calls);
            } else {
                assertTrue(f.wrap() && f.result().bytesProduced() > 0, "server FINISHED from wrap: " + calls);
            }
            assertEquals(f, calls.get(calls.size() - 1), "FINISHED is the last handshake call: " + calls);
            SSLEngine e = isClient ? p.client : p.server;
            assertEquals(HandshakeStatus.NOT_HANDSHAKING, e.getHandshakeStatus());
        }
        // After the handshake no result says FINISHED again.
        ByteBuffer net = Contract.wrapAll(p.client, new byte[100]);
        SSLEngineResult r = p.server.unwrap(net, ByteBuffer.allocate(p.server.getSession().getApplicationBufferSize()));
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, r.getHandshakeStatus());
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void needTaskHandsOutTaskThenNull(Impl impl) throws Exception {
        Pair p = Contract.pair(impl);
        p.wrap(true, ByteBuffer.allocate(0));   // ClientHello
        SSLEngineResult r = p.unwrap(false);    // server reads it
        assertEquals(Status.OK, r.getStatus());
        assertEquals(HandshakeStatus.NEED_TASK, r.getHandshakeStatus());
        assertEquals(HandshakeStatus.NEED_TASK, p.server.getHandshakeStatus());
        Runnable task = p.server.getDelegatedTask();
        assertNotNull(task);
        task.run();
        assertNull(p.server.getDelegatedTask(), "no second task");
        assertEquals(HandshakeStatus.NEED_WRAP, p.server.getHandshakeStatus());
        // The rest of the handshake with inline tasks; the client also sees NEED_TASK.
        p.handshake();
        assertTrue(p.calls(true).stream().anyMatch(c -> c.result().getHandshakeStatus() == HandshakeStatus.NEED_TASK),
                p.calls.toString());
        assertTrue(p.tasksRun > 0);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void handshakeWrapIntoTinyBufferOverflows(Impl impl) throws Exception {
        SSLEngine client = Contract.client(Contract.context(impl, null));
        ByteBuffer tiny = ByteBuffer.allocate(10);
        SSLEngineResult r = client.wrap(ByteBuffer.allocate(0), tiny);
        assertEquals(Status.BUFFER_OVERFLOW, r.getStatus());
        assertEquals(0, r.bytesProduced());
        assertEquals(0, tiny.position());
        ByteBuffer big = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        r = client.wrap(ByteBuffer.allocate(0), big);
        assertEquals(Status.OK, r.getStatus());
        assertTrue(r.bytesProduced() > 0);
        assertEquals(r.bytesProduced(), big.position());
    }

    /**
     * SunJSSE wants room for the largest record in every wrap that may produce one, even when the record at hand
     * is small (OpenJDK's SSLEngine/ArgCheck): one byte short of getPacketBufferSize() overflows, for the
     * ClientHello and for application data alike; the exact size works.
     */
    @ParameterizedTest
    @EnumSource(Impl.class)
    void wrapIntoOneByteLessThanPacketSizeOverflows(Impl impl) throws Exception {
        SSLEngine client = Contract.client(Contract.context(impl, null));
        int packet = client.getSession().getPacketBufferSize();
        SSLEngineResult r = client.wrap(ByteBuffer.allocate(10), ByteBuffer.allocate(packet - 1));
        assertEquals(Status.BUFFER_OVERFLOW, r.getStatus());
        assertEquals(HandshakeStatus.NEED_WRAP, r.getHandshakeStatus());
        assertEquals(0, r.bytesProduced());

        Pair p = Contract.pair(impl);
        p.handshake();
        ByteBuffer src = ByteBuffer.wrap(Contract.bytes(10, 3));
        r = p.client.wrap(src, ByteBuffer.allocate(packet - 1));
        assertEquals(Status.BUFFER_OVERFLOW, r.getStatus());
        assertEquals(0, r.bytesConsumed());
        assertEquals(0, src.position());
        r = p.client.wrap(src, ByteBuffer.allocate(packet));
        assertEquals(Status.OK, r.getStatus());
        assertEquals(10, r.bytesConsumed());
    }

    /**
     * As SunJSSE, every handshake wrap produces at most one record, so NEED_WRAP stays until the flight is out:
     * the client's last flight is three wraps (ClientKeyExchange, ChangeCipherSpec, Finished), which OpenJDK's
     * SSLEngine/CheckTlsEngineResults counts.
     */
    @ParameterizedTest
    @EnumSource(Impl.class)
    void handshakeWrapProducesOneRecordPerCall(Impl impl) throws Exception {
        Pair p = Contract.pair(impl);
        p.client.beginHandshake();
        p.server.beginHandshake();
        java.util.List<Integer> clientTypes = new java.util.ArrayList<>();
        for (int round = 0; round < 50 && !(Contract.done(p.client) && Contract.done(p.server)); round++) {
            for (boolean isClient : new boolean[] {true, false}) {
                SSLEngine e = isClient ? p.client : p.server;
                p.runTasks(e);
                while (e.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    ByteBuffer out = isClient ? p.toServer : p.toClient;
                    int before = out.position();
                    SSLEngineResult r = p.wrap(isClient, ByteBuffer.allocate(0));
                    if (r.bytesProduced() == 0) {
                        break;
                    }
                    int length = ((out.get(before + 3) & 0xFF) << 8) | (out.get(before + 4) & 0xFF);
                    assertEquals(5 + length, r.bytesProduced(), impl + (isClient ? " client" : " server")
                            + " wrap produced more than one record: " + r);
                    if (isClient) {
                        clientTypes.add(out.get(before) & 0xFF);
                    }
                }
                if (p.toClient.position() > 0 || p.toServer.position() > 0) {
                    p.unwrap(!isClient);
                    p.runTasks(isClient ? p.server : p.client);
                }
            }
        }
        assertTrue(Contract.done(p.client) && Contract.done(p.server), p.calls.toString());
        // ClientHello, then ClientKeyExchange, ChangeCipherSpec, Finished: one record each.
        assertEquals(java.util.List.of(22, 22, 20, 22), clientTypes, impl + " client records");
    }

    /** As SunJSSE, a client that receives a HelloRequest hands out a delegated task before its new ClientHello. */
    @ParameterizedTest
    @EnumSource(Impl.class)
    void helloRequestIsADelegatedTaskOnTheClient(Impl impl) throws Exception {
        Pair p = Contract.pair(impl);
        p.handshake();
        p.toClient.clear();
        p.toServer.clear();
        p.server.beginHandshake();
        SSLEngineResult r = p.wrap(false, ByteBuffer.allocate(0));
        assertEquals(Status.OK, r.getStatus());
        assertTrue(r.bytesProduced() > 0, "HelloRequest sent: " + r);
        r = p.unwrap(true);
        assertEquals(Status.OK, r.getStatus());
        assertEquals(HandshakeStatus.NEED_TASK, r.getHandshakeStatus(), impl + ": " + r);
        p.runTasks(p.client);
        assertEquals(HandshakeStatus.NEED_WRAP, p.client.getHandshakeStatus());
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void overflowConsumesNothingAndRetryLosesNoByte(Impl impl) throws Exception {
        Pair p = Contract.pair(impl);
        p.handshake();
        byte[] data = Contract.bytes(1000, 1);
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteBuffer tiny = ByteBuffer.allocate(50);
        SSLEngineResult r = p.client.wrap(src, tiny);
        assertEquals(Status.BUFFER_OVERFLOW, r.getStatus());
        assertEquals(0, r.bytesConsumed());
        assertEquals(0, r.bytesProduced());
        assertEquals(0, src.position());
        assertEquals(0, tiny.position());

        ByteBuffer net = ByteBuffer.allocate(p.client.getSession().getPacketBufferSize());
        r = p.client.wrap(src, net);
        assertEquals(Status.OK, r.getStatus());
        assertEquals(1000, r.bytesConsumed());
        assertEquals(net.position(), r.bytesProduced());
        net.flip();

        ByteBuffer small = ByteBuffer.allocate(999);
        r = p.server.unwrap(net, small);
        assertEquals(Status.BUFFER_OVERFLOW, r.getStatus());
        assertEquals(0, r.bytesConsumed());
        assertEquals(0, r.bytesProduced());
        assertEquals(0, net.position());
        assertEquals(0, small.position());

        ByteBuffer app = ByteBuffer.allocate(p.server.getSession().getApplicationBufferSize());
        r = p.server.unwrap(net, app);
        assertEquals(Status.OK, r.getStatus());
        assertEquals(net.limit(), r.bytesConsumed());
        assertEquals(1000, r.bytesProduced());
        assertArrayEquals(data, java.util.Arrays.copyOf(app.array(), app.position()));
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void partialRecordUnderflowsByteByByte(Impl impl) throws Exception {
        Pair p = Contract.pair(impl);
        p.handshake();
        byte[] data = Contract.bytes(300, 2);
        ByteBuffer net = Contract.wrapAll(p.client, data);
        byte[] record = new byte[net.remaining()];
        net.get(record);
        ByteBuffer app = ByteBuffer.allocate(p.server.getSession().getApplicationBufferSize());
        for (int k = 0; k < record.length; k++) {
            ByteBuffer prefix = ByteBuffer.wrap(record, 0, k);
            SSLEngineResult r = p.server.unwrap(prefix, app);
            assertEquals(Status.BUFFER_UNDERFLOW, r.getStatus(), "prefix of " + k + " bytes");
            assertEquals(0, r.bytesConsumed());
            assertEquals(0, r.bytesProduced());
            assertEquals(0, prefix.position());
            assertEquals(0, app.position());
        }
        SSLEngineResult r = p.server.unwrap(ByteBuffer.wrap(record), app);
        assertEquals(Status.OK, r.getStatus());
        assertEquals(record.length, r.bytesConsumed());
        assertArrayEquals(data, java.util.Arrays.copyOf(app.array(), app.position()));
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void partialHandshakeRecordUnderflows(Impl impl) throws Exception {
        Pair p = Contract.pair(impl);
        p.wrap(true, ByteBuffer.allocate(0));
        p.toServer.flip();
        byte[] hello = new byte[p.toServer.remaining()];
        p.toServer.get(hello);
        ByteBuffer app = ByteBuffer.allocate(p.server.getSession().getApplicationBufferSize());
        for (int k = 0; k < hello.length; k += 7) {
            ByteBuffer prefix = ByteBuffer.wrap(hello, 0, k);
            SSLEngineResult r = p.server.unwrap(prefix, app);
            assertEquals(Status.BUFFER_UNDERFLOW, r.getStatus(), "prefix of " + k + " bytes");
            assertEquals(0, r.bytesConsumed());
            assertEquals(0, prefix.position());
        }
        SSLEngineResult r = p.server.unwrap(ByteBuffer.wrap(hello), app);
        assertEquals(Status.OK, r.getStatus());
        assertEquals(hello.length, r.bytesConsumed());
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void scatterGatherLikeSingleBuffers(Impl impl) throws Exception {
        Pair p = Contract.pair(impl);
        p.handshake();
        byte[] data = Contract.bytes(10_000, 3);
        ByteBuffer untouched = ByteBuffer.wrap(new byte[77]);
        ByteBuffer[] srcs = {
            untouched,
            ByteBuffer.wrap(data, 0, 3).slice(),
            ByteBuffer.allocate(0),
            ByteBuffer.wrap(data, 3, 4000).slice(),
            ByteBuffer.wrap(data, 4003, 5997).slice(),
            untouched};
        ByteBuffer net = ByteBuffer.allocate(p.client.getSession().getPacketBufferSize());
        SSLEngineResult r = p.client.wrap(srcs, 1, 4, net);
        assertEquals(Status.OK, r.getStatus());
        assertEquals(10_000, r.bytesConsumed());
        assertEquals(net.position(), r.bytesProduced());
        assertEquals(0, untouched.position());
        for (int i = 1; i < 5; i++) {
            assertEquals(0, srcs[i].remaining(), "src " + i + " drained");
        }
        net.flip();

        ByteBuffer[] dsts = new ByteBuffer[6];
        for (int i = 0; i < dsts.length; i++) {
            dsts[i] = ByteBuffer.allocate(3000);
        }
        // Total room of dsts[1..4] is 12000: enough for the 10000 bytes; dsts[0] and dsts[5] are out of range.
        r = p.server.unwrap(net, dsts, 1, 4);
        assertEquals(Status.OK, r.getStatus());
        assertEquals(net.limit(), r.bytesConsumed());
        assertEquals(10_000, r.bytesProduced());
        assertEquals(0, dsts[0].position());
        assertEquals(0, dsts[5].position());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (int i = 1; i < 5; i++) {
            got.write(dsts[i].array(), 0, dsts[i].position());
        }
        assertArrayEquals(data, got.toByteArray());
        assertEquals(3000, dsts[1].position(), "filled in order");
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void sessionSizesFitTheLargestRecord(Impl impl) throws Exception {
        Pair p = Contract.pair(impl);
        int packet = p.client.getSession().getPacketBufferSize();
        int app = p.client.getSession().getApplicationBufferSize();
        assertTrue(app >= 16384, "application buffer " + app);
        assertTrue(packet >= 16384 + 5 + 16, "packet buffer " + packet);
        p.handshake();
        assertEquals(packet, p.client.getSession().getPacketBufferSize());
        byte[] data = Contract.bytes(3 * 16384 + 5, 4);
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (int i = 0; i < 10 && src.hasRemaining(); i++) {
            ByteBuffer net = ByteBuffer.allocate(p.client.getSession().getPacketBufferSize());
            SSLEngineResult r = p.client.wrap(src, net);
            assertEquals(Status.OK, r.getStatus(), "one full record fits the packet buffer");
            assertTrue(r.bytesConsumed() > 0);
            net.flip();
            ByteBuffer dst = ByteBuffer.allocate(p.server.getSession().getApplicationBufferSize());
            while (net.hasRemaining()) {
                r = p.server.unwrap(net, dst);
                assertEquals(Status.OK, r.getStatus(), "a full record fits the application buffer: " + r + " i=" + i + " net=" + net + " dst=" + dst + " " + p.client.getSession().getCipherSuite());
            }
            got.write(dst.array(), 0, dst.position());
        }
        assertArrayEquals(data, got.toByteArray());
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void unwrapConsumesOneRecordPerCall(Impl impl) throws Exception {
        Pair p = Contract.pair(impl);
        p.handshake();
        ByteBuffer first = Contract.wrapAll(p.client, Contract.bytes(100, 5));
        ByteBuffer second = Contract.wrapAll(p.client, Contract.bytes(200, 6));
        ByteBuffer both = ByteBuffer.allocate(first.remaining() + second.remaining());
        int firstLength = first.remaining();
        both.put(first).put(second).flip();
        ByteBuffer app = ByteBuffer.allocate(p.server.getSession().getApplicationBufferSize() * 2);
        SSLEngineResult r = p.server.unwrap(both, app);
        assertEquals(Status.OK, r.getStatus());
        assertEquals(firstLength, r.bytesConsumed());
        assertEquals(100, r.bytesProduced());
        r = p.server.unwrap(both, app);
        assertEquals(200, r.bytesProduced());
        assertEquals(0, both.remaining());
    }

    /** beginHandshake on fresh, started and closed engines: statuses and exceptions as SunJSSE's. */
    static java.util.List<String> beginHandshakeTrace(Impl impl) throws Exception {
        java.util.List<String> t = new java.util.ArrayList<>();
        SSLEngine c = Contract.client(Contract.context(impl, null));
        c.beginHandshake();
        t.add("client begin " + c.getHandshakeStatus());
        c.beginHandshake();
        t.add("client begin again " + c.getHandshakeStatus());
        SSLEngine s = Contract.server(Contract.context(impl, Contract.SERVER_KEYS));
        s.beginHandshake();
        t.add("server begin " + s.getHandshakeStatus());
        ByteBuffer net = ByteBuffer.allocate(s.getSession().getPacketBufferSize());
        SSLEngineResult r = s.wrap(ByteBuffer.allocate(0), net);
        t.add("server wrap " + r.getStatus() + "/" + r.getHandshakeStatus() + " " + r.bytesProduced());
        SSLEngine closed = Contract.client(Contract.context(impl, null));
        closed.closeOutbound();
        try {
            closed.beginHandshake();
            t.add("begin after closeOutbound: no exception, " + closed.getHandshakeStatus());
        } catch (javax.net.ssl.SSLException e) {
            t.add("begin after closeOutbound: " + e.getClass().getSimpleName());
        }
        return t;
    }

    @org.junit.jupiter.api.Test
    void beginHandshakeLikeSunJsse() throws Exception {
        java.util.List<String> ref = beginHandshakeTrace(Impl.SUNJSSE);
        assertEquals(String.join("\n", ref), String.join("\n", beginHandshakeTrace(Impl.CLASP)));
        assertEquals("client begin NEED_WRAP", ref.get(0));
    }

    /**
     * A server-initiated renegotiation, both ends one implementation: every wrap and unwrap that moves bytes, in
     * order, with its status. SunJSSE's client asks for a new ticket in the renegotiation's ClientHello and its
     * server sends a NewSessionTicket before its ChangeCipherSpec (OpenJDK SSLEngine/CheckTlsEngineResults counts
     * those wraps). As in that test, the suite changes, so both implementations do a full handshake (SunJSSE would
     * otherwise resume the session in the renegotiation, where Clasp always does a full handshake).
     */
    private static java.util.List<String> renegotiationTrace(Impl impl) throws Exception {
        Pair p = Contract.pair(impl);
        String[] first128 = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"};
        p.client.setEnabledCipherSuites(first128);
        p.server.setEnabledCipherSuites(first128);
        p.handshake();
        String[] then256 = {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"};
        p.client.setEnabledCipherSuites(then256);
        p.server.setEnabledCipherSuites(then256);
        p.toClient.clear();
        p.toServer.clear();
        int start = p.calls.size();
        p.server.beginHandshake();
        for (int i = 0; i < 200 && !(i > 0 && Contract.done(p.client) && Contract.done(p.server)
                && p.toServer.position() == 0 && p.toClient.position() == 0); i++) {
            boolean progress = p.step(false);
            progress |= p.step(true);
            if (!progress) {
                break;
            }
        }
        java.util.List<String> t = new java.util.ArrayList<>();
        for (Contract.Call c : p.calls.subList(start, p.calls.size())) {
            if (c.result().bytesConsumed() > 0 || c.result().bytesProduced() > 0) {
                t.add((c.client() ? "client " : "server ") + (c.wrap() ? "wrap " : "unwrap ")
                        + c.result().getStatus() + "/" + c.result().getHandshakeStatus());
            }
        }
        return t;
    }

    @org.junit.jupiter.api.Test
    void renegotiationLikeSunJsse() throws Exception {
        java.util.List<String> ref = renegotiationTrace(Impl.SUNJSSE);
        assertEquals(String.join("\n", ref), String.join("\n", renegotiationTrace(Impl.CLASP)));
    }

    @org.junit.jupiter.api.Test
    void acceptLargeFragmentsGrowsClaspSizes() throws Exception {
        // Read per engine, as SunJSSE reads it per session: OpenJDK's SSLEngine/AcceptLargeFragments sets it
        // after SSLContext.getDefault() and before createSSLEngine().
        SSLContext ctx = Contract.context(Impl.CLASP, null);
        SSLEngine before = Contract.client(ctx);
        int packet = before.getSession().getPacketBufferSize();
        int app = before.getSession().getApplicationBufferSize();
        String old = System.getProperty("jsse.SSLEngine.acceptLargeFragments");
        SSLEngine large;
        try {
            System.setProperty("jsse.SSLEngine.acceptLargeFragments", "true");
            large = Contract.client(ctx);
        } finally {
            if (old == null) {
                System.clearProperty("jsse.SSLEngine.acceptLargeFragments");
            } else {
                System.setProperty("jsse.SSLEngine.acceptLargeFragments", old);
            }
        }
        assertEquals(packet, before.getSession().getPacketBufferSize(), "an engine keeps the size it was made with");
        assertTrue(large.getSession().getPacketBufferSize() > packet);
        assertTrue(large.getSession().getApplicationBufferSize() > app);
        assertTrue(large.getSession().getApplicationBufferSize() >= 32768);
    }
}
