package dev.clasp.handshake;

import dev.clasp.message.HandshakeType;

/** What the core hands to the state machine: a complete handshake message, or a ChangeCipherSpec. */
public sealed interface HandshakeInput {

    /** A reassembled handshake message; {@code raw} is type || length || body, as hashed into the transcript. */
    record Message(HandshakeType type, byte[] body, byte[] raw) implements HandshakeInput {
        @Override
        public String toString() {
            return type + "(" + body.length + " bytes)";
        }
    }

    /** A ChangeCipherSpec record (RFC 5246 7.1). */
    record ChangeCipherSpec() implements HandshakeInput {
        @Override
        public String toString() {
            return "ChangeCipherSpec";
        }
    }

    /** Short name for error messages. */
    default String describe() {
        return this instanceof Message m ? m.type().name() : "ChangeCipherSpec";
    }
}
