package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.ClaspSSLSession;
import dev.clasp.it.TestPki.Peer;
import java.security.AlgorithmConstraints;
import java.security.AlgorithmParameters;
import java.security.CryptoPrimitive;
import java.security.Key;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * The JDK system properties Clasp reads when its SSLContext is initialised, each checked against a SunJSSE peer
 * the way SunJSSE itself honours it; and SSLParameters' AlgorithmConstraints in negotiation.
 */
class JdkPropertiesTest {

    /** Makes a Clasp context with the given system properties set, then restores them. */
    static SSLContext claspWith(Map<String, String> props, String keyStore) throws Exception {
        return with(props, () -> TestPki.context(Peer.CLASP, keyStore));
    }

    static <T> T with(Map<String, String> props, Callable<T> body) throws Exception {
        Map<String, String> old = new java.util.HashMap<>();
        for (String k : props.keySet()) {
            old.put(k, System.getProperty(k));
            System.setProperty(k, props.get(k));
        }
        try {
            return body.call();
        } finally {
            for (String k : props.keySet()) {
                if (old.get(k) == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, old.get(k));
                }
            }
        }
    }

    static SSLEngine client(SSLContext ctx) {
        SSLEngine e = ctx.createSSLEngine("localhost", 8443);
        e.setUseClientMode(true);
        return e;
    }

    static SSLEngine server(SSLContext ctx) {
        SSLEngine e = ctx.createSSLEngine();
        e.setUseClientMode(false);
        return e;
    }

    static EnginePair handshake(SSLEngine c, SSLEngine s) throws SSLException {
        EnginePair p = new EnginePair(c, s);
        p.handshake();
        return p;
    }

    @Test
    void serverProtocolsPropertyAffectsOnlyTheServerRole() throws Exception {
        SSLContext ctx = claspWith(Map.of("jdk.tls.server.protocols", "TLSv1.3"), "server-ec256.p12");
        SSLEngine s = server(ctx);
        assertArrayEquals(new String[0], s.getEnabledProtocols(), "TLSv1.2 is not a default server protocol");
        SSLEngine c = client(TestPki.context(Peer.SUNJSSE, null));
        assertThrows(SSLHandshakeException.class, () -> handshake(c, s));
        // The client role keeps TLSv1.2 (jdk.tls.client.protocols is unset), against a SunJSSE server.
        EnginePair ok = handshake(client(ctx), server(TestPki.context(Peer.SUNJSSE, "server-ec256.p12")));
        assertEquals("TLSv1.2", ok.client.getSession().getProtocol());
        // A context made without the property serves again.
        assertArrayEquals(new String[] {"TLSv1.2"}, server(TestPki.context(Peer.CLASP, "server-ec256.p12"))
                .getEnabledProtocols());
    }

    @Test
    void serverProtocolsNamingTls12KeepsIt() throws Exception {
        SSLContext ctx = claspWith(Map.of("jdk.tls.server.protocols", "\"TLSv1.3, TLSv1.2\""), "server-ec256.p12");
        EnginePair p = handshake(client(TestPki.context(Peer.SUNJSSE, null)), server(ctx));
        assertEquals("TLSv1.2", p.server.getSession().getProtocol());
    }

    /** The client's list is what the client sends in signature_algorithms: SunJSSE's server sees only it. */
    @Test
    void clientSignatureSchemesAreOfferedAndUnknownNamesIgnored() throws Exception {
        SSLContext ctx = claspWith(Map.of("jdk.tls.client.SignatureSchemes",
                "rsa_pkcs1_sha256, no_such_scheme,rsa_pss_rsae_sha512"), null);
        EnginePair p = handshake(client(ctx), server(TestPki.context(Peer.SUNJSSE, "server-rsa.p12")));
        ExtendedSSLSession cs = (ExtendedSSLSession) p.client.getSession();
        // SunJSSE's names (JCA algorithms), then the legacy certificate algorithms SunJSSE also lists.
        assertArrayEquals(new String[] {"SHA256withRSA", "RSASSA-PSS"},
                Arrays.copyOf(cs.getLocalSupportedSignatureAlgorithms(), 2));
        assertFalse(Arrays.asList(cs.getLocalSupportedSignatureAlgorithms()).contains("SHA384withRSA"));
        String chosen = ((ClaspSSLSession) cs).getPeerSignatureScheme();
        assertTrue(chosen.equals("rsa_pkcs1_sha256") || chosen.equals("rsa_pss_rsae_sha512"), chosen);
        // The ECDSA server has no scheme left to sign with: SunJSSE fails the handshake.
        assertThrows(SSLException.class, () -> handshake(client(ctx), server(TestPki.context(Peer.SUNJSSE,
                "server-ec256.p12"))));
    }

    @Test
    void signatureSchemesWithOnlyUnknownNamesMeanTheDefaults() throws Exception {
        SSLContext ctx = claspWith(Map.of("jdk.tls.client.SignatureSchemes", "bogus1,bogus2",
                "jdk.tls.server.SignatureSchemes", ""), "server-ec256.p12");
        EnginePair p = handshake(client(ctx), server(ctx));
        String[] local = ((ExtendedSSLSession) p.client.getSession()).getLocalSupportedSignatureAlgorithms();
        assertEquals("SHA256withECDSA", local[0]);
        assertTrue(local.length > 5, Arrays.toString(local));
    }

    /** The server signs its ServerKeyExchange (and asks for client certificates) only with its own list. */
    @Test
    void serverSignatureSchemesChooseTheServersSignature() throws Exception {
        // rsa_pkcs1_sha256 too: the test PKI's chains are signed with SHA256withRSA, and SunJSSE's key manager
        // offers a client chain only if the CertificateRequest lists its signature algorithm.
        SSLContext ctx = claspWith(Map.of("jdk.tls.server.SignatureSchemes", "rsa_pss_rsae_sha384,rsa_pkcs1_sha256"),
                "server-rsa.p12");
        SSLEngine s = server(ctx);
        s.setNeedClientAuth(true);
        EnginePair p = handshake(client(TestPki.context(Peer.SUNJSSE, "client-rsa.p12")), s);
        assertEquals("rsa_pss_rsae_sha384", ((ClaspSSLSession) p.server.getSession()).getLocalSignatureScheme());
        String cv = ((ClaspSSLSession) p.server.getSession()).getPeerSignatureScheme();
        assertTrue(cv.equals("rsa_pss_rsae_sha384") || cv.equals("rsa_pkcs1_sha256"),
                "the client's CertificateVerify used a scheme the CertificateRequest offered: " + cv);
        // The client role is unaffected.
        String[] client = ((ExtendedSSLSession) handshake(client(ctx), server(ctx)).client.getSession())
                .getLocalSupportedSignatureAlgorithms();
        assertTrue(client.length > 1, Arrays.toString(client));
    }

    @Test
    void sessionCacheSizeIsTheDefaultOfBothContexts() throws Exception {
        SSLContext ctx = claspWith(Map.of("javax.net.ssl.sessionCacheSize", "7"), null);
        assertEquals(7, ctx.getClientSessionContext().getSessionCacheSize());
        assertEquals(7, ctx.getServerSessionContext().getSessionCacheSize());
        for (String bad : new String[] {"-1", "lots"}) {
            SSLContext d = claspWith(Map.of("javax.net.ssl.sessionCacheSize", bad), null);
            assertEquals(20480, d.getServerSessionContext().getSessionCacheSize(), bad);
        }
        assertEquals(20480, TestPki.context(Peer.CLASP, null).getClientSessionContext().getSessionCacheSize());
        // SunJSSE reads the same default.
        SSLContext sun = with(Map.of("javax.net.ssl.sessionCacheSize", "7"), () -> SSLContext.getInstance("TLS", "SunJSSE"));
        assertEquals(7, sun.getClientSessionContext().getSessionCacheSize());
    }

    @Test
    void invalidBooleanPropertyFailsInit() throws Exception {
        assertThrows(java.security.KeyManagementException.class, () -> claspWith(
                Map.of("jdk.tls.useExtendedMasterSecret", "maybe"), null));
    }

    /** An AlgorithmConstraints that refuses the named algorithms (any primitive), as an application writes one. */
    record Refusing(Set<String> names) implements AlgorithmConstraints {
        @Override
        public boolean permits(Set<CryptoPrimitive> p, String algorithm, AlgorithmParameters params) {
            return !names.contains(algorithm);
        }

        @Override
        public boolean permits(Set<CryptoPrimitive> p, Key key) {
            return true;
        }

        @Override
        public boolean permits(Set<CryptoPrimitive> p, String algorithm, Key key, AlgorithmParameters params) {
            return !names.contains(algorithm);
        }
    }

    static void constrain(SSLEngine e, String... names) {
        SSLParameters p = e.getSSLParameters();
        p.setAlgorithmConstraints(new Refusing(Set.of(names)));
        e.setSSLParameters(p);
    }

    @Test
    void clientAlgorithmConstraintsRestrictSuitesGroupsAndSchemes() throws Exception {
        SSLEngine c = client(TestPki.context(Peer.CLASP, null));
        constrain(c, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "x25519", "RSASSA-PSS");
        EnginePair p = handshake(c, server(TestPki.context(Peer.SUNJSSE, "server-rsa.p12")));
        ClaspSSLSession s = (ClaspSSLSession) p.client.getSession();
        assertNotEquals("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", s.getCipherSuite());
        assertNotEquals("x25519", s.getNamedGroup());
        assertTrue(s.getPeerSignatureScheme().startsWith("rsa_pkcs1_"), s.getPeerSignatureScheme());
        for (String a : s.getLocalSupportedSignatureAlgorithms()) {
            assertNotEquals("RSASSA-PSS", a);
        }
        // Without constraints, SunJSSE's choices are the ones refused above.
        ClaspSSLSession free = (ClaspSSLSession) handshake(client(TestPki.context(Peer.CLASP, null)),
                server(TestPki.context(Peer.SUNJSSE, "server-rsa.p12"))).client.getSession();
        assertEquals("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", free.getCipherSuite());
        assertEquals("x25519", free.getNamedGroup());
        assertTrue(free.getPeerSignatureScheme().startsWith("rsa_pss_"), free.getPeerSignatureScheme());
    }

    @Test
    void serverAlgorithmConstraintsRestrictItsChoices() throws Exception {
        SSLEngine s = server(TestPki.context(Peer.CLASP, "server-ec256.p12"));
        constrain(s, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "x25519", "secp256r1");
        EnginePair p = handshake(client(TestPki.context(Peer.SUNJSSE, null)), s);
        ClaspSSLSession cs = (ClaspSSLSession) p.server.getSession();
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", cs.getCipherSuite());
        assertEquals("secp384r1", cs.getNamedGroup());
        // Nothing left: refused before anything is sent.
        SSLEngine none = server(TestPki.context(Peer.CLASP, "server-ec256.p12"));
        constrain(none, "TLSv1.2");
        assertThrows(SSLHandshakeException.class, () -> handshake(client(TestPki.context(Peer.SUNJSSE, null)), none));
    }

    /**
     * The JDK's PKIX trust manager reads the constraints from the Clasp engine it is handed (its
     * getSSLParameters()) and applies them to the peer's chain: refusing the chain's signature algorithm makes the
     * same server unacceptable. (A Clasp server: SunJSSE's key manager would itself refuse to send a chain signed
     * with an algorithm missing from the client's signature_algorithms.)
     */
    @Test
    void jdkTrustManagerAppliesTheEnginesConstraintsToTheChain() throws Exception {
        SSLEngine c = client(TestPki.context(Peer.CLASP, null));
        constrain(c, "SHA256withRSA"); // the test PKI signs every certificate with it; the EC server signs with ECDSA
        SSLException e = assertThrows(SSLException.class,
                () -> handshake(c, server(TestPki.context(Peer.CLASP, "server-ec256.p12"))));
        assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("constraint")
                || String.valueOf(e.getCause()).toLowerCase().contains("constraint"), String.valueOf(e));
    }
}
