package dev.clasp.engine;

import dev.clasp.config.Interner;
import dev.clasp.config.RecordLimits;
import dev.clasp.config.TlsConfig;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.ProtocolVersion;
import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.SignatureScheme;
import java.net.IDN;
import java.security.AlgorithmConstraints;
import java.security.CryptoPrimitive;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedTrustManager;

/** Turns an engine's (or socket's) SSLParameters and the context into the frozen {@link TlsConfig}. */
public final class EngineConfig {
    private static final java.util.Set<CryptoPrimitive> KEY_AGREEMENT = EnumSet.of(CryptoPrimitive.KEY_AGREEMENT);
    private static final java.util.Set<CryptoPrimitive> SIGNATURE = EnumSet.of(CryptoPrimitive.SIGNATURE);

    private EngineConfig() {
    }

    public static String[] supportedProtocols() {
        return new String[] {ProtocolVersion.TLS12.jsseName()};
    }

    /**
     * The suites an engine, socket or factory of this context lists as supported: those that
     * {@code jdk.tls.disabledAlgorithms} (read at context init) permits, in table order, as SunJSSE's
     * SSLContextImpl.getApplicableSupportedCipherSuites filters by SSLAlgorithmConstraints.DEFAULT. With the JDK's
     * default policy that leaves out the anon and NULL suites; they can still be enabled by name.
     */
    public static String[] supportedCipherSuites(EngineContext ctx) {
        List<String> out = new ArrayList<>();
        for (CipherSuite s : ctx.allowedSuites()) {
            out.add(s.name());
        }
        return out.toArray(new String[0]);
    }

    /**
     * JSSE contract: null or an unknown name is an IllegalArgumentException; known names are kept in order, an
     * alias as the standard name (SunJSSE's CipherSuite.validValuesOf). A known name the policy disables is
     * accepted, as SunJSSE accepts it, and never negotiated.
     */
    public static String[] checkCipherSuites(String[] suites) {
        if (suites == null) {
            throw new IllegalArgumentException("cipher suites must not be null");
        }
        String[] out = new String[suites.length];
        for (int i = 0; i < suites.length; i++) {
            CipherSuite s = suites[i] == null ? null : CipherSuite.fromName(suites[i]);
            if (s == null) {
                throw new IllegalArgumentException("unsupported cipher suite: " + suites[i]);
            }
            out[i] = s.name();
        }
        return out;
    }

    public static String[] checkProtocols(String[] protocols) {
        if (protocols == null) {
            throw new IllegalArgumentException("protocols must not be null");
        }
        for (String p : protocols) {
            if (p == null || !ProtocolVersion.isKnownName(p)) {
                throw new IllegalArgumentException("unsupported protocol: " + p);
            }
        }
        return protocols.clone();
    }

    /** The SNI name SunJSSE derives from a peer host: a DNS name with a dot, not an IP literal, no trailing dot. */
    public static List<SNIServerName> sniFromHost(String host) {
        if (host == null) {
            return List.of();
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (h.indexOf('.') <= 0 || isIpLiteral(h)) {
            return List.of();
        }
        try {
            return List.of(new SNIHostName(IDN.toASCII(h, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    static boolean isIpLiteral(String h) {
        if (h.indexOf(':') >= 0) {
            return true;
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Builds the frozen configuration for one handshake, or says why none can run. The SSLParameters'
     * AlgorithmConstraints filter the protocol, suites, groups and signature schemes by name as SunJSSE's
     * SSLAlgorithmConstraints does (protocols, suites and groups as KEY_AGREEMENT, schemes as SIGNATURE by
     * scheme name and by JCA signature algorithm); certificates are checked by the trust manager, which reads
     * the same constraints from the handshake session's engine or socket.
     */
    static TlsConfig build(EngineContext ctx, SSLParameters p, boolean client, String peerHost, int peerPort,
            X509ExtendedTrustManager trustManager, Function<List<String>, String> alpnSelector)
            throws SSLHandshakeException {
        AlgorithmConstraints constraints = p.getAlgorithmConstraints();
        List<String> roleProtocols = client ? ctx.defaultProtocols() : ctx.defaultServerProtocols();
        if (!Arrays.asList(p.getProtocols()).contains(ProtocolVersion.TLS12.jsseName())
                || !roleProtocols.contains(ProtocolVersion.TLS12.jsseName())
                || (constraints != null && !constraints.permits(KEY_AGREEMENT, ProtocolVersion.TLS12.jsseName(), null))) {
            throw new SSLHandshakeException("No appropriate protocol: Clasp speaks TLSv1.2 only and it is not enabled "
                    + "(enabled: " + Arrays.toString(p.getProtocols()) + ")");
        }
        List<CipherSuite> suites = new ArrayList<>();
        for (String name : p.getCipherSuites()) {
            CipherSuite s = CipherSuite.fromName(name);
            if (s != null && ctx.allowedSuites().contains(s) && !suites.contains(s)
                    && (constraints == null || constraints.permits(KEY_AGREEMENT, s.name(), null))) {
                suites.add(s);
            }
        }
        if (suites.isEmpty()) {
            throw new SSLHandshakeException("No appropriate cipher suite: none of the enabled suites "
                    + Arrays.toString(p.getCipherSuites()) + " is permitted (see jdk.tls.disabledAlgorithms and the"
                    + " SSLParameters' AlgorithmConstraints)");
        }
        List<NamedGroup> groups = new ArrayList<>();
        for (NamedGroup g : ctx.namedGroups()) {
            if (constraints == null || (constraints.permits(KEY_AGREEMENT, g.standardName(), null)
                    && constraints.permits(KEY_AGREEMENT, g.jcaName(), null))) {
                groups.add(g);
            }
        }
        List<SignatureScheme> schemes = new ArrayList<>();
        for (SignatureScheme s : client ? ctx.signatureSchemes() : ctx.serverSignatureSchemes()) {
            if (constraints == null || (constraints.permits(SIGNATURE, s.standardName(), null)
                    && constraints.permits(SIGNATURE, s.jcaAlgorithm(), null))) {
                schemes.add(s);
            }
        }
        if (groups.isEmpty() || schemes.isEmpty()) {
            throw new SSLHandshakeException("No appropriate " + (groups.isEmpty() ? "named group" : "signature scheme")
                    + ": the SSLParameters' AlgorithmConstraints permit none of the enabled ones");
        }
        List<SNIServerName> names = List.of();
        if (client) {
            names = p.getServerNames() != null ? p.getServerNames() : sniFromHost(peerHost);
        }
        // Shared with the context's other engines (and their sessions): an idle connection keeps no list of its own,
        // and engines with equal policies one TlsConfig (not with an ALPN selector: it holds on to its engine).
        Interner shared = ctx.interner();
        TlsConfig config = new TlsConfig(client, shared.share(List.copyOf(suites)), shared.share(List.copyOf(groups)),
                shared.share(List.copyOf(schemes)),
                p.getNeedClientAuth(), p.getWantClientAuth() || p.getNeedClientAuth(), names,
                p.getSNIMatchers() == null ? List.of() : new ArrayList<>(p.getSNIMatchers()),
                p.getUseCipherSuitesOrder(),
                p.getApplicationProtocols() == null ? List.of() : Arrays.asList(p.getApplicationProtocols()),
                peerHost, peerPort, ctx.keyManager(), trustManager, ctx.random(), alpnSelector,
                ctx.maxHandshakeMessageSize(),
                client ? ctx.maxServerCertificateChain() : ctx.maxClientCertificateChain(),
                ctx.rejectClientInitiatedRenegotiation(), ctx.useExtendedMasterSecret(), ctx.allowLegacyResumption(),
                ctx.dheFallbackGroup(),
                shared.share(RecordLimits.of(ctx.enableMaxFragmentLength(), ctx.recordSizeLimit(),
                        p.getMaximumPacketSize())),
                client && ctx.requestCertificateStatus(), client ? null : ctx.statusResponses());
        return alpnSelector == null ? shared.share(config) : config;
    }
}
