package dev.clasp.message.ext;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.CodecSupport;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6066 3 {@code server_name}. In a ClientHello it carries a non-empty {@code ServerNameList}; in a ServerHello
 * the {@code extension_data} is empty (the server acknowledges it used the name) and {@code names} is empty.
 */
public record ServerNameExtension(List<ServerName> names) implements Extension {

    public ServerNameExtension {
        names = List.copyOf(names);
        CodecSupport.require(distinctTypes(names), "two server names of the same name_type");
    }

    /** The ServerHello acknowledgement: empty {@code extension_data}. */
    public static ServerNameExtension acknowledgement() {
        return new ServerNameExtension(List.of());
    }

    /** A ClientHello extension naming one host. */
    public static ServerNameExtension ofHostName(String host) {
        return new ServerNameExtension(List.of(ServerName.hostName(host)));
    }

    @Override
    public int type() {
        return ExtensionType.SERVER_NAME.code();
    }

    /** The {@code host_name} entry as ASCII, or {@code null}. */
    public String hostName() {
        for (ServerName n : names) {
            if (n.isHostName()) {
                return n.asciiName();
            }
        }
        return null;
    }

    @Override
    public void encodeData(TlsWriter w) {
        if (names.isEmpty()) {
            return; // ServerHello form
        }
        w.vector16(list -> {
            for (ServerName n : names) {
                list.u8(n.nameType());
                list.opaque16(n.name());
            }
        });
    }

    /** Decodes {@code extension_data}; its form depends on the hello carrying it. */
    public static ServerNameExtension decode(TlsReader data, HandshakeType message) throws TlsAlertException {
        if (message != HandshakeType.CLIENT_HELLO) {
            // RFC 6066 3: "the "extension_data" field of this extension SHALL be empty" in the server's hello.
            data.expectEnd("server_name in " + message);
            return acknowledgement();
        }
        // RFC 6066 3: ServerNameList server_name_list<1..2^16-1>
        TlsReader list = data.vector16("server_name_list");
        data.expectEnd("server_name");
        if (!list.hasRemaining()) {
            throw TlsAlertException.decodeError("server_name_list: empty");
        }
        List<ServerName> names = new ArrayList<>(1);
        while (list.hasRemaining()) {
            int nameType = list.u8("server_name name_type");
            // RFC 6066 3: HostName opaque<1..2^16-1>. Unknown name types are read with the same layout, as every
            // deployed implementation does; the RFC defines no other type.
            byte[] name = list.opaque16("server_name name");
            if (name.length == 0) {
                throw TlsAlertException.decodeError("server_name: empty name of name_type " + nameType);
            }
            for (ServerName seen : names) {
                if (seen.nameType() == nameType) {
                    // RFC 6066 3: "The ServerNameList MUST NOT contain more than one name of the same name_type."
                    throw TlsAlertException.illegalParameter("server_name: two names of name_type " + nameType);
                }
            }
            names.add(new ServerName(nameType, name));
        }
        list.expectEnd("server_name_list");
        return new ServerNameExtension(List.copyOf(names));
    }

    private static boolean distinctTypes(List<ServerName> names) {
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                if (names.get(i).nameType() == names.get(j).nameType()) {
                    return false;
                }
            }
        }
        return true;
    }
}
