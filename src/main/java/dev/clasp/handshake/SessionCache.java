package dev.clasp.handshake;

import dev.clasp.suite.SignatureScheme;
import java.util.List;

/** Established sessions a handshake may resume (RFC 5246 7.3). Implemented by the engine over its session contexts. */
public interface SessionCache {
    /** Server side: the valid, unexpired session with this id, or null. */
    SessionState find(byte[] sessionId);

    /** Client side: the newest valid, unexpired session with this peer, or null. */
    SessionState findForPeer(String host, int port);

    /**
     * Server: seals and opens RFC 5077 session tickets, or null when tickets are off
     * ({@code jdk.tls.server.enableSessionTicketExtension=false}).
     */
    default TicketSealer ticketSealer() {
        return null;
    }

    /** Server: whether the session with this id was invalidated, so a ticket for it must not resume it. */
    default boolean isInvalidated(byte[] sessionId) {
        return false;
    }

    /** Client: whether to send the session_ticket extension ({@code jdk.tls.client.enableSessionTicketExtension}). */
    default boolean offerTickets() {
        return false;
    }

    /**
     * The instance of {@code schemes} (an immutable list) that the session is to keep: the engine shares equal lists
     * between the context's sessions (most peers send one of a few lists), so a cached session holds no copy.
     */
    default List<SignatureScheme> share(List<SignatureScheme> schemes) {
        return schemes;
    }

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
