package dev.clasp.engine;

import dev.clasp.config.Interner;
import dev.clasp.config.StatusResponseSource;
import dev.clasp.handshake.SecretLog;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.SignatureScheme;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What an {@code SSLContext} gives each engine it creates: managers, randomness, the session caches and the
 * defaults and limits computed (from security and system properties) when the context was initialised, and the
 * {@code clasp.debug} trace setting. {@code defaultProtocols} and {@code signatureSchemes} are the client role's,
 * the {@code server*} ones the server role's ({@code jdk.tls.client/server.protocols},
 * {@code jdk.tls.client/server.SignatureSchemes}). {@code enableMaxFragmentLength} is SunJSSE's
 * {@code jsse.enableMFLNExtension}; {@code recordSizeLimit} is {@code clasp.recordSizeLimit} (0: off, -1: unset).
 * {@code requestCertificateStatus} and {@code statusResponses} (null: off) are the client and server sides of OCSP
 * stapling (RFC 6066 8). {@code interner} shares equal immutable lists between the context's engines and sessions.
 */
public record EngineContext(
        X509ExtendedKeyManager keyManager,
        X509ExtendedTrustManager trustManager,
        SecureRandom random,
        ClaspSessionContext clientSessions,
        ClaspSessionContext serverSessions,
        List<CipherSuite> defaultClientSuites,
        List<CipherSuite> defaultServerSuites,
        List<CipherSuite> allowedSuites,
        List<String> defaultProtocols,
        List<String> defaultServerProtocols,
        List<NamedGroup> namedGroups,
        List<SignatureScheme> signatureSchemes,
        List<SignatureScheme> serverSignatureSchemes,
        boolean useExtendedMasterSecret,
        boolean allowLegacyResumption,
        int maxHandshakeMessageSize,
        int maxServerCertificateChain,
        int maxClientCertificateChain,
        SecretLog keyLog,
        boolean rejectClientInitiatedRenegotiation,
        Debug debug,
        NamedGroup dheFallbackGroup,
        boolean enableMaxFragmentLength,
        int recordSizeLimit,
        boolean requestCertificateStatus,
        StatusResponseSource statusResponses,
        Interner interner) {
}
