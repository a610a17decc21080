package dev.clasp.message.ext;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.CodecSupport;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 7301 3.1 {@code application_layer_protocol_negotiation}: the client's protocol list, or the one protocol the
 * server selected. Names are bytes on the wire; they are held as ISO-8859-1 strings so that every byte value
 * round-trips (the JSSE API does the same).
 */
public record AlpnExtension(List<String> protocols) implements Extension {

    public AlpnExtension {
        protocols = List.copyOf(protocols);
        CodecSupport.require(!protocols.isEmpty(), "ALPN protocol list must not be empty");
        for (String p : protocols) {
            // RFC 7301 3.1: ProtocolName opaque<1..2^8-1>, one byte per ISO-8859-1 char
            CodecSupport.require(!p.isEmpty() && p.length() <= 0xFF, "ALPN protocol name length " + p.length());
            for (int i = 0; i < p.length(); i++) {
                CodecSupport.require(p.charAt(i) <= 0xFF, "ALPN protocol name not ISO-8859-1: " + p);
            }
        }
    }

    /** Convenience factory. */
    public static AlpnExtension of(String... protocols) {
        return new AlpnExtension(List.of(protocols));
    }

    @Override
    public int type() {
        return ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION.code();
    }

    @Override
    public void encodeData(TlsWriter w) {
        w.vector16(list -> {
            for (String p : protocols) {
                list.opaque8(p.getBytes(StandardCharsets.ISO_8859_1));
            }
        });
    }

    /**
     * Decodes {@code extension_data}: RFC 7301 3.1 {@code ProtocolName protocol_name_list<2..2^16-1>} of
     * {@code opaque ProtocolName<1..2^8-1>}. In a ServerHello the list must name exactly one protocol.
     */
    public static AlpnExtension decode(TlsReader data, HandshakeType message) throws TlsAlertException {
        TlsReader list = data.vector16("protocol_name_list");
        data.expectEnd("application_layer_protocol_negotiation");
        if (!list.hasRemaining()) {
            throw TlsAlertException.decodeError("protocol_name_list: empty");
        }
        List<String> protocols = new ArrayList<>();
        while (list.hasRemaining()) {
            byte[] name = list.opaque8("protocol_name");
            if (name.length == 0) {
                throw TlsAlertException.decodeError("protocol_name_list: empty protocol name");
            }
            protocols.add(new String(name, StandardCharsets.ISO_8859_1));
        }
        list.expectEnd("protocol_name_list");
        if (message == HandshakeType.SERVER_HELLO && protocols.size() != 1) {
            // RFC 7301 3.1: the server's ProtocolNameList "MUST contain exactly one "ProtocolName"".
            throw TlsAlertException.illegalParameter("ServerHello ALPN names " + protocols.size() + " protocols");
        }
        return new AlpnExtension(protocols);
    }
}
