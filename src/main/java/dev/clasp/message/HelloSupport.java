package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.ext.Extension;
import dev.clasp.message.ext.ExtensionRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Codec pieces ClientHello and ServerHello share (RFC 5246 7.4.1.2, 7.4.1.3). */
final class HelloSupport {
    static final int RANDOM_LENGTH = 32;
    static final int MAX_SESSION_ID = 32;

    private HelloSupport() {
    }

    /** RFC 5246 7.4.1.2: {@code opaque SessionID<0..32>}; a longer one is a decode_error. */
    static byte[] readSessionId(TlsReader body) throws TlsAlertException {
        byte[] sessionId = body.opaque8("session_id");
        if (sessionId.length > MAX_SESSION_ID) {
            throw TlsAlertException.decodeError("session_id of " + sessionId.length + " bytes");
        }
        return sessionId;
    }

    /**
     * RFC 5246 7.4.1.2/7.4.1.3: the extensions block is optional; no bytes left after the fixed fields means none.
     * If present it is {@code Extension extensions<0..2^16-1>}.
     */
    static List<Extension> readExtensions(TlsReader body, HandshakeType message) throws TlsAlertException {
        if (!body.hasRemaining()) {
            return List.of();
        }
        return ExtensionRegistry.decode(body.vector16("extensions"), message);
    }

    static boolean containsNullCompression(byte[] methods) {
        for (byte m : methods) {
            if (m == 0) {
                return true;
            }
        }
        return false;
    }

    /** Immutable copy; rejects duplicate types, which the wire forbids (RFC 5246 7.4.1.4). */
    static List<Extension> checkExtensions(List<Extension> extensions) {
        List<Extension> copy = List.copyOf(extensions);
        Set<Integer> seen = new HashSet<>();
        for (Extension e : copy) {
            CodecSupport.require(seen.add(e.type()), "duplicate extension type " + e.type());
        }
        return copy;
    }
}
