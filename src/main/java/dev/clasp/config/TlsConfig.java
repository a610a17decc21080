package dev.clasp.config;

import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.SignatureScheme;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Everything one handshake needs to know about local policy, frozen when the handshake starts
 * (built from the engine's {@code SSLParameters} and the context's key and trust managers).
 *
 * @param clientMode          the role
 * @param cipherSuites        enabled suites in preference order (only suites Clasp implements)
 * @param namedGroups         enabled groups in preference order
 * @param signatureSchemes    enabled signature schemes in preference order
 * @param needClientAuth      server: a client certificate is required
 * @param wantClientAuth      server: a client certificate is requested
 * @param serverNames         client: the SNI names to send
 * @param sniMatchers         server: matchers the requested names must satisfy (empty: accept any)
 * @param useCipherSuitesOrder server: its own preference order wins
 * @param applicationProtocols ALPN protocols (empty: none)
 * @param peerHost            peer host as given by the application (may be null)
 * @param peerPort            peer port, or -1
 * @param keyManager          local credentials (never null; may hold no keys)
 * @param trustManager        peer verification (never null)
 * @param random              randomness for hellos and keys
 * @param alpnSelector        server: the application's selector, or null
 * @param maxHandshakeMessageSize   largest handshake message accepted ({@code jdk.tls.maxHandshakeMessageSize})
 * @param maxPeerCertificateChain   longest certificate chain accepted from the peer
 * @param rejectClientInitiatedRenegotiation server: refuse a ClientHello it did not ask for with HelloRequest
 *                            ({@code jdk.tls.rejectClientInitiatedRenegotiation}, default true)
 * @param useExtendedMasterSecret   RFC 7627 offered (client) and accepted (server); {@code jdk.tls.useExtendedMasterSecret}
 * @param allowLegacyResumption     server, with EMS on: a client resuming a session made without EMS gets a full
 *                                  handshake (true) or handshake_failure (false); {@code jdk.tls.allowLegacyResumption}
 * @param dheFallbackGroup  server: the DHE group when the client offers no FFDHE group (RFC 7919 4;
 *                          {@code jdk.tls.ephemeralDHKeySize})
 * @param recordLimits      max_fragment_length, record_size_limit and the maximum packet size (never null)
 */
public record TlsConfig(
        boolean clientMode,
        List<CipherSuite> cipherSuites,
        List<NamedGroup> namedGroups,
        List<SignatureScheme> signatureSchemes,
        boolean needClientAuth,
        boolean wantClientAuth,
        List<SNIServerName> serverNames,
        List<SNIMatcher> sniMatchers,
        boolean useCipherSuitesOrder,
        List<String> applicationProtocols,
        String peerHost,
        int peerPort,
        X509ExtendedKeyManager keyManager,
        X509ExtendedTrustManager trustManager,
        SecureRandom random,
        Function<List<String>, String> alpnSelector,
        int maxHandshakeMessageSize,
        int maxPeerCertificateChain,
        boolean rejectClientInitiatedRenegotiation,
        boolean useExtendedMasterSecret,
        boolean allowLegacyResumption,
        NamedGroup dheFallbackGroup,
        RecordLimits recordLimits) {

    /** SunJSSE's default for {@code jdk.tls.maxHandshakeMessageSize}. */
    public static final int DEFAULT_MAX_HANDSHAKE_MESSAGE = 32768;
    /** SunJSSE's defaults for the inbound certificate chain length: from a server 10, from a client 8. */
    public static final int DEFAULT_MAX_SERVER_CHAIN = 10;
    public static final int DEFAULT_MAX_CLIENT_CHAIN = 8;

    /** Client-initiated renegotiation refused and the extended master secret on, as SunJSSE by default. */
    public TlsConfig(boolean clientMode, List<CipherSuite> cipherSuites, List<NamedGroup> namedGroups,
            List<SignatureScheme> signatureSchemes, boolean needClientAuth, boolean wantClientAuth,
            List<SNIServerName> serverNames, List<SNIMatcher> sniMatchers, boolean useCipherSuitesOrder,
            List<String> applicationProtocols, String peerHost, int peerPort, X509ExtendedKeyManager keyManager,
            X509ExtendedTrustManager trustManager, SecureRandom random, Function<List<String>, String> alpnSelector,
            int maxHandshakeMessageSize, int maxPeerCertificateChain) {
        this(clientMode, cipherSuites, namedGroups, signatureSchemes, needClientAuth, wantClientAuth, serverNames,
                sniMatchers, useCipherSuitesOrder, applicationProtocols, peerHost, peerPort, keyManager, trustManager,
                random, alpnSelector, maxHandshakeMessageSize, maxPeerCertificateChain, true, true, true,
                NamedGroup.FFDHE2048, RecordLimits.NONE);
    }

    /** A configuration with SunJSSE's default limits. */
    public TlsConfig(boolean clientMode, List<CipherSuite> cipherSuites, List<NamedGroup> namedGroups,
            List<SignatureScheme> signatureSchemes, boolean needClientAuth, boolean wantClientAuth,
            List<SNIServerName> serverNames, List<SNIMatcher> sniMatchers, boolean useCipherSuitesOrder,
            List<String> applicationProtocols, String peerHost, int peerPort, X509ExtendedKeyManager keyManager,
            X509ExtendedTrustManager trustManager, SecureRandom random, Function<List<String>, String> alpnSelector) {
        this(clientMode, cipherSuites, namedGroups, signatureSchemes, needClientAuth, wantClientAuth, serverNames,
                sniMatchers, useCipherSuitesOrder, applicationProtocols, peerHost, peerPort, keyManager, trustManager,
                random, alpnSelector, DEFAULT_MAX_HANDSHAKE_MESSAGE,
                clientMode ? DEFAULT_MAX_SERVER_CHAIN : DEFAULT_MAX_CLIENT_CHAIN);
    }

    public TlsConfig {
        cipherSuites = List.copyOf(cipherSuites);
        namedGroups = List.copyOf(namedGroups);
        signatureSchemes = List.copyOf(signatureSchemes);
        serverNames = List.copyOf(serverNames);
        sniMatchers = List.copyOf(sniMatchers);
        applicationProtocols = List.copyOf(applicationProtocols);
        if (recordLimits == null) {
            throw new IllegalArgumentException("recordLimits must not be null");
        }
        if (dheFallbackGroup == null || dheFallbackGroup.kind() != NamedGroup.Kind.FFDHE) {
            throw new IllegalArgumentException("dheFallbackGroup must be an FFDHE group: " + dheFallbackGroup);
        }
    }
}
