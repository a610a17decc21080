package dev.clasp.engine;

import dev.clasp.handshake.TicketSealer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * A cache of established sessions by id, bounded in size (least recently used first out) and in age, as
 * SunJSSE's (defaults: 20480 sessions, 86400 s).
 */
public final class ClaspSessionContext implements SSLSessionContext {
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<Key, ClaspSSLSession> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private volatile int cacheSize = 20480;
    private volatile int timeoutSeconds = 86400;
    /** How often, at most, a put sweeps the whole cache for expired sessions. */
    static final long SWEEP_INTERVAL_MILLIS = 1000;
    /** When the last full sweep ran (guarded by lock). */
    private long lastSweep = System.currentTimeMillis();

    private record Key(byte[] id) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Arrays.equals(id, k.id);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(id);
        }
    }

    /** Client side: the newest session per peer "host:port", for resumption (SunJSSE keys its cache so too). */
    private final Map<String, ClaspSSLSession> byPeer = new HashMap<>();

    /**
     * Server side: ids of sessions invalidated while tickets for them may still be presented, with the time of
     * invalidation; bounded like the cache. A ticket is self-contained, so this is how invalidate() reaches it.
     */
    private final LinkedHashMap<Key, Long> invalidated = new LinkedHashMap<>();

    /** RFC 5077 tickets: the sealer (server), or null when off; whether clients offer them. */
    private volatile TicketSealer ticketSealer;
    private volatile boolean ticketsEnabled = true;

    /**
     * Set when the owning SSLContext is initialised (system properties are read then, ENGINEERING 2.8): whether
     * tickets are used in this role, and for a server the randomness its ticket keys come from. Ticket keys
     * rotate every {@code rotationSeconds}; the previous key still opens tickets for one more period.
     */
    public void configureTickets(boolean enabled, boolean server, SecureRandom random, long rotationSeconds) {
        ticketsEnabled = enabled;
        if (server && enabled && ticketSealer == null) {
            ticketSealer = new TicketSealer(random, System::currentTimeMillis, rotationSeconds * 1000L,
                    () -> timeoutSeconds);
        } else if (!enabled) {
            ticketSealer = null;
        }
    }

    TicketSealer ticketSealer() {
        return ticketSealer;
    }

    boolean ticketsEnabled() {
        return ticketsEnabled;
    }

    boolean isInvalidated(byte[] id) {
        if (id.length == 0) {
            return false;
        }
        lock.lock();
        try {
            return invalidated.containsKey(new Key(id));
        } finally {
            lock.unlock();
        }
    }

    void put(ClaspSSLSession session) {
        // The session's own array, not a copy: nothing writes into a session id once it is set (getId and getIds
        // hand out copies), so the key and the session share it.
        byte[] id = session.state().sessionId;
        if (id.length == 0) {
            return;
        }
        lock.lock();
        try {
            sessions.put(new Key(id), session);
            if (session.getPeerHost() != null && session.getPeerPort() >= 0) {
                byPeer.put(peerKey(session.getPeerHost(), session.getPeerPort()), session);
            }
            // O(1) per handshake: a full sweep for expired sessions is O(cache size) (20480 by default), so the
            // put path runs one at most once per SWEEP_INTERVAL_MILLIS; lookups never return an expired session.
            long now = System.currentTimeMillis();
            if (now - lastSweep >= SWEEP_INTERVAL_MILLIS || now < lastSweep) {
                removeExpired(now);
            }
            evictOverSize();
        } finally {
            lock.unlock();
        }
    }

    void remove(byte[] id) {
        lock.lock();
        try {
            if (ticketSealer != null && id.length > 0) {
                long now = System.currentTimeMillis();
                invalidated.put(new Key(id.clone()), now);
                int t = timeoutSeconds;
                Iterator<Long> at = invalidated.values().iterator();
                while (at.hasNext()) {
                    long when = at.next();
                    if ((t > 0 && now - when > t * 1000L) || invalidated.size() > Math.max(cacheSize, 1024)) {
                        at.remove();
                    } else {
                        break;
                    }
                }
            }
            ClaspSSLSession s = sessions.remove(new Key(id));
            if (s != null) {
                unlinkPeer(s);
            }
        } finally {
            lock.unlock();
        }
    }

    private static String peerKey(String host, int port) {
        return host.toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }

    /** The live session object with this id (valid and unexpired), or null. */
    ClaspSSLSession lookUp(byte[] id) {
        return (ClaspSSLSession) getSession(id);
    }

    /** The newest valid, unexpired session with this peer, or null. */
    ClaspSSLSession lookUpPeer(String host, int port) {
        lock.lock();
        try {
            ClaspSSLSession s = byPeer.get(peerKey(host, port));
            if (s == null) {
                return null;
            }
            if (!s.isValid() || expired(s, System.currentTimeMillis()) || !sessions.containsKey(new Key(s.getId()))) {
                byPeer.remove(peerKey(host, port));
                if (expired(s, System.currentTimeMillis())) {
                    sessions.remove(new Key(s.getId()));
                    s.state().destroyMasterSecret();
                }
                return null;
            }
            return s;
        } finally {
            lock.unlock();
        }
    }

    /** Drops expired and invalidated sessions, then the least recently used ones beyond the size bound. */
    private void trim() {
        removeExpired(System.currentTimeMillis());
        evictOverSize();
    }

    private void removeExpired(long now) {
        lastSweep = now;
        Iterator<ClaspSSLSession> it = sessions.values().iterator();
        while (it.hasNext()) {
            ClaspSSLSession s = it.next();
            if (expired(s, now) || !s.isValid()) {
                it.remove();
                unlinkPeer(s);
                s.state().destroyMasterSecret();
            }
        }
    }

    private void evictOverSize() {
        int max = cacheSize;
        if (max > 0 && sessions.size() > max) {
            Iterator<ClaspSSLSession> it = sessions.values().iterator(); // access order: least recent first
            while (sessions.size() > max && it.hasNext()) {
                ClaspSSLSession evicted = it.next();
                it.remove();
                unlinkPeer(evicted);
                evicted.state().destroyMasterSecret(); // out of the cache: never resumed again
            }
        }
    }

    /** Forgets {@code s} as its peer's newest session, if it still is (a newer one may have replaced it). */
    private void unlinkPeer(ClaspSSLSession s) {
        String host = s.getPeerHost();
        if (host != null && s.getPeerPort() >= 0) {
            byPeer.remove(peerKey(host, s.getPeerPort()), s);
        }
    }

    private boolean expired(ClaspSSLSession s, long now) {
        int t = timeoutSeconds;
        return t > 0 && now - s.getCreationTime() > t * 1000L;
    }

    @Override
    public SSLSession getSession(byte[] sessionId) {
        if (sessionId == null) {
            throw new NullPointerException("sessionId");
        }
        lock.lock();
        try {
            ClaspSSLSession s = sessions.get(new Key(sessionId));
            if (s != null && (expired(s, System.currentTimeMillis()) || !s.isValid())) {
                sessions.remove(new Key(sessionId));
                unlinkPeer(s);
                s.state().destroyMasterSecret();
                return null;
            }
            return s;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Enumeration<byte[]> getIds() {
        lock.lock();
        try {
            trim();
            List<byte[]> ids = new ArrayList<>();
            for (Key k : sessions.keySet()) {
                ids.add(k.id().clone());
            }
            return Collections.enumeration(ids);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setSessionTimeout(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("negative timeout");
        }
        timeoutSeconds = seconds;
        lock.lock();
        try {
            trim();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int getSessionTimeout() {
        return timeoutSeconds;
    }

    @Override
    public void setSessionCacheSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative cache size");
        }
        cacheSize = size;
        lock.lock();
        try {
            trim();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int getSessionCacheSize() {
        return cacheSize;
    }

    int size() {
        lock.lock();
        try {
            return sessions.size();
        } finally {
            lock.unlock();
        }
    }

    Map<?, ?> snapshotForTest() {
        lock.lock();
        try {
            return Map.copyOf(sessions);
        } finally {
            lock.unlock();
        }
    }
}
