package dev.clasp.handshake;

/** Established sessions a handshake may resume (RFC 5246 7.3). Implemented by the engine over its session contexts. */
public interface SessionCache {
    /** Server side: the valid, unexpired session with this id, or null. */
    SessionState find(byte[] sessionId);

    /** Client side: the newest valid, unexpired session with this peer, or null. */
    SessionState findForPeer(String host, int port);

    /** No resumption. */
    SessionCache NONE = new SessionCache() {
        @Override
        public SessionState find(byte[] sessionId) {
            return null;
        }

        @Override
        public SessionState findForPeer(String host, int port) {
            return null;
        }
    };
}
