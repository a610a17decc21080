package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.ext.Extension;
import dev.clasp.message.ext.ExtensionRegistry;
import dev.clasp.message.ext.Extensions;
import dev.clasp.suite.CipherSuite;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * RFC 5246 7.4.1.3 ServerHello. Version, suite and compression are kept as sent: whether they are acceptable is the
 * client state's check. {@code extensions} is empty when the block is absent. Byte arrays must not be mutated.
 *
 * @param version           {@code server_version}
 * @param random            32 bytes
 * @param sessionId         0..32 bytes
 * @param cipherSuite       u16 suite id
 * @param compressionMethod u8
 * @param extensions        in wire order; unknown ones (and known ones not allowed here) as {@code UnknownExtension}
 */
public record ServerHello(int version, byte[] random, byte[] sessionId, int cipherSuite, int compressionMethod,
        List<Extension> extensions) implements HandshakeMessage {

    public ServerHello {
        CodecSupport.requireRange(version, 0xFFFF, "server_version");
        CodecSupport.require(Objects.requireNonNull(random, "random").length == HelloSupport.RANDOM_LENGTH,
                "random must be 32 bytes");
        CodecSupport.requireBytes(sessionId, HelloSupport.MAX_SESSION_ID, false, "session_id");
        CodecSupport.requireRange(cipherSuite, 0xFFFF, "cipher_suite");
        CodecSupport.requireRange(compressionMethod, 0xFF, "compression_method");
        extensions = HelloSupport.checkExtensions(extensions);
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.SERVER_HELLO;
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
        w.u16(version);
        w.bytes(random);
        w.opaque8(sessionId);
        w.u16(cipherSuite);
        w.u8(compressionMethod);
        if (!extensions.isEmpty()) {
            ExtensionRegistry.encode(w, extensions);
        }
    }

    public static ServerHello decode(TlsReader body) throws TlsAlertException {
        int version = body.u16("server_version");
        byte[] random = body.bytes(HelloSupport.RANDOM_LENGTH, "random");
        byte[] sessionId = HelloSupport.readSessionId(body);
        int suite = body.u16("cipher_suite");
        int compression = body.u8("compression_method");
        List<Extension> extensions = HelloSupport.readExtensions(body, HandshakeType.SERVER_HELLO);
        body.expectEnd("ServerHello");
        return new ServerHello(version, random, sessionId, suite, compression, extensions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerHello s && s.version == version && Arrays.equals(s.random, random)
                && Arrays.equals(s.sessionId, sessionId) && s.cipherSuite == cipherSuite
                && s.compressionMethod == compressionMethod && s.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        int h = version;
        h = 31 * h + Arrays.hashCode(random);
        h = 31 * h + Arrays.hashCode(sessionId);
        h = 31 * h + cipherSuite;
        h = 31 * h + compressionMethod;
        return 31 * h + extensions.hashCode();
    }

    @Override
    public String toString() {
        return "ServerHello[version=" + CodecSupport.hex16(version) + ", random=" + CodecSupport.describe(random)
                + ", sessionId=" + CodecSupport.describe(sessionId) + ", cipherSuite=" + CipherSuite.nameOf(cipherSuite)
                + ", compressionMethod=" + compressionMethod + ", extensions=" + extensions + "]";
    }
}
