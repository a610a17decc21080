package dev.clasp.engine;

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
 * defaults and limits computed (from security and system properties) when the context was initialised.
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
        List<NamedGroup> namedGroups,
        List<SignatureScheme> signatureSchemes,
        int maxHandshakeMessageSize,
        int maxServerCertificateChain,
        int maxClientCertificateChain,
        SecretLog keyLog,
        boolean rejectClientInitiatedRenegotiation,
        NamedGroup dheFallbackGroup) {
}
