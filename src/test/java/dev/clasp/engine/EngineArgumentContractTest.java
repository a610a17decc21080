package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clasp.engine.Contract.Impl;
import dev.clasp.engine.Contract.Pair;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Argument checking on the engine API: exception types as SunJSSE throws them, never a NullPointerException. */
class EngineArgumentContractTest {

    private static void throwsExactly(Class<? extends Throwable> type, Executable call) {
        Throwable t = assertThrows(Throwable.class, call);
        assertEquals(type, t.getClass(), "thrown: " + t);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void nullBuffersAreIllegalArguments(Impl impl) throws Exception {
        SSLEngine e = Contract.client(Contract.context(impl, null));
        ByteBuffer b = ByteBuffer.allocate(20000);
        ByteBuffer empty = ByteBuffer.allocate(0);
        throwsExactly(IllegalArgumentException.class, () -> e.wrap((ByteBuffer) null, b));
        throwsExactly(IllegalArgumentException.class, () -> e.wrap(empty, null));
        throwsExactly(IllegalArgumentException.class, () -> e.wrap((ByteBuffer[]) null, b));
        throwsExactly(IllegalArgumentException.class, () -> e.wrap(new ByteBuffer[] {empty, null}, b));
        throwsExactly(IllegalArgumentException.class, () -> e.wrap(new ByteBuffer[] {empty, null}, 0, 2, b));
        throwsExactly(IllegalArgumentException.class, () -> e.unwrap(null, b));
        throwsExactly(IllegalArgumentException.class, () -> e.unwrap(empty, (ByteBuffer) null));
        throwsExactly(IllegalArgumentException.class, () -> e.unwrap(empty, (ByteBuffer[]) null));
        throwsExactly(IllegalArgumentException.class, () -> e.unwrap(empty, new ByteBuffer[] {b, null}));
        throwsExactly(IllegalArgumentException.class, () -> e.unwrap(empty, new ByteBuffer[] {b, null}, 0, 2));
        // Nothing of the above started the handshake.
        assertEquals(HandshakeStatus.NOT_HANDSHAKING, e.getHandshakeStatus());
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void readOnlyDestination(Impl impl) throws Exception {
        SSLEngine e = Contract.client(Contract.context(impl, null));
        ByteBuffer ro = ByteBuffer.allocate(20000).asReadOnlyBuffer();
        throwsExactly(ReadOnlyBufferException.class, () -> e.wrap(ByteBuffer.allocate(0), ro));
        throwsExactly(ReadOnlyBufferException.class, () -> e.unwrap(ByteBuffer.allocate(0), ro));
        throwsExactly(ReadOnlyBufferException.class,
                () -> e.unwrap(ByteBuffer.allocate(0), new ByteBuffer[] {ByteBuffer.allocate(10), ro}));
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void badOffsetOrLength(Impl impl) throws Exception {
        SSLEngine e = Contract.client(Contract.context(impl, null));
        ByteBuffer b = ByteBuffer.allocate(20000);
        ByteBuffer[] two = {ByteBuffer.allocate(1), ByteBuffer.allocate(1)};
        throwsExactly(IndexOutOfBoundsException.class, () -> e.wrap(two, -1, 1, b));
        throwsExactly(IndexOutOfBoundsException.class, () -> e.wrap(two, 0, 3, b));
        throwsExactly(IndexOutOfBoundsException.class, () -> e.wrap(two, 2, 1, b));
        throwsExactly(IndexOutOfBoundsException.class, () -> e.wrap(two, 1, -1, b));
        throwsExactly(IndexOutOfBoundsException.class, () -> e.unwrap(b, two, -1, 1));
        throwsExactly(IndexOutOfBoundsException.class, () -> e.unwrap(b, two, 0, 3));
        throwsExactly(IndexOutOfBoundsException.class, () -> e.unwrap(b, two, 3, 0));
        throwsExactly(IndexOutOfBoundsException.class, () -> e.unwrap(b, two, Integer.MAX_VALUE, 2));
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void enabledSuitesAndProtocolsRejectNullAndUnknown(Impl impl) throws Exception {
        SSLEngine e = Contract.client(Contract.context(impl, null));
        throwsExactly(IllegalArgumentException.class, () -> e.setEnabledCipherSuites(null));
        throwsExactly(IllegalArgumentException.class, () -> e.setEnabledCipherSuites(new String[] {"TLS_NO_SUCH_SUITE"}));
        throwsExactly(IllegalArgumentException.class, () -> e.setEnabledCipherSuites(new String[] {null}));
        throwsExactly(IllegalArgumentException.class, () -> e.setEnabledProtocols(null));
        throwsExactly(IllegalArgumentException.class, () -> e.setEnabledProtocols(new String[] {"TLSv9"}));
        throwsExactly(IllegalArgumentException.class, () -> e.setEnabledProtocols(new String[] {null}));
        // A failed set changes nothing.
        String[] before = e.getEnabledCipherSuites();
        assertThrows(IllegalArgumentException.class,
                () -> e.setEnabledCipherSuites(new String[] {before[0], "TLS_NO_SUCH_SUITE"}));
        assertEquals(java.util.List.of(before), java.util.List.of(e.getEnabledCipherSuites()));
        // Known but not enabled by default is accepted.
        e.setEnabledProtocols(new String[] {"TLSv1.2"});
        assertEquals(java.util.List.of("TLSv1.2"), java.util.List.of(e.getEnabledProtocols()));
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void useClientModeAfterHandshakeBeganIsIllegalArgument(Impl impl) throws Exception {
        SSLEngine e = Contract.client(Contract.context(impl, null));
        e.setUseClientMode(true);   // same mode again before the start is fine
        e.setUseClientMode(false);
        e.setUseClientMode(true);
        e.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(e.getSession().getPacketBufferSize()));
        throwsExactly(IllegalArgumentException.class, () -> e.setUseClientMode(false));
        Pair p = Contract.pair(impl);
        p.handshake();
        throwsExactly(IllegalArgumentException.class, () -> p.server.setUseClientMode(true));
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void useBeforeModeSetIsIllegalState(Impl impl) throws Exception {
        SSLContext ctx = Contract.context(impl, Contract.SERVER_KEYS);
        ByteBuffer net = ByteBuffer.allocate(20000);
        SSLEngine a = ctx.createSSLEngine();
        throwsExactly(IllegalStateException.class, () -> a.wrap(ByteBuffer.allocate(0), net));
        SSLEngine b = ctx.createSSLEngine();
        throwsExactly(IllegalStateException.class, () -> b.unwrap(ByteBuffer.allocate(0), net));
        SSLEngine c = ctx.createSSLEngine();
        throwsExactly(IllegalStateException.class, c::beginHandshake);
        // The engine stays usable once the mode is set.
        a.setUseClientMode(true);
        assertEquals(javax.net.ssl.SSLEngineResult.Status.OK, a.wrap(ByteBuffer.allocate(0), net).getStatus());
    }
}
