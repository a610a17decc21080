package dev.clasp.handshake;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.config.TlsConfig;
import dev.clasp.crypto.KeySchedule;
import dev.clasp.crypto.Signatures;
import dev.clasp.message.CertificateMessage;
import dev.clasp.message.CertificateRequest;
import dev.clasp.message.CertificateVerify;
import dev.clasp.message.ClientHello;
import dev.clasp.message.Finished;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.ServerHello;
import dev.clasp.message.ServerHelloDone;
import dev.clasp.message.ServerKeyExchangeDhAnon;
import dev.clasp.message.ServerKeyExchangeEcdhAnon;
import dev.clasp.message.ServerKeyExchangeDhe;
import dev.clasp.message.ServerKeyExchangeEcdhe;
import dev.clasp.message.TlsReader;
import dev.clasp.message.ext.AlpnExtension;
import dev.clasp.message.ext.EcPointFormatsExtension;
import dev.clasp.message.ext.Extension;
import dev.clasp.message.ext.StatusRequestExtension;
import dev.clasp.record.RecordProtection;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.KeyExchange;
import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.ProtocolVersion;
import dev.clasp.suite.SignatureScheme;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/** The client side of the full TLS 1.2 handshake (RFC 5246 7.3), one state per expected message. */
public final class ClientStates {
    private ClientStates() {
    }

    /** Sends the ClientHello and returns the first state. */
    public static HandshakeState start(HandshakeContext ctx) {
        // A renegotiation is always a full handshake (its point is usually new parameters, e.g. client auth).
        SessionState offered = ctx.isRenegotiation() ? null : resumable(ctx);
        byte[] ticket = null;
        if (ctx.cache().offerTickets()) {
            // RFC 5077 3.2: the cached ticket, or an empty extension to ask for one. A renegotiation offers no
            // ticket but still asks for a new one, as SunJSSE does (OpenJDK SSLEngine/CheckTlsEngineResults expects
            // the server's NewSessionTicket in the renegotiation).
            byte[] cachedTicket = offered == null ? null : offered.presentableTicket(System.currentTimeMillis());
            ticket = cachedTicket == null ? new byte[0] : cachedTicket;
        }
        byte[] sessionId = offered == null ? new byte[0] : offered.sessionId;
        if (offered != null && sessionId.length == 0 && ticket != null && ticket.length > 0) {
            // RFC 5077 3.4: a session id sent with the ticket, echoed when the server accepts it.
            sessionId = new byte[32];
            ctx.config().random().nextBytes(sessionId);
        }
        ClientHello hello = Hellos.clientHello(ctx, sessionId, ticket, offered);
        ctx.session().maximumPacketSize = ctx.config().recordLimits().maximumPacketSize();
        ctx.session().requestedServerNames = ctx.config().serverNames();
        ctx.session().localSupportedSignatureSchemes = ctx.config().signatureSchemes();
        ctx.out().send(hello);
        return new ExpectServerHello(ctx, hello, offered);
    }

    /**
     * The cached session to offer this peer (RFC 5246 7.4.1.2), or null: it must have used the extended master
     * secret, its suite must still be enabled and it must have been made for the same server names.
     */
    private static SessionState resumable(HandshakeContext ctx) {
        TlsConfig c = ctx.config();
        if (c.peerHost() == null) {
            return null;
        }
        SessionState cached = ctx.cache().findForPeer(c.peerHost(), c.peerPort());
        if (cached == null || !(cached.isResumable(c.useExtendedMasterSecret()) || cached.ticket != null
                && cached.hasMasterSecret() && cached.extendedMasterSecret) || !c.cipherSuites().contains(cached.cipherSuite)
                || !cached.requestedServerNames.equals(c.serverNames())) {
            return null;
        }
        // A snapshot: the application may invalidate the cached session (wiping its secret) before ServerHello.
        return cached.forResumption();
    }

    /** RFC 5246 7.4.1.3. */
    public static final class ExpectServerHello implements HandshakeState {
        private final HandshakeContext ctx;
        private final ClientHello sent;
        /** The session offered for resumption, or null. */
        private final SessionState offered;

        ExpectServerHello(HandshakeContext ctx, ClientHello sent, SessionState offered) {
            this.ctx = ctx;
            this.sent = sent;
            this.offered = offered;
        }

        @Override
        public void destroySecrets() {
            if (offered != null) {
                offered.destroyMasterSecret();
            }
        }

        @Override
        public HandshakeState handle(HandshakeInput in) throws TlsAlertException {
            try {
                return receive(in);
            } finally {
                // The offered snapshot's secret moved into the session (resumed) or is not needed (full handshake,
                // or the ServerHello was refused): either way no copy stays behind in this dropped state.
                destroySecrets();
            }
        }

        private HandshakeState receive(HandshakeInput in) throws TlsAlertException {
            HandshakeInput.Message m = expect(in, HandshakeType.SERVER_HELLO, "ServerHello");
            ServerHello sh = ServerHello.decode(new TlsReader(m.body()));
            if (sh.version() != ProtocolVersion.TLS12.wire()) {
                ProtocolVersion v = ProtocolVersion.fromWire(sh.version());
                throw new TlsAlertException(AlertDescription.PROTOCOL_VERSION, "server selected "
                        + (v != null ? v.jsseName() : String.format("0x%04X", sh.version()))
                        + "; Clasp speaks only TLSv1.2 (the server must be configured to allow TLSv1.2)");
            }
            Downgrade.check(sh.random());
            CipherSuite suite = CipherSuite.fromId(sh.cipherSuite());
            if (suite == null || !ctx.config().cipherSuites().contains(suite)) {
                throw TlsAlertException.illegalParameter("server selected cipher suite "
                        + CipherSuite.nameOf(sh.cipherSuite()) + ", which the client did not offer");
            }
            if (sh.compressionMethod() != 0) {
                throw TlsAlertException.illegalParameter("server selected compression method "
                        + sh.compressionMethod() + "; only null was offered");
            }
            for (Extension e : sh.extensions()) {
                if (!sent.hasExtension(e.type())) {
                    throw new TlsAlertException(AlertDescription.UNSUPPORTED_EXTENSION,
                            "server sent extension " + e.type() + " that the client did not offer (RFC 5246 7.4.1.4)");
                }
            }
            SessionState session = ctx.session();
            RenegotiationInfoNegotiation.checkServerHello(sh, ctx.prior(), session);
            EcPointFormatsExtension pf = sh.extension(EcPointFormatsExtension.class);
            if (pf != null && !Hellos.containsUncompressed(pf.formats())) {
                throw TlsAlertException.illegalParameter("server ec_point_formats lacks uncompressed (RFC 8422 5.2)");
            }
            AlpnExtension alpn = sh.extension(AlpnExtension.class);
            if (alpn != null) {
                if (alpn.protocols().size() != 1 || !ctx.config().applicationProtocols().contains(alpn.protocols().get(0))) {
                    throw TlsAlertException.illegalParameter("server selected application protocol "
                            + alpn.protocols() + ", not one of " + ctx.config().applicationProtocols());
                }
                session.applicationProtocol = alpn.protocols().get(0);
            } else {
                session.applicationProtocol = "";
            }
            session.extendedMasterSecret = sh.hasExtension(dev.clasp.message.ext.ExtensionType.EXTENDED_MASTER_SECRET.code());
            session.encryptThenMac = EncryptThenMac.clientAccepts(sh, suite);
            EncryptThenMac.checkRenegotiation(ctx.prior(), suite, session.encryptThenMac);
            RecordSizeNegotiation.accept(sh, sent, ctx.config(), session, ctx.out());
            ctx.transcript().select(suite.prfHash());
            ctx.transcript().update(m.raw(), 0, m.raw().length);
            Randoms randoms = new Randoms(sent.random(), sh.random());
            // RFC 5077 3.1/3.2: the server's empty session_ticket announces a NewSessionTicket before its CCS.
            boolean ticketComing = sh.hasExtension(dev.clasp.message.ext.ExtensionType.SESSION_TICKET.code());
            if (offered != null && sent.sessionId().length > 0 && Arrays.equals(sh.sessionId(), sent.sessionId())) {
                // RFC 5246 7.4.1.3 / RFC 5077 3.4: an echoed session id means the session (or ticket) was accepted.
                return resume(suite, randoms, ticketComing);
            }
            session.cipherSuite = suite;
            session.sessionId = sh.sessionId();
            if (suite.keyExchange().isAnonymous()) {
                // RFC 5246 7.4.2: an anonymous server sends no Certificate; the ServerKeyExchange comes next.
                return new ExpectServerKeyExchange(ctx, randoms, suite, null, ticketComing,
                        CertificateVerified.anonymous(suite));
            }
            // RFC 6066 8: a server that echoed status_request may send CertificateStatus after its Certificate.
            boolean statusComing = sh.extension(StatusRequestExtension.class) != null;
            return new ExpectCertificate(ctx, randoms, suite, ticketComing, statusComing);
        }

        /** RFC 5246 7.3 abbreviated handshake: the server's CCS and Finished come next, then ours. */
        private HandshakeState resume(CipherSuite suite, Randoms randoms, boolean ticketComing)
                throws TlsAlertException {
            if (suite != offered.cipherSuite) {
                throw TlsAlertException.illegalParameter("server resumed session with " + suite
                        + " but the session was made with " + offered.cipherSuite);
            }
            if (ctx.session().extendedMasterSecret != offered.extendedMasterSecret) {
                // RFC 7627 5.3: the abbreviated handshake must agree with the session on the extension. A session
                // without it is offered only when the extension is off, so the server cannot echo it (it was not
                // offered: unsupported_extension above).
                throw TlsAlertException.handshakeFailure(
                        "server resumed a session made with the extended master secret without it (RFC 7627 5.3)");
            }
            EncryptThenMac.checkResumed(ctx.session().encryptThenMac, offered);
            RecordSizeNegotiation.checkResumed(ctx.session().maxFragmentLength, offered);
            String alpn = ctx.session().applicationProtocol;
            ctx.session().takeOver(offered); // the snapshot's secret moves: no second copy
            ctx.session().applicationProtocol = alpn;
            ctx.session().sessionId = sent.sessionId();
            byte[] master = ctx.session().masterSecret(); // the copy resumeFrom took
            Protections p = Protections.derive(ctx, suite, master, randoms.client(), randoms.server(), true);
            Negotiated negotiated = new Negotiated(suite, master, randoms.client(), p.read(), p.write());
            return ticketComing ? new ExpectNewSessionTicket(ctx, negotiated) : new ExpectChangeCipherSpec(ctx, negotiated);
        }
    }

    /** Client and server random, in that order. */
    record Randoms(byte[] client, byte[] server) {
        byte[] concat() {
            byte[] out = Arrays.copyOf(client, client.length + server.length);
            System.arraycopy(server, 0, out, client.length, server.length);
            return out;
        }
    }

    /** RFC 5246 7.4.2: the server's chain, checked by the trust manager. */
    public static final class ExpectCertificate implements HandshakeState {
        private final HandshakeContext ctx;
        private final Randoms randoms;
        private final CipherSuite suite;
        private final boolean ticketComing;
        private final boolean statusComing;

        ExpectCertificate(HandshakeContext ctx, Randoms randoms, CipherSuite suite, boolean ticketComing,
                boolean statusComing) {
            this.ctx = ctx;
            this.randoms = randoms;
            this.suite = suite;
            this.ticketComing = ticketComing;
            this.statusComing = statusComing;
        }

        @Override
        public boolean isExpensive(HandshakeInput in) {
            return true;
        }

        @Override
        public HandshakeState handle(HandshakeInput in) throws TlsAlertException {
            HandshakeInput.Message m = expect(in, HandshakeType.CERTIFICATE, "server Certificate");
            CertificateMessage cm = CertificateMessage.decode(new TlsReader(m.body()));
            if (cm.certificates().isEmpty()) {
                throw new TlsAlertException(AlertDescription.BAD_CERTIFICATE,
                        "server sent an empty certificate chain for " + suite);
            }
            X509Certificate[] chain = Certificates.decode(cm.certificates(), "server", ctx.config().maxPeerCertificateChain());
            PublicKey key = Certificates.leafKey(chain);
            String keyType = Certificates.keyType(key);
            if (!suite.keyExchange().keyTypes().contains(keyType)) {
                throw new TlsAlertException(AlertDescription.UNSUPPORTED_CERTIFICATE, "server certificate has a "
                        + keyType + " key, but " + suite + " needs one of " + suite.keyExchange().keyTypes());
            }
            if ("EC".equals(keyType)) {
                NamedGroup curve = Certificates.curveOf(key);
                if (curve == null || !ctx.config().namedGroups().contains(curve)) {
                    throw new TlsAlertException(AlertDescription.UNSUPPORTED_CERTIFICATE,
                            "server ECDSA certificate is on curve " + curve + ", which the client did not offer");
                }
            }
            ctx.session().peerCertificates = chain;
            ctx.transcript().update(m.raw(), 0, m.raw().length);
            if (statusComing) {
                // RFC 6066 8: the trust manager runs once the stapled response is in the handshake session (or the
                // server has moved on without one), as SunJSSE defers it.
                return new ExpectCertificateStatus(ctx,
                        () -> trusted(ctx, chain, randoms, suite, key, ticketComing, true));
            }
            return trusted(ctx, chain, randoms, suite, key, ticketComing, false);
        }
    }

    /**
     * The trust manager's verdict on the server chain, then the state after the server's Certificate (and
     * CertificateStatus). {@code stapling}: the server echoed status_request, so a revoked or undetermined status
     * is the stapled response's fault (bad_certificate_status_response, as SunJSSE).
     */
    private static HandshakeState trusted(HandshakeContext ctx, X509Certificate[] chain, Randoms randoms, CipherSuite suite,
            PublicKey key, boolean ticketComing, boolean stapling) throws TlsAlertException {
        Certificates.checkTrusted(chain, "server",
                c -> ctx.auth().checkServerTrusted(c, suite.keyExchange().authType()), stapling);
        CertificateVerified proof = new CertificateVerified();
        if (!suite.keyExchange().signsServerKeyExchange()) {
            // RFC 5246 7.4.3: no ServerKeyExchange with RSA key exchange; the certificate key is the server's
            // only credential, and only its holder can decrypt the premaster secret.
            return new ExpectCertificateRequestOrDone(ctx,
                    new ServerParams(randoms, suite, new KeyExchanges.RsaOffer(key), ticketComing),
                    SignatureVerified.notNeeded(proof));
        }
        return new ExpectServerKeyExchange(ctx, randoms, suite, key, ticketComing, proof);
    }

    /** Proof that the server chain passed the trust manager (or that the suite has no server certificate). */
    static final class CertificateVerified {
        private CertificateVerified() {
        }

        /** The only way past the certificate check without a chain: a suite the user enabled as anonymous. */
        static CertificateVerified anonymous(CipherSuite suite) {
            if (!suite.keyExchange().isAnonymous()) {
                throw new IllegalStateException(suite + " is not anonymous");
            }
            return new CertificateVerified();
        }
    }

    /**
     * RFC 8422 5.4 / RFC 5246 7.4.3: ephemeral (EC)DH parameters signed with the certified key (unsigned, and no
     * key, for an anonymous suite).
     */
    public static final class ExpectServerKeyExchange implements HandshakeState {
        private final HandshakeContext ctx;
        private final Randoms randoms;
        private final CipherSuite suite;
        private final PublicKey serverKey;
        private final CertificateVerified proof;
        private final boolean ticketComing;

        ExpectServerKeyExchange(HandshakeContext ctx, Randoms randoms, CipherSuite suite, PublicKey serverKey,
                boolean ticketComing, CertificateVerified proof) {
            this.ctx = ctx;
            this.randoms = randoms;
            this.suite = suite;
            this.serverKey = serverKey;
            this.ticketComing = ticketComing;
            this.proof = Objects.requireNonNull(proof);
        }

        @Override
        public boolean isExpensive(HandshakeInput in) {
            return true;
        }

        @Override
        public HandshakeState handle(HandshakeInput in) throws TlsAlertException {
            HandshakeInput.Message m = expect(in, HandshakeType.SERVER_KEY_EXCHANGE, "ServerKeyExchange");
            TlsReader body = new TlsReader(m.body());
            KeyExchanges.ServerOffer offer;
            int schemeId;
            byte[] params;
            byte[] signature;
            if (suite.keyExchange().isAnonymous()) {
                KeyExchanges.ServerOffer anon;
                if (suite.keyExchange().agreement() == KeyExchange.Agreement.DHE) {
                    // RFC 5246 7.4.3: dh_anon parameters carry no signature.
                    ServerKeyExchangeDhAnon ske = ServerKeyExchangeDhAnon.decode(body);
                    anon = KeyExchanges.DheOffer.of(ske.p(), ske.g(), ske.ys());
                } else {
                    // RFC 8422 5.4: ECDH_anon, ServerECDHParams without a signature.
                    ServerKeyExchangeEcdhAnon ske = ServerKeyExchangeEcdhAnon.decode(body);
                    anon = new KeyExchanges.EcdheOffer(offeredCurve(ske.namedGroup()), ske.publicValue());
                }
                ctx.session().namedGroup = anon.group();
                ctx.transcript().update(m.raw(), 0, m.raw().length);
                return new ExpectCertificateRequestOrDone(ctx, new ServerParams(randoms, suite, anon, ticketComing),
                        SignatureVerified.notNeeded(proof));
            }
            if (suite.keyExchange().agreement() == KeyExchange.Agreement.DHE) {
                ServerKeyExchangeDhe ske = ServerKeyExchangeDhe.decode(body);
                offer = KeyExchanges.DheOffer.of(ske.p(), ske.g(), ske.ys());
                schemeId = ske.signatureScheme();
                params = ske.params();
                signature = ske.signature();
            } else {
                ServerKeyExchangeEcdhe ske = ServerKeyExchangeEcdhe.decode(body);
                offer = new KeyExchanges.EcdheOffer(offeredCurve(ske.namedGroup()), ske.publicValue());
                schemeId = ske.signatureScheme();
                params = ske.params();
                signature = ske.signature();
            }
            SignatureScheme scheme = SignatureScheme.fromId(schemeId);
            if (scheme == null || !ctx.config().signatureSchemes().contains(scheme)) {
                throw TlsAlertException.illegalParameter("server signed with "
                        + SignatureScheme.nameOf(schemeId) + ", which the client did not offer");
            }
            if (!suite.keyExchange().accepts(scheme) || !Signatures.keyFits(scheme, serverKey)) {
                throw TlsAlertException.illegalParameter("server signature scheme " + scheme.standardName()
                        + " does not fit its " + serverKey.getAlgorithm() + " certificate key or " + suite);
            }
            byte[] signed = concat(randoms.concat(), params);
            if (!Signatures.verify(scheme, serverKey, signed, signature)) {
                throw new TlsAlertException(AlertDescription.DECRYPT_ERROR,
                        "ServerKeyExchange signature (" + scheme.standardName() + ") does not verify");
            }
            ctx.session().namedGroup = offer.group();
            ctx.session().peerSignatureScheme = scheme;
            ctx.transcript().update(m.raw(), 0, m.raw().length);
            return new ExpectCertificateRequestOrDone(ctx, new ServerParams(randoms, suite, offer, ticketComing),
                    new SignatureVerified());
        }

        /** RFC 8422 5.4: the server's curve must be one the client offered in supported_groups. */
        private NamedGroup offeredCurve(int id) throws TlsAlertException {
            NamedGroup group = NamedGroup.fromId(id);
            if (group == null || !group.kind().isElliptic() || !ctx.config().namedGroups().contains(group)) {
                throw TlsAlertException.illegalParameter("server chose group " + id
                        + ", which the client did not offer " + ctx.config().namedGroups());
            }
            return group;
        }
    }

    /**
     * Proof that the ServerKeyExchange signature verified, or (RSA key exchange, which has none) that the
     * certificate whose key will encrypt the premaster secret was trusted.
     */
    static final class SignatureVerified {
        private SignatureVerified() {
        }

        static SignatureVerified notNeeded(CertificateVerified certificate) {
            Objects.requireNonNull(certificate);
            return new SignatureVerified();
        }
    }

    /** What the client knows once the server's key exchange parameters are authenticated. */
    record ServerParams(Randoms randoms, CipherSuite suite, KeyExchanges.ServerOffer offer, boolean ticketComing) {
    }

    /** RFC 5246 7.4.4 / 7.4.5: an optional CertificateRequest, then ServerHelloDone. */
    public static final class ExpectCertificateRequestOrDone implements HandshakeState {
        private final HandshakeContext ctx;
        private final ServerParams params;

        ExpectCertificateRequestOrDone(HandshakeContext ctx, ServerParams params, SignatureVerified proof) {
            this.ctx = ctx;
            this.params = params;
            Objects.requireNonNull(proof);
        }

        @Override
        public boolean isExpensive(HandshakeInput in) {
            return in instanceof HandshakeInput.Message m && m.type() == HandshakeType.SERVER_HELLO_DONE;
        }

        @Override
        public HandshakeState handle(HandshakeInput in) throws TlsAlertException {
            if (in instanceof HandshakeInput.Message m && m.type() == HandshakeType.CERTIFICATE_REQUEST) {
                if (params.suite().keyExchange().isAnonymous()) {
                    throw TlsAlertException.handshakeFailure(
                            "anonymous server requested a client certificate (RFC 5246 7.4.4)");
                }
                CertificateRequest cr = CertificateRequest.decode(new TlsReader(m.body()));
                ctx.transcript().update(m.raw(), 0, m.raw().length);
                return new ExpectServerHelloDone(ctx, params, cr);
            }
            HandshakeInput.Message m = expect(in, HandshakeType.SERVER_HELLO_DONE, "CertificateRequest or ServerHelloDone");
            return finishFlight(ctx, params, m, null);
        }
    }

    /** RFC 5246 7.4.5 after a CertificateRequest. */
    public static final class ExpectServerHelloDone implements HandshakeState {
        private final HandshakeContext ctx;
        private final ServerParams params;
        private final CertificateRequest request;

        ExpectServerHelloDone(HandshakeContext ctx, ServerParams params, CertificateRequest request) {
            this.ctx = ctx;
            this.params = params;
            this.request = request;
        }

        @Override
        public boolean isExpensive(HandshakeInput in) {
            return true;
        }

        @Override
        public HandshakeState handle(HandshakeInput in) throws TlsAlertException {
            HandshakeInput.Message m = expect(in, HandshakeType.SERVER_HELLO_DONE, "ServerHelloDone");
            return finishFlight(ctx, params, m, request);
        }
    }

    /**
     * ServerHelloDone received: send [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec
     * and Finished (RFC 5246 7.3).
     */
    private static HandshakeState finishFlight(HandshakeContext ctx, ServerParams params, HandshakeInput.Message done,
            CertificateRequest request) throws TlsAlertException {
        ServerHelloDone.decode(new TlsReader(done.body()));
        ctx.transcript().update(done.raw(), 0, done.raw().length);
        SessionState session = ctx.session();

        PrivateKey clientKey = null;
        SignatureScheme clientScheme = null;
        if (request != null) {
            session.peerSupportedSignatureSchemes = ctx.cache().share(known(request.signatureSchemes()));
            X509Certificate[] chain = null;
            String alias = ctx.auth().chooseClientAlias(clientKeyTypes(request), issuers(request));
            if (alias != null) {
                chain = ctx.config().keyManager().getCertificateChain(alias);
                clientKey = ctx.config().keyManager().getPrivateKey(alias);
            }
            if (chain != null && chain.length > 0 && clientKey != null) {
                clientScheme = Certificates.chooseScheme(ctx.config().signatureSchemes(),
                        request.signatureSchemes(), clientKey);
            }
            if (clientScheme == null) {
                clientKey = null;
                ctx.out().send(new CertificateMessage(List.of()));
            } else {
                session.localCertificates = chain;
                session.localSignatureScheme = clientScheme;
                ctx.out().send(new CertificateMessage(Certificates.encode(chain)));
            }
        }

        // RFC 5246 7.4.7.1: the RSA premaster secret carries the version offered in the ClientHello.
        KeyExchanges.ClientShare share = params.offer().respond(ctx.config().random(), ProtocolVersion.TLS12.wire());
        byte[] preMaster = share.preMasterSecret();
        ctx.out().send(share.message());

        CipherSuite suite = params.suite();
        byte[] master;
        try {
            master = masterSecret(ctx, suite, preMaster, params.randoms());
        } finally {
            Arrays.fill(preMaster, (byte) 0);
        }
        try {
            return sendSecondFlight(ctx, params, suite, master, clientKey, clientScheme);
        } catch (TlsAlertException | RuntimeException e) {
            Arrays.fill(master, (byte) 0); // no state holds it yet: the handshake ends here
            throw e;
        }
    }

    /** CertificateVerify, ChangeCipherSpec and Finished (RFC 5246 7.3), with the master secret just derived. */
    private static HandshakeState sendSecondFlight(HandshakeContext ctx, ServerParams params, CipherSuite suite,
            byte[] master, PrivateKey clientKey, SignatureScheme clientScheme) throws TlsAlertException {
        SessionState session = ctx.session();

        if (clientKey != null) {
            byte[] sig;
            try {
                sig = Signatures.sign(clientScheme, clientKey, ctx.transcript().messagesSoFar(), ctx.config().random());
            } catch (GeneralSecurityException e) {
                throw TlsAlertException.internalError("cannot sign CertificateVerify with "
                        + clientScheme.standardName() + ": " + e.getMessage(), e);
            }
            ctx.out().send(new CertificateVerify(clientScheme.id(), sig));
        }

        Protections p = Protections.derive(ctx, suite, master, params.randoms().client(), params.randoms().server(),
                true);
        RecordProtection read = p.read();
        ctx.out().sendChangeCipherSpec(p.write());
        byte[] verify = KeySchedule.verifyData(suite.prfHash(), master, true, ctx.transcript().current());
        session.clientVerifyData = verify;
        ctx.out().send(new Finished(verify));
        Negotiated negotiated = new Negotiated(suite, master, params.randoms().client(), read, null);
        return params.ticketComing() ? new ExpectNewSessionTicket(ctx, negotiated)
                : new ExpectChangeCipherSpec(ctx, negotiated);
    }

    /** RFC 5246 8.1 or, when negotiated, RFC 7627 4 over the transcript through ClientKeyExchange. */
    static byte[] masterSecret(HandshakeContext ctx, CipherSuite suite, byte[] preMaster, Randoms randoms) {
        if (ctx.session().extendedMasterSecret) {
            return KeySchedule.extendedMasterSecret(suite.prfHash(), preMaster, ctx.transcript().current());
        }
        return KeySchedule.masterSecret(suite.prfHash(), preMaster, randoms.client(), randoms.server());
    }

    private static String[] clientKeyTypes(CertificateRequest request) {
        Set<String> types = new LinkedHashSet<>();
        for (byte t : request.certificateTypes()) {
            switch (t & 0xFF) {
                case 1 -> {                      // rsa_sign, which covers RSASSA-PSS keys too (as SunJSSE)
                    types.add("RSA");
                    types.add("RSASSA-PSS");
                }
                case 2 -> types.add("DSA");      // dss_sign
                case 64 -> {                     // ecdsa_sign, which covers EdDSA too (RFC 8422 5.5)
                    types.add("EC");
                    types.add("EdDSA");
                }
                default -> { }
            }
        }
        return types.toArray(new String[0]);
    }

    private static X500Principal[] issuers(CertificateRequest request) {
        List<X500Principal> out = new ArrayList<>();
        for (byte[] der : request.certificateAuthorities()) {
            try {
                out.add(new X500Principal(der));
            } catch (IllegalArgumentException e) {
                // RFC 5246 7.4.4 hint only: an unparsable name is skipped
            }
        }
        return out.toArray(new X500Principal[0]);
    }

    static List<SignatureScheme> known(List<Integer> ids) {
        List<SignatureScheme> out = new ArrayList<>();
        for (int id : ids) {
            SignatureScheme s = SignatureScheme.fromId(id);
            if (s != null) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static HandshakeInput.Message expect(HandshakeInput in, HandshakeType type, String what) throws TlsAlertException {
        if (in instanceof HandshakeInput.Message m && m.type() == type) {
            return m;
        }
        throw TlsAlertException.unexpectedMessage("expected " + what + ", received " + in.describe());
    }
}
