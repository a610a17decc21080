package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.ext.Extension;
import dev.clasp.message.ext.ExtensionRegistry;
import dev.clasp.message.ext.Extensions;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * RFC 5246 7.4.1.2 ClientHello. {@code extensions} is empty when the block is absent (and an empty list is encoded
 * by omitting the block). Byte arrays must not be mutated.
 *
 * @param legacyVersion      {@code client_version}, kept as sent (version choice is the handshake's business)
 * @param random             32 bytes
 * @param sessionId          0..32 bytes
 * @param cipherSuites       non-empty list of u16 suite ids, including SCSVs and unknown values
 * @param compressionMethods non-empty, contains null(0)
 * @param extensions         in wire order; unknown ones kept as {@code UnknownExtension}
 */
public record ClientHello(int legacyVersion, byte[] random, byte[] sessionId, List<Integer> cipherSuites,
        byte[] compressionMethods, List<Extension> extensions) implements HandshakeMessage {

    public ClientHello {
        CodecSupport.requireRange(legacyVersion, 0xFFFF, "client_version");
        CodecSupport.require(Objects.requireNonNull(random, "random").length == HelloSupport.RANDOM_LENGTH,
                "random must be 32 bytes");
        CodecSupport.requireBytes(sessionId, HelloSupport.MAX_SESSION_ID, false, "session_id");
        cipherSuites = CodecSupport.u16List(cipherSuites, "cipher_suites", true);
        CodecSupport.requireBytes(compressionMethods, 0xFF, true, "compression_methods");
        CodecSupport.require(HelloSupport.containsNullCompression(compressionMethods),
                "compression_methods must contain null(0)");
        extensions = HelloSupport.checkExtensions(extensions);
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CLIENT_HELLO;
    }

    /** The decoded extension of class {@code type}, or {@code null}. */
    public <T extends Extension> T extension(Class<T> type) {
        return Extensions.find(extensions, type);
    }

    /** Whether the hello carries an extension of wire type {@code extensionType}, decoded or unknown. */
    public boolean hasExtension(int extensionType) {
        return Extensions.has(extensions, extensionType);
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u16(legacyVersion);
        w.bytes(random);
        w.opaque8(sessionId);
        CodecSupport.writeU16List(w, cipherSuites);
        w.opaque8(compressionMethods);
        if (!extensions.isEmpty()) {
            ExtensionRegistry.encode(w, extensions);
        }
    }

    public static ClientHello decode(TlsReader body) throws TlsAlertException {
        int version = body.u16("client_version");
        byte[] random = body.bytes(HelloSupport.RANDOM_LENGTH, "random");
        byte[] sessionId = HelloSupport.readSessionId(body);
        // RFC 5246 7.4.1.2: CipherSuite cipher_suites<2..2^16-2>
        List<Integer> suites = CodecSupport.readU16List(body.vector16("cipher_suites"), "cipher_suites");
        // RFC 5246 7.4.1.2: CompressionMethod compression_methods<1..2^8-1>
        byte[] compression = body.opaque8("compression_methods");
        if (compression.length == 0) {
            throw TlsAlertException.decodeError("compression_methods: empty");
        }
        if (!HelloSupport.containsNullCompression(compression)) {
            // RFC 5246 7.4.1.2: "this vector MUST contain, and all implementations MUST support,
            // CompressionMethod.null"
            throw TlsAlertException.illegalParameter("compression_methods without null(0)");
        }
        List<Extension> extensions = HelloSupport.readExtensions(body, HandshakeType.CLIENT_HELLO);
        body.expectEnd("ClientHello");
        return new ClientHello(version, random, sessionId, suites, compression, extensions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientHello c && c.legacyVersion == legacyVersion && Arrays.equals(c.random, random)
                && Arrays.equals(c.sessionId, sessionId) && c.cipherSuites.equals(cipherSuites)
                && Arrays.equals(c.compressionMethods, compressionMethods) && c.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        int h = legacyVersion;
        h = 31 * h + Arrays.hashCode(random);
        h = 31 * h + Arrays.hashCode(sessionId);
        h = 31 * h + cipherSuites.hashCode();
        h = 31 * h + Arrays.hashCode(compressionMethods);
        return 31 * h + extensions.hashCode();
    }

    @Override
    public String toString() {
        return "ClientHello[legacyVersion=" + CodecSupport.hex16(legacyVersion)
                + ", random=" + CodecSupport.describe(random)
                + ", sessionId=" + CodecSupport.describe(sessionId)
                + ", cipherSuites=" + cipherSuites.size() + " suites"
                + ", compressionMethods=" + CodecSupport.describe(compressionMethods)
                + ", extensions=" + extensions + "]";
    }
}
