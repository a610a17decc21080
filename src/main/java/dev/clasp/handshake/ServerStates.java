package dev.clasp.handshake;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.config.TlsConfig;
import dev.clasp.crypto.DheKeyShare;
import dev.clasp.crypto.EcdheKeyShare;
import dev.clasp.crypto.KeySchedule;
import dev.clasp.crypto.Signatures;
import dev.clasp.message.CertificateMessage;
import dev.clasp.message.CertificateRequest;
import dev.clasp.message.CertificateStatus;
import dev.clasp.message.CertificateVerify;
import dev.clasp.message.ClientHello;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.NewSessionTicket;
import dev.clasp.message.ServerHello;
import dev.clasp.message.ServerHelloDone;
import dev.clasp.message.ServerKeyExchangeDhAnon;
import dev.clasp.message.ServerKeyExchangeEcdhAnon;
import dev.clasp.message.ServerKeyExchangeDhe;
import dev.clasp.message.ServerKeyExchangeEcdhe;
import dev.clasp.message.TlsReader;
import dev.clasp.message.ext.AlpnExtension;
import dev.clasp.message.ext.EcPointFormatsExtension;
import dev.clasp.message.ext.ExtendedMasterSecretExtension;
import dev.clasp.message.ext.Extension;
import dev.clasp.message.ext.ExtensionType;
import dev.clasp.message.ext.ServerNameExtension;
import dev.clasp.message.ext.SessionTicketExtension;
import dev.clasp.message.ext.SignatureAlgorithmsExtension;
import dev.clasp.message.ext.StatusRequestExtension;
import dev.clasp.message.ext.SupportedGroupsExtension;
import dev.clasp.record.RecordProtection;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.KeyExchange;
import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.ProtocolVersion;
import dev.clasp.suite.SignatureScheme;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The server side of the full TLS 1.2 handshake (RFC 5246 7.3). */
public final class ServerStates {
    /** RFC 5246 7.4.4 ClientCertificateType values. */
    private static final byte[] CERT_TYPES = {1 /* rsa_sign */, 2 /* dss_sign */, 64 /* ecdsa_sign */};

    private ServerStates() {
    }

    public static HandshakeState start(HandshakeContext ctx) {
        ctx.session().localSupportedSignatureSchemes = ctx.config().signatureSchemes();
        return new ExpectClientHello(ctx);
    }

    /** RFC 5246 7.4.1.2: negotiate, then send the server's first flight. */
    public static final class ExpectClientHello implements HandshakeState {
        private final HandshakeContext ctx;

        ExpectClientHello(HandshakeContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public boolean isExpensive(HandshakeInput in) {
            return true;
        }

        @Override
        public HandshakeState handle(HandshakeInput in) throws TlsAlertException {
            HandshakeInput.Message m = ClientStates.expect(in, HandshakeType.CLIENT_HELLO, "ClientHello");
            ClientHello ch = ClientHello.decode(new TlsReader(m.body()));
            TlsConfig config = ctx.config();
            SessionState session = ctx.session();
            session.maximumPacketSize = config.recordLimits().maximumPacketSize();
            if (ch.legacyVersion() < ProtocolVersion.TLS12.wire()) {
                ProtocolVersion v = ProtocolVersion.fromWire(ch.legacyVersion());
                throw new TlsAlertException(AlertDescription.PROTOCOL_VERSION, "client offered at most "
                        + (v != null ? v.jsseName() : String.format("0x%04X", ch.legacyVersion()))
                        + "; this server accepts only TLSv1.2; next step: enable TLSv1.2 on the client "
                        + "(setEnabledProtocols, jdk.tls.client.protocols)");
            }
            RenegotiationInfoNegotiation.checkClientHello(ch, ctx.prior(), session);

            boolean sniAcknowledged = ServerNames.accept(ch.extension(ServerNameExtension.class), config, session);

            EcPointFormatsExtension pf = ch.extension(EcPointFormatsExtension.class);
            if (pf != null && !Hellos.containsUncompressed(pf.formats())) {
                throw TlsAlertException.illegalParameter("client ec_point_formats lacks uncompressed (RFC 8422 5.1.2)");
            }
            // jdk.tls.useExtendedMasterSecret=false: the client's extension is ignored, as SunJSSE does.
            boolean clientEms = config.useExtendedMasterSecret()
                    && ch.hasExtension(ExtensionType.EXTENDED_MASTER_SECRET.code());
            TicketSealer sealer = ctx.cache().ticketSealer();
            SessionTicketExtension ticketExt = sealer == null ? null : ch.extension(SessionTicketExtension.class);
            TicketSealer.Opened opened = fromTicket(sealer, ch, ticketExt, clientEms);
            if (opened != null) {
                // RFC 5077 3.4: echo the client's session id; a ticket sealed under an older key is renewed.
                session.resumedFromTicket = true;
                return resume(m, ch, opened.session(), ch.sessionId(), !opened.currentKey(), sniAcknowledged, pf);
            }
            SessionState cached = resumable(ch, clientEms);
            if (cached != null) {
                return resume(m, ch, cached, cached.sessionId, false, sniAcknowledged, pf);
            }
            boolean issueTicket = ticketExt != null;
            List<NamedGroup> offered = offeredGroups(ch);
            List<NamedGroup> groups = commonGroups(offered, config);
            SupportedGroupsExtension sg = ch.extension(SupportedGroupsExtension.class);
            NamedGroup dheGroup = KeyExchanges.dheGroup(sg == null ? null : sg.groups(), config.namedGroups(),
                    config.dheFallbackGroup());
            SignatureAlgorithmsExtension sa = ch.extension(SignatureAlgorithmsExtension.class);
            List<Integer> clientSchemes = sa != null ? sa.schemes() : List.of();
            session.peerSupportedSignatureSchemes = ctx.cache().share(ClientStates.known(clientSchemes));

            Selection sel = select(ch, groups, dheGroup, offered, clientSchemes);
            CipherSuite suite = sel.suite;
            session.cipherSuite = suite;
            session.namedGroup = sel.group;
            session.localSignatureScheme = sel.credential == null ? null : sel.credential.scheme();
            session.localCertificates = sel.credential == null ? null : sel.credential.chain();
            session.extendedMasterSecret = clientEms;
            session.encryptThenMac = EncryptThenMac.acceptFull(ch, suite);
            EncryptThenMac.checkRenegotiation(ctx.prior(), suite, session.encryptThenMac);
            session.maxFragmentLength = RecordSizeNegotiation.requested(ch);
            String alpn = Alpn.select(ch.extension(AlpnExtension.class), config);
            session.applicationProtocol = alpn == null ? "" : alpn;

            ctx.transcript().select(suite.prfHash());
            ctx.transcript().update(m.raw(), 0, m.raw().length);
            if (!(config.needClientAuth() || config.wantClientAuth()) || suite.keyExchange().isAnonymous()) {
                // No CertificateRequest will be sent (RFC 5246 7.4.4), so no CertificateVerify signs the raw
                // messages (7.4.8): keep only the running digest from here on, not a copy of the flights.
                ctx.transcript().releaseMessages();
            }

            // RFC 8446 4.1.3: only servers that support TLS 1.3 put the downgrade sentinel ("DOWNGRD" 01) in a TLS
            // 1.2 ServerHello, even when the client's supported_versions offered 1.3; the 00 form is for servers
            // negotiating 1.1 or below. Clasp supports neither 1.3 nor 1.1, so its random stays fully random (a
            // sentinel here would make a TLS 1.3 client abort, believing a 1.3 server was downgraded).
            byte[] serverRandom = new byte[32];
            config.random().nextBytes(serverRandom);
            byte[] sessionId = new byte[32];
            config.random().nextBytes(sessionId);
            session.sessionId = sessionId;
            List<Extension> limits = RecordSizeNegotiation.answer(ch, config, session, ctx.out());
            byte[] staple = Stapling.serverResponse(config.statusResponses(), ch,
                    sel.credential == null ? null : sel.credential.chain());
            ctx.out().send(new ServerHello(ProtocolVersion.TLS12.wire(), serverRandom, sessionId, suite.id(), 0,
                    serverHelloExtensions(sniAcknowledged, pf, alpn, issueTicket, limits, staple != null)));
            if (sel.credential != null) { // RFC 5246 7.4.2: an anonymous server sends no Certificate
                ctx.out().send(new CertificateMessage(Certificates.encode(sel.credential.chain())));
            }
            if (staple != null) {
                ctx.out().send(new CertificateStatus(staple)); // RFC 6066 8: right after Certificate
            }

            ClientStates.Randoms randoms = new ClientStates.Randoms(ch.random(), serverRandom);
            KeyExchanges.ServerSecret secret = sendServerKeyExchange(sel, randoms, ch.legacyVersion());
            // RFC 5246 7.4.4: an anonymous server must not request a client certificate.
            boolean requestCert = (config.needClientAuth() || config.wantClientAuth())
                    && !suite.keyExchange().isAnonymous();
            if (requestCert) {
                List<Integer> schemes = new ArrayList<>();
                for (SignatureScheme s : config.signatureSchemes()) {
                    schemes.add(s.id());
                }
                List<byte[]> authorities = new ArrayList<>();
                for (X509Certificate ca : ctx.auth().acceptedIssuers()) {
                    authorities.add(ca.getSubjectX500Principal().getEncoded());
                }
                ctx.out().send(new CertificateRequest(CERT_TYPES, schemes, authorities));
            }
            ctx.out().send(new ServerHelloDone());
            Pending pending = new Pending(suite, randoms, secret, issueTicket);
            return requestCert ? new ExpectClientCertificate(ctx, pending) : new ExpectClientKeyExchange(ctx, pending, null);
        }

        /**
         * RFC 5246 7.4.3: for (EC)DHE, a fresh key share and its parameters signed with the certificate key; for
         * RSA key exchange nothing is sent and the certificate key itself decrypts the premaster secret.
         */
        private KeyExchanges.ServerSecret sendServerKeyExchange(Selection sel, ClientStates.Randoms randoms,
                int clientHelloVersion) throws TlsAlertException {
            TlsConfig config = ctx.config();
            switch (sel.suite.keyExchange().agreement()) {
                case RSA:
                    return new KeyExchanges.RsaSecret(sel.credential.key(), clientHelloVersion, config.random());
                case DHE: {
                    DheKeyShare share = DheKeyShare.generate(sel.group, config.random());
                    byte[] p = DheKeyShare.unsignedBytes(share.p());
                    byte[] g = DheKeyShare.unsignedBytes(share.g());
                    byte[] ys = share.publicValue();
                    if (sel.suite.keyExchange().isAnonymous()) {
                        ctx.out().send(new ServerKeyExchangeDhAnon(p, g, ys)); // RFC 5246 7.4.3: unsigned
                        return new KeyExchanges.DheSecret(share);
                    }
                    byte[] signature = signOrDestroy(sel, randoms, ServerKeyExchangeDhe.params(p, g, ys), share);
                    ctx.out().send(new ServerKeyExchangeDhe(p, g, ys, sel.credential.scheme().id(), signature));
                    return new KeyExchanges.DheSecret(share);
                }
                default: {
                    EcdheKeyShare share = EcdheKeyShare.generate(sel.group, config.random());
                    if (sel.suite.keyExchange().isAnonymous()) {
                        // RFC 8422 5.4: ECDH_anon sends ServerECDHParams without a signature.
                        ctx.out().send(new ServerKeyExchangeEcdhAnon(sel.group.id(), share.publicValue()));
                        return new KeyExchanges.EcdheSecret(share);
                    }
                    byte[] params = ServerKeyExchangeEcdhe.params(sel.group.id(), share.publicValue());
                    byte[] signature = signOrDestroy(sel, randoms, params, share);
                    ctx.out().send(new ServerKeyExchangeEcdhe(sel.group.id(), share.publicValue(),
                            sel.credential.scheme().id(), signature));
                    return new KeyExchanges.EcdheSecret(share);
                }
            }
        }

        /** {@link #sign}; a failure destroys the fresh key share, which no state will hold. */
        private byte[] signOrDestroy(Selection sel, ClientStates.Randoms randoms, byte[] params,
                javax.security.auth.Destroyable share) throws TlsAlertException {
            try {
                return sign(sel, randoms, params);
            } catch (TlsAlertException | RuntimeException e) {
                try {
                    share.destroy();
                } catch (javax.security.auth.DestroyFailedException impossible) {
                    // the shares' destroy() does not throw
                }
                throw e;
            }
        }

        private byte[] sign(Selection sel, ClientStates.Randoms randoms, byte[] params) throws TlsAlertException {
            try {
                return Signatures.sign(sel.credential.scheme(), sel.credential.key(),
                        ClientStates.concat(randoms.concat(), params), ctx.config().random());
            } catch (GeneralSecurityException e) {
                throw TlsAlertException.internalError("cannot sign ServerKeyExchange with "
                        + sel.credential.scheme().standardName() + ": " + e.getMessage(), e);
            }
        }

        private List<Extension> serverHelloExtensions(boolean sniAcknowledged, EcPointFormatsExtension pf, String alpn,
                boolean ticket, List<Extension> limits, boolean stapling) {
            List<Extension> ext = new ArrayList<>();
            if (stapling) {
                ext.add(StatusRequestExtension.empty()); // RFC 6066 8: empty; CertificateStatus follows
            }
            if (ticket) {
                ext.add(SessionTicketExtension.empty()); // RFC 5077 3.2: a NewSessionTicket will follow
            }
            if (sniAcknowledged) {
                ext.add(new ServerNameExtension(List.of()));
            }
            if (ctx.session().secureRenegotiation) {
                ext.add(RenegotiationInfoNegotiation.serverHello(ctx.prior()));
            }
            if (ctx.session().extendedMasterSecret) {
                ext.add(new ExtendedMasterSecretExtension());
            }
            if (ctx.session().encryptThenMac) {
                ext.add(EncryptThenMac.extension());
            }
            if (pf != null) {
                ext.add(new EcPointFormatsExtension(Hellos.UNCOMPRESSED_POINTS));
            }
            if (alpn != null) {
                ext.add(new AlpnExtension(List.of(alpn)));
            }
            ext.addAll(limits);
            return ext;
        }

        /**
         * The cached session the client asks to resume, when it may be: it used the extended master secret and
         * the client offers it again (RFC 7627 5.3; otherwise a full handshake), its suite is still enabled and
         * offered, the requested server names are the same, and a required client certificate is in it.
         */
        private SessionState resumable(ClientHello ch, boolean clientEms) throws TlsAlertException {
            TlsConfig config = ctx.config();
            if (ch.sessionId().length == 0 || (config.useExtendedMasterSecret() && !clientEms)) {
                if (ch.sessionId().length != 0 && !config.allowLegacyResumption()) {
                    SessionState legacy = ctx.cache().find(ch.sessionId());
                    if (legacy != null && legacy.isResumableWithoutExtendedMasterSecret()) {
                        // RFC 7627 5.3: neither the session nor this ClientHello has the extension; the server
                        // SHOULD abort. SunJSSE does so when jdk.tls.allowLegacyResumption=false, else it falls
                        // back to a full handshake, as here.
                        throw TlsAlertException.handshakeFailure("client resumes a session made without the "
                                + "extended master secret and does not offer it (RFC 7627 5.3)");
                    }
                }
                return null;
            }
            return acceptable(ctx.cache().find(ch.sessionId()), ch);
        }

        /**
         * The session in the client's ticket, when it opens (ours, unaltered, unexpired: {@link TicketSealer}),
         * was not invalidated and passes the same checks as a cached session; otherwise null and a full
         * handshake (RFC 5077 3.4), never an error.
         */
        private TicketSealer.Opened fromTicket(TicketSealer sealer, ClientHello ch, SessionTicketExtension ticketExt,
                boolean clientEms) {
            if (ticketExt == null || ticketExt.ticket().length == 0 || !clientEms) {
                return null;
            }
            TicketSealer.Opened opened = sealer.open(ticketExt.ticket());
            if (opened == null) {
                return null;
            }
            try {
                SessionState copy = ctx.cache().isInvalidated(opened.session().sessionId) ? null
                        : acceptable(opened.session(), ch);
                return copy == null ? null : new TicketSealer.Opened(copy, opened.currentKey());
            } finally {
                opened.session().destroyMasterSecret(); // the decoded ticket: only the private copy goes on
            }
        }

        private SessionState acceptable(SessionState cached, ClientHello ch) {
            TlsConfig config = ctx.config();
            if (cached == null || !cached.isResumable(config.useExtendedMasterSecret())
                    || !config.cipherSuites().contains(cached.cipherSuite)
                    || !ch.cipherSuites().contains(cached.cipherSuite.id())
                    || !cached.requestedServerNames.equals(ctx.session().requestedServerNames)) {
                return null;
            }
            if (config.needClientAuth() && (cached.peerCertificates == null || cached.peerCertificates.length == 0)) {
                return null;
            }
            if (!EncryptThenMac.mayResume(ch, cached) || !RecordSizeNegotiation.mayResume(ch, cached)) {
                return null;
            }
            return cached.forResumption(); // null if it was invalidated (and wiped) just now: full handshake
        }

        /** RFC 5246 7.3 abbreviated handshake: ServerHello, ChangeCipherSpec, Finished; the client finishes. */
        private HandshakeState resume(HandshakeInput.Message m, ClientHello ch, SessionState cached, byte[] sessionId,
                boolean renewTicket, boolean sniAcknowledged, EcPointFormatsExtension pf) throws TlsAlertException {
            SessionState session = ctx.session();
            String alpn = Alpn.select(ch.extension(AlpnExtension.class), ctx.config());
            session.takeOver(cached); // cached is this handshake's private copy: its secret moves, no copy remains
            EncryptThenMac.checkRenegotiation(ctx.prior(), cached.cipherSuite, session.encryptThenMac);
            session.sessionId = sessionId.clone();
            session.applicationProtocol = alpn == null ? "" : alpn;
            CipherSuite suite = cached.cipherSuite;
            ctx.transcript().select(suite.prfHash());
            ctx.transcript().update(m.raw(), 0, m.raw().length);
            ctx.transcript().releaseMessages(); // RFC 5246 7.3: an abbreviated handshake has no CertificateVerify
            byte[] serverRandom = new byte[32];
            ctx.config().random().nextBytes(serverRandom);
            List<Extension> limits = RecordSizeNegotiation.answer(ch, ctx.config(), session, ctx.out());
            ctx.out().send(new ServerHello(ProtocolVersion.TLS12.wire(), serverRandom, session.sessionId, suite.id(), 0,
                    serverHelloExtensions(sniAcknowledged, pf, alpn, renewTicket, limits, false)));
            byte[] master = session.masterSecret(); // the copy resumeFrom took
            if (renewTicket) {
                // RFC 5077 3.1 (Figure 2): a fresh ticket between ServerHello and ChangeCipherSpec.
                TicketSealer sealer = ctx.cache().ticketSealer();
                ctx.out().send(sealer == null ? new NewSessionTicket(0, new byte[0])
                        : new NewSessionTicket(sealer.lifetimeHintSeconds(), sealer.seal(session, master)));
            }
            Protections p = Protections.derive(ctx, suite, master, ch.random(), serverRandom, false);
            RecordProtection read = p.read();
            ctx.out().sendChangeCipherSpec(p.write());
            byte[] verify = KeySchedule.verifyData(suite.prfHash(), master, false, ctx.transcript().current());
            session.serverVerifyData = verify;
            ctx.out().send(new dev.clasp.message.Finished(verify));
            return new ExpectChangeCipherSpec(ctx, new Negotiated(suite, master, ch.random(), read, null));
        }

        private Selection select(ClientHello ch, List<NamedGroup> groups, NamedGroup dheGroup,
                List<NamedGroup> offered, List<Integer> clientSchemes) throws TlsAlertException {
            TlsConfig config = ctx.config();
            List<CipherSuite> candidates = new ArrayList<>();
            if (config.useCipherSuitesOrder()) {
                for (CipherSuite s : config.cipherSuites()) {
                    if (ch.cipherSuites().contains(s.id())) {
                        candidates.add(s);
                    }
                }
            } else {
                for (int id : ch.cipherSuites()) {
                    CipherSuite s = CipherSuite.fromId(id);
                    if (s != null && config.cipherSuites().contains(s)) {
                        candidates.add(s);
                    }
                }
            }
            if (candidates.isEmpty()) {
                List<String> offeredSuites = new ArrayList<>();
                for (int id : ch.cipherSuites()) {
                    offeredSuites.add(CipherSuite.nameOf(id));
                }
                throw TlsAlertException.handshakeFailure("no cipher suite in common: client offered " + offeredSuites
                        + ", server enabled " + config.cipherSuites() + "; next step: enable one suite on both "
                        + "sides (setEnabledCipherSuites, jdk.tls.server.cipherSuites / jdk.tls.client.cipherSuites)");
            }
            NamedGroup curve = null;
            for (NamedGroup g : groups) {
                if (g.kind().isElliptic()) {
                    curve = g;
                    break;
                }
            }
            List<String> tried = new ArrayList<>();
            Credentials credentials = new Credentials(ctx, clientSchemes, offered);
            for (CipherSuite s : candidates) {
                KeyExchange kx = s.keyExchange();
                NamedGroup group = switch (kx.agreement()) {
                    case ECDHE -> curve;
                    case DHE -> dheGroup;   // RFC 7919 4
                    case RSA -> null;
                };
                if (kx.isAnonymous() && config.needClientAuth()) {
                    tried.add(s.name() + " (anonymous, but a client certificate is required)");
                    continue;
                }
                if (group == null && kx.agreement() != KeyExchange.Agreement.RSA) {
                    tried.add(s.name() + " (no " + (kx.agreement() == KeyExchange.Agreement.ECDHE ? "curve"
                            : "FFDHE group") + " in common)");
                    continue;
                }
                if (kx.isAnonymous()) {
                    return new Selection(s, group, null);
                }
                for (String keyType : kx.keyTypes()) {
                    Credential cred = credentials.forKeyType(keyType, kx.signsServerKeyExchange());
                    if (cred != null) {
                        return new Selection(s, group, cred);
                    }
                }
                tried.add(s.name());
            }
            boolean ecdheOffered = candidates.stream()
                    .anyMatch(c -> c.keyExchange().agreement() == KeyExchange.Agreement.ECDHE);
            if (curve == null && ecdheOffered) {
                throw TlsAlertException.handshakeFailure("no ECDHE group in common: client offered "
                        + describeGroups(ch) + ", server enabled " + FailureHints.names(config.namedGroups())
                        + "; next step: enable one group on both sides (jdk.tls.namedGroups)");
            }
            throw TlsAlertException.handshakeFailure("no server certificate fits the suites in common " + tried
                    + " with the client's signature schemes " + ClientStates.known(clientSchemes)
                    + " and groups " + groups + " (key manager returned " + credentials.describe() + "); next step: "
                    + "give the server a certificate for one of those suites and schemes, or enable a suite on "
                    + "both sides that fits the server's certificate");
        }
    }

    private static String describeGroups(ClientHello ch) {
        SupportedGroupsExtension sg = ch.extension(SupportedGroupsExtension.class);
        return sg == null ? "none" : FailureHints.groupNames(sg.groups()).toString();
    }

    /** The groups the client offers (RFC 8422 5.1.1); null when it sent no supported_groups (any curve). */
    private static List<NamedGroup> offeredGroups(ClientHello ch) {
        SupportedGroupsExtension sg = ch.extension(SupportedGroupsExtension.class);
        if (sg == null) {
            return null;
        }
        List<NamedGroup> out = new ArrayList<>();
        for (int id : sg.groups()) {
            NamedGroup g = NamedGroup.fromId(id);
            if (g != null) {
                out.add(g);
            }
        }
        return out;
    }

    /** The ECDHE groups both sides support, in the server's preference order. */
    private static List<NamedGroup> commonGroups(List<NamedGroup> offered, TlsConfig config) {
        List<NamedGroup> out = new ArrayList<>();
        for (NamedGroup g : config.namedGroups()) {
            if (offered == null || offered.contains(g)) {
                out.add(g);
            }
        }
        return out;
    }

    /** The chosen suite, its group (null for RSA) and credential (null for an anonymous suite). */
    private record Selection(CipherSuite suite, NamedGroup group, Credential credential) {
    }

    /** State carried from the server's first flight to the client's key exchange. */
    record Pending(CipherSuite suite, ClientStates.Randoms randoms, KeyExchanges.ServerSecret secret,
            boolean issueTicket) {
    }

    /** RFC 5246 7.4.6. */
    public static final class ExpectClientCertificate implements HandshakeState {
        private final HandshakeContext ctx;
        private final Pending pending;

        ExpectClientCertificate(HandshakeContext ctx, Pending pending) {
            this.ctx = ctx;
            this.pending = pending;
        }

        @Override
        public void destroySecrets() {
            pending.secret().destroy();
        }

        @Override
        public boolean isExpensive(HandshakeInput in) {
            return true;
        }

        @Override
        public HandshakeState handle(HandshakeInput in) throws TlsAlertException {
            HandshakeInput.Message m = ClientStates.expect(in, HandshakeType.CERTIFICATE, "client Certificate");
            CertificateMessage cm = CertificateMessage.decode(new TlsReader(m.body()));
            if (cm.certificates().isEmpty()) {
                if (ctx.config().needClientAuth()) {
                    throw TlsAlertException.handshakeFailure(
                            "client certificate required (needClientAuth) but the client sent none; next step: give "
                            + "the client a key manager with a certificate from a CA this server trusts ("
                            + ctx.auth().acceptedIssuers().length + " accepted issuers), or use setWantClientAuth");
                }
                ctx.transcript().update(m.raw(), 0, m.raw().length);
                return new ExpectClientKeyExchange(ctx, pending, null);
            }
            X509Certificate[] chain = Certificates.decode(cm.certificates(), "client", ctx.config().maxPeerCertificateChain());
            PublicKey key = Certificates.leafKey(chain);
            String keyType = Certificates.keyType(key);
            if (!List.of("RSA", "RSASSA-PSS", "EC", "EdDSA", "DSA").contains(keyType)) {
                throw new TlsAlertException(AlertDescription.UNSUPPORTED_CERTIFICATE, "client certificate key "
                        + key.getAlgorithm() + " is not of a requested type (RSA, RSASSA-PSS, DSA, EC, EdDSA)");
            }
            ctx.session().peerCertificates = chain;
            Certificates.checkTrusted(chain, "client", c -> ctx.auth().checkClientTrusted(c, keyType));
            ctx.transcript().update(m.raw(), 0, m.raw().length);
            return new ExpectClientKeyExchange(ctx, pending, key);
        }
    }

    /** RFC 5246 7.4.7, RFC 8422 5.7: the client's ephemeral public value or encrypted premaster secret. */
    public static final class ExpectClientKeyExchange implements HandshakeState {
        private final HandshakeContext ctx;
        private final Pending pending;
        private final PublicKey clientKey;

        ExpectClientKeyExchange(HandshakeContext ctx, Pending pending, PublicKey clientKey) {
            this.ctx = ctx;
            this.pending = pending;
            this.clientKey = clientKey;
        }

        @Override
        public void destroySecrets() {
            pending.secret().destroy();
        }

        @Override
        public boolean isExpensive(HandshakeInput in) {
            return true;
        }

        @Override
        public HandshakeState handle(HandshakeInput in) throws TlsAlertException {
            HandshakeInput.Message m = ClientStates.expect(in, HandshakeType.CLIENT_KEY_EXCHANGE, "ClientKeyExchange");
            byte[] preMaster = pending.secret().receive(new TlsReader(m.body()));
            ctx.transcript().update(m.raw(), 0, m.raw().length);
            CipherSuite suite = pending.suite();
            byte[] master;
            try {
                master = ClientStates.masterSecret(ctx, suite, preMaster, pending.randoms());
            } finally {
                Arrays.fill(preMaster, (byte) 0);
            }
            Protections p;
            try {
                p = Protections.derive(ctx, suite, master, pending.randoms().client(), pending.randoms().server(),
                        false);
            } catch (RuntimeException e) {
                Arrays.fill(master, (byte) 0);
                throw e;
            }
            Negotiated negotiated = new Negotiated(suite, master, pending.randoms().client(), p.read(), p.write(),
                    pending.issueTicket());
            if (clientKey != null) {
                return new ExpectCertificateVerify(ctx, negotiated, clientKey);
            }
            return new ExpectChangeCipherSpec(ctx, negotiated);
        }
    }

    /** RFC 5246 7.4.8: proof that the client holds its certificate's key. */
    public static final class ExpectCertificateVerify implements HandshakeState {
        private final HandshakeContext ctx;
        private final Negotiated negotiated;
        private final PublicKey clientKey;

        ExpectCertificateVerify(HandshakeContext ctx, Negotiated negotiated, PublicKey clientKey) {
            this.ctx = ctx;
            this.negotiated = negotiated;
            this.clientKey = Objects.requireNonNull(clientKey);
        }

        @Override
        public void destroySecrets() {
            negotiated.destroy();
        }

        @Override
        public boolean isExpensive(HandshakeInput in) {
            return true;
        }

        @Override
        public HandshakeState handle(HandshakeInput in) throws TlsAlertException {
            HandshakeInput.Message m = ClientStates.expect(in, HandshakeType.CERTIFICATE_VERIFY, "CertificateVerify");
            CertificateVerify cv = CertificateVerify.decode(new TlsReader(m.body()));
            SignatureScheme scheme = SignatureScheme.fromId(cv.signatureScheme());
            if (scheme == null || !ctx.config().signatureSchemes().contains(scheme)
                    || !Signatures.keyFits(scheme, clientKey)) {
                throw TlsAlertException.illegalParameter("client CertificateVerify uses "
                        + SignatureScheme.nameOf(cv.signatureScheme())
                        + ", which was not requested or does not fit its " + clientKey.getAlgorithm() + " key");
            }
            if (!Signatures.verify(scheme, clientKey, ctx.transcript().messagesSoFar(), cv.signature())) {
                throw new TlsAlertException(AlertDescription.DECRYPT_ERROR,
                        "client CertificateVerify signature (" + scheme.standardName() + ") does not verify");
            }
            ctx.session().peerSignatureScheme = scheme;
            ctx.transcript().update(m.raw(), 0, m.raw().length);
            return new ExpectChangeCipherSpec(ctx, negotiated);
        }
    }
}
