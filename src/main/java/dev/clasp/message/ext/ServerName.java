package dev.clasp.message.ext;

import dev.clasp.message.CodecSupport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One entry of an RFC 6066 3 {@code ServerNameList}: {@code name_type} and the name bytes (for {@code host_name}
 * the ASCII host name, without a trailing dot). The array must not be mutated.
 */
public record ServerName(int nameType, byte[] name) {
    /** RFC 6066 3: {@code NameType host_name(0)}. */
    public static final int HOST_NAME = 0;

    public ServerName {
        CodecSupport.requireRange(nameType, 0xFF, "name_type");
        // RFC 6066 3: HostName opaque<1..2^16-1>
        CodecSupport.requireBytes(name, 0xFFFF, true, "server name");
    }

    /** A {@code host_name} entry; {@code host} must be ASCII (an A-label form for IDNs). */
    public static ServerName hostName(String host) {
        for (int i = 0; i < host.length(); i++) {
            CodecSupport.require(host.charAt(i) < 0x80, "host name must be ASCII: " + host);
        }
        return new ServerName(HOST_NAME, host.getBytes(StandardCharsets.US_ASCII));
    }

    public boolean isHostName() {
        return nameType == HOST_NAME;
    }

    /** The name as ASCII (non-ASCII bytes become U+FFFD). */
    public String asciiName() {
        return new String(name, StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerName s && s.nameType == nameType && Arrays.equals(s.name, name);
    }

    @Override
    public int hashCode() {
        return 31 * nameType + Arrays.hashCode(name);
    }

    @Override
    public String toString() {
        if (!isHostName()) {
            return "name_type(" + nameType + ")=" + CodecSupport.describe(name);
        }
        String host = asciiName();
        // DNS names are at most 253 characters; anything longer is printed in part
        return "host_name(" + (host.length() <= 253 ? host : host.substring(0, 64) + "…" + name.length + "B") + ")";
    }
}
