package dev.clasp.handshake;

import dev.clasp.config.TlsConfig;
import dev.clasp.message.ClientHello;
import dev.clasp.message.ext.AlpnExtension;
import dev.clasp.message.ext.EcPointFormatsExtension;
import dev.clasp.message.ext.ExtendedMasterSecretExtension;
import dev.clasp.message.ext.Extension;
import dev.clasp.message.ext.ServerName;
import dev.clasp.message.ext.ServerNameExtension;
import dev.clasp.message.ext.SessionTicketExtension;
import dev.clasp.message.ext.SignatureAlgorithmsExtension;
import dev.clasp.message.ext.SupportedGroupsExtension;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.KeyExchange;
import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.ProtocolVersion;
import dev.clasp.suite.SignatureScheme;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIServerName;

/** Builds the ClientHello from local policy. */
final class Hellos {
    static final byte[] NULL_COMPRESSION = {0};
    static final byte[] UNCOMPRESSED_POINTS = {0};

    private Hellos() {
    }

    /** {@code ticket}: the session_ticket extension's content (RFC 5077 3.2; empty asks for one), null for none. */
    static ClientHello clientHello(HandshakeContext ctx, byte[] sessionId, byte[] ticket) {
        return clientHello(ctx, sessionId, ticket, null);
    }

    /** {@code offered}: the session offered for resumption (its max_fragment_length is asked for again), or null. */
    static ClientHello clientHello(HandshakeContext ctx, byte[] sessionId, byte[] ticket, SessionState offered) {
        TlsConfig c = ctx.config();
        byte[] random = new byte[32];
        c.random().nextBytes(random);
        List<Integer> suites = new ArrayList<>();
        for (CipherSuite s : c.cipherSuites()) {
            suites.add(s.id());
        }
        List<Extension> ext = new ArrayList<>();
        if (!c.serverNames().isEmpty()) {
            List<ServerName> names = new ArrayList<>();
            for (SNIServerName n : c.serverNames()) {
                names.add(new ServerName(n.getType(), n.getEncoded()));
            }
            ext.add(new ServerNameExtension(names));
        }
        // RFC 7919 3: FFDHE groups are offered only with a DHE suite (as SunJSSE does), so a client without
        // one does not tell the server it would accept DHE.
        boolean dhe = false;
        for (CipherSuite s : c.cipherSuites()) {
            dhe |= s.keyExchange().agreement() == KeyExchange.Agreement.DHE;
        }
        List<Integer> groups = new ArrayList<>();
        for (NamedGroup g : c.namedGroups()) {
            if (g.kind().isElliptic() || dhe) {
                groups.add(g.id());
            }
        }
        ext.add(new SupportedGroupsExtension(groups));
        ext.add(new EcPointFormatsExtension(UNCOMPRESSED_POINTS));
        List<Integer> schemes = new ArrayList<>();
        for (SignatureScheme s : c.signatureSchemes()) {
            schemes.add(s.id());
        }
        ext.add(new SignatureAlgorithmsExtension(schemes));
        if (!c.applicationProtocols().isEmpty()) {
            ext.add(new AlpnExtension(c.applicationProtocols()));
        }
        if (c.useExtendedMasterSecret()) {
            ext.add(new ExtendedMasterSecretExtension());
        }
        if (EncryptThenMac.offer(c)) {
            ext.add(EncryptThenMac.extension()); // RFC 7366 2: whenever a CBC suite is offered
        }
        if (ticket != null) {
            ext.add(new SessionTicketExtension(ticket));
        }
        ext.addAll(RecordSizeNegotiation.offer(c, offered)); // RFC 6066 4, RFC 8449 4
        // RFC 5746 3.4: an initial handshake signals secure renegotiation with an empty renegotiation_info;
        // 3.5: a renegotiation carries the client's previous verify_data.
        ext.add(RenegotiationInfoNegotiation.clientHello(ctx.prior()));
        return new ClientHello(ProtocolVersion.TLS12.wire(), random, sessionId, suites, NULL_COMPRESSION, ext);
    }

    static boolean containsUncompressed(byte[] formats) {
        for (byte f : formats) {
            if (f == 0) {
                return true;
            }
        }
        return false;
    }
}
