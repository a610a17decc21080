package dev.clasp.message;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.ext.AlpnExtension;
import dev.clasp.message.ext.EcPointFormatsExtension;
import dev.clasp.message.ext.Extension;
import dev.clasp.message.ext.ExtensionType;
import dev.clasp.message.ext.RenegotiationInfoExtension;
import dev.clasp.message.ext.ServerNameExtension;
import dev.clasp.message.ext.SessionTicketExtension;
import dev.clasp.message.ext.SignatureAlgorithmsCertExtension;
import dev.clasp.message.ext.SignatureAlgorithmsExtension;
import dev.clasp.message.ext.SupportedGroupsExtension;
import dev.clasp.message.ext.UnknownExtension;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.KeyExchange;
import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.SignatureScheme;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.IntFunction;

/**
 * One-line summaries of handshake messages for traces (types, names, lengths; never secret values or ticket and
 * Finished contents), and a decoder that dispatches on the handshake type.
 */
public final class HandshakeMessages {
    private HandshakeMessages() {
    }

    /**
     * Decodes a body of the given type. ServerKeyExchange and ClientKeyExchange are read in their ECDHE form.
     * A type without a model here (or {@code null}, an unknown wire type) is
     * an UNEXPECTED_MESSAGE.
     */
    public static HandshakeMessage decode(HandshakeType type, TlsReader body) throws TlsAlertException {
        return decode(type, body, KeyExchange.Agreement.ECDHE);
    }

    /**
     * Decodes a body of the given type; the key exchange messages in the form {@code agreement} gives them
     * (RFC 5246 7.4.3, 7.4.7: their layout depends on the negotiated suite). Static RSA has no ServerKeyExchange.
     */
    public static HandshakeMessage decode(HandshakeType type, TlsReader body, KeyExchange.Agreement agreement)
            throws TlsAlertException {
        if (type == null) {
            throw TlsAlertException.unexpectedMessage("unknown handshake type");
        }
        return switch (type) {
            case HELLO_REQUEST -> HelloRequest.decode(body);
            case CLIENT_HELLO -> ClientHello.decode(body);
            case SERVER_HELLO -> ServerHello.decode(body);
            case NEW_SESSION_TICKET -> NewSessionTicket.decode(body);
            case CERTIFICATE -> CertificateMessage.decode(body);
            case SERVER_KEY_EXCHANGE -> switch (agreement) {
                case ECDHE -> ServerKeyExchangeEcdhe.decode(body);
                case DHE -> ServerKeyExchangeDhe.decode(body);
                case RSA -> throw TlsAlertException.unexpectedMessage("no ServerKeyExchange with RSA key exchange");
            };
            case CERTIFICATE_REQUEST -> CertificateRequest.decode(body);
            case SERVER_HELLO_DONE -> ServerHelloDone.decode(body);
            case CERTIFICATE_VERIFY -> CertificateVerify.decode(body);
            case CLIENT_KEY_EXCHANGE -> switch (agreement) {
                case ECDHE -> ClientKeyExchangeEcdhe.decode(body);
                case DHE -> ClientKeyExchangeDhe.decode(body);
                case RSA -> ClientKeyExchangeRsa.decode(body);
            };
            case FINISHED -> Finished.decode(body);
            case CERTIFICATE_STATUS -> throw TlsAlertException.unexpectedMessage("CertificateStatus is not supported");
        };
    }

    /** One line describing {@code m}. */
    public static String describe(HandshakeMessage m) {
        if (m instanceof ClientHello c) {
            return "ClientHello version=" + CodecSupport.hex16(c.legacyVersion())
                    + " random=" + prefix(c.random()) + " session_id=" + sessionId(c.sessionId())
                    + " suites=" + names(c.cipherSuites(), CipherSuite::nameOf)
                    + " compression=" + Arrays.toString(unsigned(c.compressionMethods()))
                    + " extensions=" + describe(c.extensions());
        }
        if (m instanceof ServerHello s) {
            return "ServerHello version=" + CodecSupport.hex16(s.version()) + " random=" + prefix(s.random())
                    + " session_id=" + sessionId(s.sessionId()) + " suite=" + CipherSuite.nameOf(s.cipherSuite()) + " compression=" + s.compressionMethod()
                    + " extensions=" + describe(s.extensions());
        }
        if (m instanceof CertificateMessage c) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            c.certificates().forEach(der -> j.add(der.length + "B"));
            return "Certificate " + c.certificates().size() + " certificate(s) " + j;
        }
        if (m instanceof ServerKeyExchangeEcdhe s) {
            return "ServerKeyExchange ECDHE group=" + groupName(s.namedGroup()) + " point=" + s.publicValue().length
                    + "B signature=" + SignatureScheme.nameOf(s.signatureScheme()) + " " + s.signature().length + "B";
        }
        if (m instanceof ServerKeyExchangeDhe s) {
            return "ServerKeyExchange DHE p=" + s.p().length + "B g=" + s.g().length + "B Ys=" + s.ys().length
                    + "B signature=" + SignatureScheme.nameOf(s.signatureScheme()) + " " + s.signature().length + "B";
        }
        if (m instanceof ServerKeyExchangeDhAnon s) {
            return "ServerKeyExchange DH_anon p=" + s.p().length + "B g=" + s.g().length + "B Ys=" + s.ys().length
                    + "B (unsigned)";
        }
        if (m instanceof ServerKeyExchangeEcdhAnon s) {
            return "ServerKeyExchange ECDH_anon group=" + groupName(s.namedGroup()) + " point=" + s.publicValue().length
                    + "B (unsigned)";
        }
        if (m instanceof ClientKeyExchangeDhe c) {
            return "ClientKeyExchange DHE Yc=" + c.publicValue().length + "B";
        }
        if (m instanceof ClientKeyExchangeRsa c) {
            return "ClientKeyExchange RSA encrypted premaster=" + c.encryptedPreMasterSecret().length + "B";
        }
        if (m instanceof CertificateRequest r) {
            return "CertificateRequest types=" + Arrays.toString(unsigned(r.certificateTypes()))
                    + " signature_algorithms=" + names(r.signatureSchemes(), SignatureScheme::nameOf)
                    + " certificate_authorities="
                    + r.certificateAuthorities().size();
        }
        if (m instanceof ClientKeyExchangeEcdhe c) {
            return "ClientKeyExchange ECDHE point=" + c.publicValue().length + "B";
        }
        if (m instanceof CertificateVerify v) {
            return "CertificateVerify signature=" + SignatureScheme.nameOf(v.signatureScheme()) + " "
                    + v.signature().length + "B";
        }
        if (m instanceof Finished f) {
            return "Finished verify_data=" + f.verifyData().length + "B";
        }
        if (m instanceof NewSessionTicket t) {
            return "NewSessionTicket lifetime_hint=" + t.lifetimeHint() + "s ticket=" + t.ticket().length + "B";
        }
        if (m instanceof ServerHelloDone) {
            return "ServerHelloDone";
        }
        if (m instanceof HelloRequest) {
            return "HelloRequest";
        }
        throw new IllegalStateException("unhandled message " + m.getClass().getName());
    }

    /** {@code [server_name(localhost), supported_groups[x25519, ...], ...]}. */
    public static String describe(List<Extension> extensions) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (Extension e : extensions) {
            j.add(describe(e));
        }
        return j.toString();
    }

    /** One extension: its name and a short form of its contents. */
    public static String describe(Extension e) {
        String name = ExtensionType.nameOf(e.type());
        if (e instanceof ServerNameExtension s) {
            return name + (s.names().isEmpty() ? "" : s.names().toString());
        }
        if (e instanceof SupportedGroupsExtension g) {
            return name + names(g.groups(), HandshakeMessages::groupName);
        }
        if (e instanceof EcPointFormatsExtension f) {
            return name + Arrays.toString(unsigned(f.formats()));
        }
        if (e instanceof SignatureAlgorithmsExtension s) {
            return name + names(s.schemes(), SignatureScheme::nameOf);
        }
        if (e instanceof SignatureAlgorithmsCertExtension s) {
            return name + names(s.schemes(), SignatureScheme::nameOf);
        }
        if (e instanceof AlpnExtension a) {
            return name + a.protocols();
        }
        if (e instanceof RenegotiationInfoExtension r) {
            return name + "(" + r.renegotiatedConnection().length + "B)";
        }
        if (e instanceof SessionTicketExtension t) {
            return name + "(" + t.ticket().length + "B)";
        }
        if (e instanceof UnknownExtension u) {
            return name + "(" + u.data().length + "B)";
        }
        return name; // the empty ones: extended_master_secret, encrypt_then_mac
    }

    /**
     * The first 4 bytes of a public value, in hex: enough to match a trace line with a capture or a key log
     * (randoms and session IDs are sent in the clear; they are not secrets).
     */
    private static String prefix(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(4, b.length); i++) {
            sb.append(Character.forDigit((b[i] >> 4) & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
        }
        return b.length > 4 ? sb + "…" : sb.toString();
    }

    private static String sessionId(byte[] id) {
        return id.length == 0 ? "empty" : id.length + "B(" + prefix(id) + ")";
    }

    private static String groupName(int id) {
        NamedGroup g = NamedGroup.fromId(id);
        return g != null ? g.standardName() : CodecSupport.hex16(id);
    }

    private static String names(List<Integer> ids, IntFunction<String> namer) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < ids.size(); i++) {
            if (i == CodecSupport.LIST_PREFIX) {
                j.add("…" + (ids.size() - i) + " more");
                break;
            }
            j.add(namer.apply(ids.get(i)));
        }
        return j.toString();
    }

    private static int[] unsigned(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }
}
