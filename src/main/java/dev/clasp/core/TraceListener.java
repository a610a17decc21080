package dev.clasp.core;

import dev.clasp.alert.AlertDescription;
import dev.clasp.handshake.SessionState;
import dev.clasp.message.HandshakeMessage;
import dev.clasp.message.HandshakeType;
import dev.clasp.record.ContentType;

/**
 * What one {@link Connection} did, reported as it happens, for traces and JFR events (ENGINEERING 3: no logging
 * in record/crypto; the connection reports, the engine decides what to print). Called at the message
 * encode/decode boundary in {@code Connection}, so every handshake state is covered without touching the states.
 *
 * <p>Implementations run on the connection's thread under the engine lock, must be cheap, must not throw, and are
 * never given secrets: handshake messages are passed as encoded/received (their describers print no secret
 * values), and no key, premaster or master secret goes through here. Every method has an empty default, so
 * {@link #NONE} costs one virtual call per event.
 */
public interface TraceListener {
    /** The handshake is starting (the first wrap, unwrap or beginHandshake). */
    default void handshakeStarted() {
    }

    /** A handshake message this side sent. */
    default void sent(HandshakeMessage message) {
    }

    /** A complete handshake message received: its type and body (not yet decoded by the state machine). */
    default void received(HandshakeType type, byte[] body) {
    }

    /** A ChangeCipherSpec sent ({@code sent}) or received. */
    default void changeCipherSpec(boolean sent) {
    }

    /** An alert sent or received (level and description as on the wire). */
    default void alert(boolean sent, int level, int description) {
    }

    /** A record header: type, version and length of the record's fragment, sent or received. */
    default void record(boolean sent, ContentType type, int version, int length) {
    }

    /** The handshake completed (Finished verified both ways); {@code session} holds what was negotiated. */
    default void handshakeCompleted(SessionState session) {
    }

    /**
     * The handshake failed: {@code alert} is the fatal alert sent ({@code sent}) or received, {@code detail} our
     * own description of the fault (null for a received alert).
     */
    default void handshakeFailed(AlertDescription alert, int alertCode, boolean sent, String detail) {
    }

    /** Does nothing. */
    TraceListener NONE = new TraceListener() { };
}
