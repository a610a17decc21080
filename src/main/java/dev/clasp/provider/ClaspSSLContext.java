package dev.clasp.provider;

import dev.clasp.config.Interner;
import dev.clasp.config.TlsConfig;
import dev.clasp.engine.ClaspSSLEngine;
import dev.clasp.engine.ClaspSSLServerSocketFactory;
import dev.clasp.engine.ClaspSSLSocketFactory;
import dev.clasp.engine.ClaspSessionContext;
import dev.clasp.engine.Debug;
import dev.clasp.engine.EngineConfig;
import dev.clasp.engine.EngineContext;
import dev.clasp.engine.NssKeyLog;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.SignatureScheme;
import java.io.FileInputStream;
import java.io.InputStream;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Clasp's {@code SSLContextSpi}. Security properties and {@code jdk.tls.*} system properties are read when the
 * context is initialised, so an application may change them at run time before {@code init}.
 */
public class ClaspSSLContext extends SSLContextSpi {
    private final ClaspSessionContext clientSessions = new ClaspSessionContext();
    private final ClaspSessionContext serverSessions = new ClaspSessionContext();
    private volatile EngineContext ctx;

    /** SunJSSE's default for both session caches. */
    static final int DEFAULT_SESSION_CACHE_SIZE = 20480;

    /** The session caches' default size is read here, when the context is made, as SunJSSE does. */
    protected ClaspSSLContext(Provider provider) {
        int size = defaultSessionCacheSize();
        clientSessions.setSessionCacheSize(size);
        serverSessions.setSessionCacheSize(size);
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
        try {
            ctx = build(km, tm, sr);
        } catch (KeyManagementException e) {
            throw e;
        } catch (Exception e) {
            throw new KeyManagementException("cannot initialise the Clasp SSLContext: " + e.getMessage(), e);
        }
    }

    private EngineContext build(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws Exception {
        SecureRandom random = sr != null ? sr : new SecureRandom();
        // RFC 5077 session tickets, on by default in both roles; SunJSSE's switches, read now (ENGINEERING 2.8).
        clientSessions.configureTickets(flag("jdk.tls.client.enableSessionTicketExtension", true), false, random, 0);
        serverSessions.configureTickets(flag("jdk.tls.server.enableSessionTicketExtension", true), true, random,
                positive("jdk.tls.server.statelessKeyTimeout", 3600));
        DisabledAlgorithms disabled = DisabledAlgorithms.fromSecurityProperty();
        List<CipherSuite> allowed = new ArrayList<>();
        for (CipherSuite s : CipherSuite.values()) {
            if (disabled.permits(s)) {
                allowed.add(s);
            }
        }
        List<String> clientProtocols = protocols("jdk.tls.client.protocols", disabled);
        List<String> serverProtocols = protocols("jdk.tls.server.protocols", disabled);
        List<NamedGroup> groups = new ArrayList<>();
        for (NamedGroup g : namedGroups()) {
            if (disabled.permits(g)) {
                groups.add(g);
            }
        }
        return new EngineContext(KeyManagers.choose(km), TrustManagers.choose(tm),
                random, clientSessions, serverSessions,
                defaults("jdk.tls.client.cipherSuites", allowed), defaults("jdk.tls.server.cipherSuites", allowed),
                allowed, clientProtocols, serverProtocols, List.copyOf(groups),
                signatureSchemes("jdk.tls.client.SignatureSchemes"), signatureSchemes("jdk.tls.server.SignatureSchemes"),
                bool("jdk.tls.useExtendedMasterSecret", true), bool("jdk.tls.allowLegacyResumption", true),
                positive("jdk.tls.maxHandshakeMessageSize", TlsConfig.DEFAULT_MAX_HANDSHAKE_MESSAGE),
                chainLimit("jdk.tls.client.maxInboundCertificateChainLength", TlsConfig.DEFAULT_MAX_SERVER_CHAIN),
                chainLimit("jdk.tls.server.maxInboundCertificateChainLength", TlsConfig.DEFAULT_MAX_CLIENT_CHAIN),
                NssKeyLog.fromEnvironment(),
                // SunJSSE's switch (default true: a server refuses renegotiation it did not ask for)
                flag("jdk.tls.rejectClientInitiatedRenegotiation", true), Debug.fromProperty(),
                dheFallbackGroup(), flag("jsse.enableMFLNExtension", false), recordSizeLimit(),
                // OCSP stapling (RFC 6066 8), SunJSSE's switches: a client asks by default, a server staples only
                // when enabled, from the responders the jdk.tls.stapling.* properties configure.
                flag("jdk.tls.client.enableStatusRequestExtension", true),
                flag("jdk.tls.server.enableStatusRequestExtension", false) ? OcspStapler.fromProperties() : null,
                new Interner());
    }

    /**
     * {@code clasp.recordSizeLimit}: the largest record plaintext this side accepts, announced with RFC 8449
     * record_size_limit (a client offers it, a server answers with it): 64..16384; 0 turns it off; unset or
     * anything else is -1, "derive it from the maximum packet size" (see RecordLimits.of).
     */
    static int recordSizeLimit() {
        String v = System.getProperty("clasp.recordSizeLimit");
        if (v == null || v.isBlank()) {
            return -1;
        }
        try {
            int n = Integer.parseInt(v.trim());
            return n == 0 || (n >= 64 && n <= 16384) ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The DHE group a server uses when the client offers no FFDHE group (RFC 7919 4): SunJSSE's
     * {@code jdk.tls.ephemeralDHKeySize} (default 2048) rounded down to an RFC 7919 group. Clasp never goes below
     * 2048 bits, so "legacy", "matched" and smaller sizes give ffdhe2048.
     */
    static NamedGroup dheFallbackGroup() {
        String v = System.getProperty("jdk.tls.ephemeralDHKeySize");
        int bits = 2048;
        if (v != null) {
            try {
                bits = Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                bits = 2048;
            }
        }
        NamedGroup out = NamedGroup.FFDHE2048;
        for (NamedGroup g : List.of(NamedGroup.FFDHE3072, NamedGroup.FFDHE4096, NamedGroup.FFDHE6144,
                NamedGroup.FFDHE8192)) {
            if (bits >= g.fieldLength() * 8) {
                out = g;
            }
        }
        return out;
    }

    /**
     * The role's default protocols: TLSv1.2 unless the property is set and does not name it (as SunJSSE's
     * CustomizedSSLProtocols: comma-separated, optionally quoted) or jdk.tls.disabledAlgorithms disables it.
     */
    private static List<String> protocols(String property, DisabledAlgorithms disabled) {
        String requested = unquote(System.getProperty(property));
        boolean named = requested == null || requested.isBlank()
                || List.of(requested.trim().split("\\s*,\\s*")).contains("TLSv1.2");
        return disabled.permitsProtocol("TLSv1.2") && named ? List.of("TLSv1.2") : List.of();
    }

    /**
     * The role's signature schemes, in the property's order; unknown names are ignored and an empty result
     * means the default list, as SunJSSE's SSLConfiguration.getCustomizedSignatureScheme.
     */
    static List<SignatureScheme> signatureSchemes(String property) {
        String prop = unquote(System.getProperty(property));
        List<SignatureScheme> out = new ArrayList<>();
        if (prop != null) {
            for (String name : prop.split(",")) {
                SignatureScheme s = SignatureScheme.fromName(name.trim());
                if (s != null && !out.contains(s)) {
                    out.add(s);
                }
            }
        }
        return out.isEmpty() ? SignatureScheme.DEFAULT_ORDER : List.copyOf(out);
    }

    /** A boolean property as SunJSSE's Utilities.getBooleanProperty: unset is the default, else true/false. */
    private static boolean bool(String property, boolean fallback) throws KeyManagementException {
        String v = System.getProperty(property);
        if (v == null) {
            return fallback;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new KeyManagementException("Value of " + property + " must either be 'true' or 'false'");
    }

    private static String unquote(String v) {
        if (v != null && v.length() > 1 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    /** {@code javax.net.ssl.sessionCacheSize} as SunJSSE's SSLSessionContextImpl: unset, invalid or negative: 20480. */
    static int defaultSessionCacheSize() {
        try {
            int n = Integer.getInteger("javax.net.ssl.sessionCacheSize", DEFAULT_SESSION_CACHE_SIZE);
            return n >= 0 ? n : DEFAULT_SESSION_CACHE_SIZE;
        } catch (SecurityException e) {
            return DEFAULT_SESSION_CACHE_SIZE;
        }
    }

    private static List<NamedGroup> namedGroups() {
        String prop = System.getProperty("jdk.tls.namedGroups");
        if (prop == null || prop.isBlank()) {
            return NamedGroup.DEFAULT_ORDER;
        }
        List<NamedGroup> out = new ArrayList<>();
        for (String name : prop.replace("\"", "").split("\\s*,\\s*")) {
            NamedGroup g = NamedGroup.fromName(name.trim());
            if (g != null && !out.contains(g)) {
                out.add(g);
            }
        }
        return out;
    }

    /** Default enabled suites: the property's list (in its order) when set, else Clasp's default order. */
    private static List<CipherSuite> defaults(String property, List<CipherSuite> allowed) {
        String prop = System.getProperty(property);
        List<CipherSuite> out = new ArrayList<>();
        if (prop != null && !prop.isBlank()) {
            for (String name : prop.replace("\"", "").split("\\s*,\\s*")) {
                CipherSuite s = CipherSuite.fromName(name.trim());
                if (s != null && allowed.contains(s) && !out.contains(s)) {
                    out.add(s);
                }
            }
            return List.copyOf(out);
        }
        for (CipherSuite s : CipherSuite.DEFAULT_ORDER) {
            if (allowed.contains(s)) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /** A boolean system property ("true"/"false", any case), or {@code fallback} when unset or other. */
    static boolean flag(String property, boolean fallback) {
        String v = System.getProperty(property);
        if (v == null) {
            return fallback;
        }
        v = v.trim();
        return v.equalsIgnoreCase("true") || (!v.equalsIgnoreCase("false") && fallback);
    }

    /** A positive integer system property, or {@code fallback} when unset or invalid (as SunJSSE). */
    private static int positive(String property, int fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            return n > 0 ? n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The role's inbound chain limit, else {@code jdk.tls.maxCertificateChainLength}, else SunJSSE's default. */
    private static int chainLimit(String property, int fallback) {
        return positive(property, positive("jdk.tls.maxCertificateChainLength", fallback));
    }

    EngineContext context() {
        EngineContext c = ctx;
        if (c == null) {
            throw new IllegalStateException("SSLContext is not initialized");
        }
        return c;
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return new ClaspSSLEngine(context(), null, -1);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return new ClaspSSLEngine(context(), host, port);
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return new ClaspSSLSocketFactory(context());
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return new ClaspSSLServerSocketFactory(context());
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return serverSessions;
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return clientSessions;
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        EngineContext c = context();
        return new SSLParameters(c.defaultClientSuites().stream().map(Enum::name).toArray(String[]::new),
                c.defaultProtocols().toArray(new String[0]));
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return new SSLParameters(EngineConfig.supportedCipherSuites(context()), EngineConfig.supportedProtocols());
    }

    /** {@code SSLContext.getInstance("TLS")} and {@code "TLSv1.2"}: initialised by the application. */
    public static final class Tls extends ClaspSSLContext {
        public Tls(Provider provider) {
            super(provider);
        }
    }

    /**
     * {@code SSLContext.getInstance("Default")}: initialised from the {@code javax.net.ssl.keyStore*} and
     * {@code javax.net.ssl.trustStore*} system properties (the trust store through the default
     * TrustManagerFactory, which falls back to the JDK's cacerts), as SunJSSE's default context is.
     */
    public static final class Default extends ClaspSSLContext {
        public Default(Provider provider) {
            super(provider);
            try {
                super.engineInit(defaultKeyManagers(), null, null);
            } catch (Exception e) {
                throw new IllegalStateException("cannot initialise the default Clasp SSLContext: " + e.getMessage(), e);
            }
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("Default SSLContext is initialized automatically");
        }

        private static KeyManager[] defaultKeyManagers() throws Exception {
            String file = System.getProperty("javax.net.ssl.keyStore", "");
            String type = System.getProperty("javax.net.ssl.keyStoreType", KeyStore.getDefaultType());
            String provider = System.getProperty("javax.net.ssl.keyStoreProvider", "");
            String password = System.getProperty("javax.net.ssl.keyStorePassword");
            char[] pw = password == null ? null : password.toCharArray();
            if (file.isEmpty() || "NONE".equals(file)) {
                if (!"PKCS11".equalsIgnoreCase(type)) {
                    return new KeyManager[0];
                }
            }
            KeyStore ks = provider.isEmpty() ? KeyStore.getInstance(type) : KeyStore.getInstance(type, provider);
            if (file.isEmpty() || "NONE".equals(file)) {
                ks.load(null, pw);
            } else {
                try (InputStream in = new FileInputStream(file)) {
                    ks.load(in, pw);
                }
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            return kmf.getKeyManagers();
        }
    }
}
