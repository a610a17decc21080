package dev.clasp.handshake;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.config.TlsConfig;
import dev.clasp.message.ext.AlpnExtension;
import java.util.List;

/** Server side of RFC 7301 3.2: choose one of the client's protocols. */
final class Alpn {
    private Alpn() {
    }

    /** The protocol to put in ServerHello, or null for none. */
    static String select(AlpnExtension offered, TlsConfig config) throws TlsAlertException {
        if (offered == null) {
            return null;
        }
        List<String> client = offered.protocols();
        if (config.alpnSelector() != null) {
            String chosen;
            try {
                chosen = config.alpnSelector().apply(client);
            } catch (RuntimeException e) {
                throw new TlsAlertException(AlertDescription.NO_APPLICATION_PROTOCOL,
                        "the application's ALPN selector failed: " + e, e);
            }
            if (chosen != null && chosen.isEmpty()) {
                return null;
            }
            if (chosen == null || !client.contains(chosen)) {
                throw new TlsAlertException(AlertDescription.NO_APPLICATION_PROTOCOL,
                        "the application's ALPN selector chose " + chosen + " from the client's " + client);
            }
            return chosen;
        }
        if (config.applicationProtocols().isEmpty()) {
            return null;
        }
        for (String p : config.applicationProtocols()) {
            if (client.contains(p)) {
                return p;
            }
        }
        throw new TlsAlertException(AlertDescription.NO_APPLICATION_PROTOCOL, "no application protocol in common: "
                + "client offered " + client + ", server supports " + config.applicationProtocols()
                + " (RFC 7301 3.2); next step: add a common protocol to SSLParameters.setApplicationProtocols "
                + "on either side");
    }
}
