package dev.clasp.handshake;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.config.TlsConfig;
import dev.clasp.message.ext.ServerName;
import dev.clasp.message.ext.ServerNameExtension;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;

/** Server side of RFC 6066 3 (server_name): record what was asked for and apply the SNIMatchers. */
final class ServerNames {
    private ServerNames() {
    }

    /** Returns whether the server acknowledges the extension with an empty server_name in ServerHello. */
    static boolean accept(ServerNameExtension sni, TlsConfig config, SessionState session) throws TlsAlertException {
        if (sni == null) {
            session.requestedServerNames = List.of();
            return false;
        }
        List<SNIServerName> names = new ArrayList<>();
        for (ServerName n : sni.names()) {
            names.add(toJsse(n));
        }
        session.requestedServerNames = List.copyOf(names);
        boolean matched = false;
        for (SNIServerName name : names) {
            for (SNIMatcher matcher : config.sniMatchers()) {
                if (matcher.getType() == name.getType()) {
                    if (!matcher.matches(name)) {
                        throw new TlsAlertException(AlertDescription.UNRECOGNIZED_NAME,
                                "requested server name " + name + " is not accepted by the server's SNIMatcher");
                    }
                    matched = true;
                }
            }
        }
        return matched || config.sniMatchers().isEmpty();
    }

    static SNIServerName toJsse(ServerName n) throws TlsAlertException {
        if (n.nameType() == 0) {
            try {
                return new SNIHostName(n.name());
            } catch (IllegalArgumentException e) {
                throw TlsAlertException.illegalParameter("server_name host_name is not a valid host name: "
                        + e.getMessage());
            }
        }
        return new RawServerName(n.nameType(), n.name());
    }

    /** A name type JSSE has no class for. */
    static final class RawServerName extends SNIServerName {
        RawServerName(int type, byte[] encoded) {
            super(type, encoded);
        }
    }
}
