package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.clasp.handshake.SessionState;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * The session cache's bookkeeping: a put costs O(1) however large the cache is (the full sweep for expired
 * sessions runs at most once per {@link ClaspSessionContext#SWEEP_INTERVAL_MILLIS}), yet an expired session is
 * never handed out, and eviction forgets a session as its peer's newest without scanning the peer map.
 */
class ClaspSessionContextTest {
    private static int next;

    private static ClaspSSLSession session(ClaspSessionContext ctx, long ageMillis, String host, int port) {
        SessionState s = new SessionState();
        s.sessionId = new byte[] {1, 2, 3, (byte) ++next, (byte) (next >>> 8)};
        s.creationTime = System.currentTimeMillis() - ageMillis;
        s.peerHost = host;
        s.peerPort = port;
        return new ClaspSSLSession(s, ctx, false, 16384);
    }

    @Test
    void putDoesNotSweepTheWholeCacheEachTime() {
        ClaspSessionContext ctx = new ClaspSessionContext();
        ctx.setSessionTimeout(10); // also a full sweep: the next one is due a second from now
        ClaspSSLSession[] old = new ClaspSSLSession[3];
        for (int i = 0; i < old.length; i++) {
            old[i] = session(ctx, 60_000, null, -1);
            ctx.put(old[i]);
        }
        // Left in place by the puts (the old code swept on every put and would hold none)...
        assertEquals(3, ctx.size());
        // ...but never handed out, and a lookup drops what it finds expired.
        assertNull(ctx.lookUp(old[0].getId()));
        assertEquals(2, ctx.size());
        // getIds() is a full sweep.
        assertEquals(Collections.emptyList(), Collections.list(ctx.getIds()));
        assertEquals(0, ctx.size());
    }

    @Test
    void freshSessionsSurviveAndExpiredOnesAreNotResumedByPeer() {
        ClaspSessionContext ctx = new ClaspSessionContext();
        ctx.setSessionTimeout(10);
        ClaspSSLSession fresh = session(ctx, 0, "a.example", 443);
        ClaspSSLSession stale = session(ctx, 60_000, "b.example", 443);
        ctx.put(fresh);
        ctx.put(stale);
        assertSame(fresh, ctx.lookUpPeer("a.example", 443));
        assertNull(ctx.lookUpPeer("b.example", 443));
        assertSame(fresh, ctx.lookUp(fresh.getId()));
    }

    @Test
    void evictionUnlinksTheEvictedPeerOnly() {
        ClaspSessionContext ctx = new ClaspSessionContext();
        ctx.setSessionCacheSize(2);
        ClaspSSLSession a = session(ctx, 0, "h", 1);
        ClaspSSLSession b = session(ctx, 0, "h", 2);
        ctx.put(a);
        ctx.put(b);
        ClaspSSLSession c = session(ctx, 0, "h", 3);
        ctx.put(c); // a is the least recently used: evicted
        assertNull(ctx.lookUpPeer("h", 1));
        assertNull(ctx.lookUp(a.getId()));
        assertSame(b, ctx.lookUpPeer("h", 2));
        assertSame(c, ctx.lookUpPeer("h", 3));

        // A newer session for the same peer replaces the older one; evicting the older keeps the newer linked.
        ClaspSSLSession c2 = session(ctx, 0, "h", 3);
        ctx.put(c2); // evicts b (a lookup by peer does not change the order)
        assertNull(ctx.lookUp(b.getId()));
        ctx.setSessionCacheSize(1); // keeps only the most recently used: c2
        assertSame(c2, ctx.lookUpPeer("h", 3));
        assertNull(ctx.lookUp(c.getId()));
        assertEquals(1, ctx.size());
    }
}
