package dev.clasp.message.ext;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one table of extensions Clasp decodes: wire type → (codec, hellos that may carry it). Everything else, and a
 * known type in a hello not listed for it, is kept as {@link UnknownExtension}; whether that is acceptable (a server
 * ignores it, a client rejects an unsolicited one) is the handshake's decision, not the codec's.
 */
public final class ExtensionRegistry {

    /** Decodes one extension's {@code extension_data}, which it must consume exactly. */
    @FunctionalInterface
    private interface Decoder {
        Extension decode(TlsReader data, HandshakeType message) throws TlsAlertException;
    }

    private record Entry(Decoder decoder, Set<HandshakeType> allowedIn) {
    }

    private static final Set<HandshakeType> BOTH_HELLOS =
            EnumSet.of(HandshakeType.CLIENT_HELLO, HandshakeType.SERVER_HELLO);
    private static final Set<HandshakeType> CLIENT_HELLO = EnumSet.of(HandshakeType.CLIENT_HELLO);

    /*
     * status_request (RFC 6066 8) is allowed in both hellos but not decoded yet: it stays an UnknownExtension.
     * supported_versions is TLS 1.3 machinery; a TLS 1.2 stack keeps it unknown.
     */
    private static final Map<Integer, Entry> TABLE = Map.ofEntries(
            entry(ExtensionType.SERVER_NAME, ServerNameExtension::decode, BOTH_HELLOS),
            entry(ExtensionType.SUPPORTED_GROUPS, (r, m) -> SupportedGroupsExtension.decode(r), CLIENT_HELLO),
            entry(ExtensionType.EC_POINT_FORMATS, (r, m) -> EcPointFormatsExtension.decode(r), BOTH_HELLOS),
            entry(ExtensionType.SIGNATURE_ALGORITHMS, (r, m) -> SignatureAlgorithmsExtension.decode(r), CLIENT_HELLO),
            entry(ExtensionType.SIGNATURE_ALGORITHMS_CERT, (r, m) -> SignatureAlgorithmsCertExtension.decode(r),
                    CLIENT_HELLO),
            entry(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION, AlpnExtension::decode, BOTH_HELLOS),
            entry(ExtensionType.EXTENDED_MASTER_SECRET, (r, m) -> ExtendedMasterSecretExtension.decode(r), BOTH_HELLOS),
            entry(ExtensionType.RENEGOTIATION_INFO, (r, m) -> RenegotiationInfoExtension.decode(r), BOTH_HELLOS),
            entry(ExtensionType.ENCRYPT_THEN_MAC, (r, m) -> EncryptThenMacExtension.decode(r), BOTH_HELLOS),
            entry(ExtensionType.SESSION_TICKET, SessionTicketExtension::decode, BOTH_HELLOS),
            entry(ExtensionType.MAX_FRAGMENT_LENGTH, (r, m) -> MaxFragmentLengthExtension.decode(r), BOTH_HELLOS),
            entry(ExtensionType.RECORD_SIZE_LIMIT, (r, m) -> RecordSizeLimitExtension.decode(r), BOTH_HELLOS));

    private ExtensionRegistry() {
    }

    private static Map.Entry<Integer, Entry> entry(ExtensionType type, Decoder decoder, Set<HandshakeType> allowedIn) {
        return Map.entry(type.code(), new Entry(decoder, Set.copyOf(allowedIn)));
    }

    /** Whether the registry decodes {@code extensionType} when it arrives in {@code message}. */
    public static boolean decodes(int extensionType, HandshakeType message) {
        Entry e = TABLE.get(extensionType);
        return e != null && e.allowedIn().contains(message);
    }

    /**
     * Reads the contents of an {@code extensions} vector16 (the caller took the vector and passes its sub-reader)
     * and returns the extensions in wire order. Consumes {@code extensions} exactly.
     */
    public static List<Extension> decode(TlsReader extensions, HandshakeType message) throws TlsAlertException {
        List<Extension> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        while (extensions.hasRemaining()) {
            int type = extensions.u16("extension_type");
            TlsReader data = extensions.vector16("extension_data of " + ExtensionType.nameOf(type));
            if (!seen.add(type)) {
                // RFC 5246 7.4.1.4: "There MUST NOT be more than one extension of the same type."
                throw TlsAlertException.illegalParameter(
                        message + ": duplicate extension " + ExtensionType.nameOf(type));
            }
            Entry entry = TABLE.get(type);
            Extension ext;
            if (entry != null && entry.allowedIn().contains(message)) {
                ext = entry.decoder().decode(data, message);
                data.expectEnd(ExtensionType.nameOf(type));
            } else {
                ext = new UnknownExtension(type, data.rest());
            }
            out.add(ext);
        }
        extensions.expectEnd("extensions");
        return List.copyOf(out);
    }

    /** Writes {@code extensions} as the {@code extensions} vector16: (u16 type, opaque16 data) each, in order. */
    public static void encode(TlsWriter w, List<Extension> extensions) {
        w.vector16(list -> {
            for (Extension e : extensions) {
                list.u16(e.type());
                list.vector16(e::encodeData);
            }
        });
    }
}
