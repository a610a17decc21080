package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.ClaspSSLSession;
import dev.clasp.it.TestPki.Peer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4's interop matrix: DHE_RSA and DHE_DSS (RFC 7919 groups, and the fallback group when the client offers
 * none), static RSA key exchange and DSA client certificates, between Clasp and each real peer in both roles,
 * with and without client authentication: handshake, data both ways, clean close.
 */
class KeyExchangeInteropTest {
    static final String[] DHE_RSA_SUITES = {
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};
    static final String[] RSA_SUITES = {
        "TLS_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_RSA_WITH_AES_128_CBC_SHA256",
        "TLS_RSA_WITH_AES_256_CBC_SHA"};

    static final String[] DHE_DSS_SUITES = {
        "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256",
        "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384"};

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (Peer[] pair : InteropTest.PAIRS) {
            for (String suite : DHE_DSS_SUITES) {
                out.add(Arguments.of(pair[0], pair[1], suite, "ffdhe2048", "server-dsa.p12", false));
                out.add(Arguments.of(pair[0], pair[1], suite, "ffdhe3072", "server-dsa.p12", true));
            }
            for (String suite : DHE_RSA_SUITES) {
                out.add(Arguments.of(pair[0], pair[1], suite, "ffdhe2048", "server-rsa.p12", false));
                out.add(Arguments.of(pair[0], pair[1], suite, "ffdhe3072", "server-rsa.p12", true));
            }
            out.add(Arguments.of(pair[0], pair[1], DHE_RSA_SUITES[0], "ffdhe4096", "server-rsa.p12", false));
            for (String suite : RSA_SUITES) {
                out.add(Arguments.of(pair[0], pair[1], suite, "x25519", "server-rsa.p12", false));
                out.add(Arguments.of(pair[0], pair[1], suite, "x25519", "server-rsa.p12", true));
            }
        }
        // Clasp <-> Clasp over the largest groups, and a Clasp client that offers no FFDHE group: RFC 7919 4
        // lets the server pick its own group (jdk.tls.ephemeralDHKeySize, default 2048 bits).
        out.add(Arguments.of(Peer.CLASP, Peer.CLASP, DHE_RSA_SUITES[0], "ffdhe6144", "server-rsa.p12", false));
        out.add(Arguments.of(Peer.CLASP, Peer.CLASP, DHE_RSA_SUITES[1], "ffdhe8192", "server-rsa.p12", true));
        out.add(Arguments.of(Peer.CLASP, Peer.CLASP, DHE_RSA_SUITES[0], "x25519", "server-rsa.p12", false));
        out.add(Arguments.of(Peer.CLASP, Peer.SUNJSSE, DHE_RSA_SUITES[0], "x25519", "server-rsa.p12", false));
        out.add(Arguments.of(Peer.CLASP, Peer.BCJSSE, DHE_RSA_SUITES[0], "x25519", "server-rsa.p12", false));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} {2} {3} {4} clientAuth={5}")
    @MethodSource("matrix")
    void handshakeTransferClose(Peer clientPeer, Peer serverPeer, String suite, String group, String serverKeys,
            boolean clientAuth) throws Exception {
        // Clasp offers the group under test (and x25519, which the DHE suites ignore).
        String groups = group.equals("x25519") ? group : group + ",x25519";
        StaticRsa.assumePeersAllow(suite, clientPeer, serverPeer);
        SSLContext clientCtx = StaticRsa.permitted(() -> Groups.with(clientPeer, groups,
                () -> TestPki.context(clientPeer, clientAuth ? "client-all.p12" : null)));
        SSLContext serverCtx = StaticRsa.permitted(() -> Groups.with(serverPeer, groups,
                () -> TestPki.context(serverPeer, serverKeys)));
        EnginePair pair = run(clientCtx, serverCtx, suite, clientAuth);
        SSLEngine client = pair.client;
        SSLEngine server = pair.server;

        boolean dhe = suite.contains("_DHE_");
        for (SSLEngine e : new SSLEngine[] {client, server}) {
            SSLSession s = e.getSession();
            assertEquals("TLSv1.2", s.getProtocol());
            assertEquals(suite, s.getCipherSuite());
            if (s instanceof ClaspSSLSession cs) {
                if (!dhe) {
                    assertNull(cs.getNamedGroup(), "no group with RSA key exchange");
                } else if (!group.equals("x25519") || clientPeer == Peer.CLASP && serverPeer == Peer.CLASP) {
                    // What the client offered, or the server's 2048-bit fallback when it offered none.
                    assertEquals(group.equals("x25519") ? "ffdhe2048" : group, cs.getNamedGroup());
                }
            }
        }
        X509Certificate serverLeaf = (X509Certificate) client.getSession().getPeerCertificates()[0];
        assertTrue(serverLeaf.getSubjectX500Principal().getName().contains("clasp-" + serverKeys.replace(".p12", "")));
        if (clientAuth) {
            X509Certificate clientLeaf = (X509Certificate) server.getSession().getPeerCertificates()[0];
            assertTrue(clientLeaf.getSubjectX500Principal().getName().contains("clasp-client"));
        } else {
            assertThrows(SSLPeerUnverifiedException.class, () -> server.getSession().getPeerCertificates());
        }
        byte[] big = new byte[40_000];
        new Random(42).nextBytes(big);
        assertArrayEquals(big, pair.send(true, big), "client -> server");
        byte[] reply = new byte[20_000];
        new Random(7).nextBytes(reply);
        assertArrayEquals(reply, pair.send(false, reply), "server -> client");
        pair.close(true);
        assertTrue(client.isOutboundDone() && client.isInboundDone(), "client closed");
        assertTrue(server.isOutboundDone() && server.isInboundDone(), "server closed");
    }

    /**
     * DSA client certificates: a Clasp client whose key manager holds only a DSA key sends it when the server's
     * CertificateRequest allows dss_sign (OpenJDK's sanity/interop/ClientJSSEServerJSSE needs this), and a Clasp
     * server accepts one (CertificateVerify with dsa_sha*, checkClientTrusted with "DSA").
     */
    @ParameterizedTest(name = "{0} -> {1} {2} DSA client certificate")
    @MethodSource("dsaClients")
    void dsaClientCertificate(Peer clientPeer, Peer serverPeer, String suite, String serverKeys) throws Exception {
        SSLContext clientCtx = TestPki.context(clientPeer, "client-dsa.p12");
        SSLContext serverCtx = TestPki.context(serverPeer, serverKeys);
        EnginePair pair = run(clientCtx, serverCtx, suite, true);
        X509Certificate clientLeaf = (X509Certificate) pair.server.getSession().getPeerCertificates()[0];
        assertTrue(clientLeaf.getSubjectX500Principal().getName().contains("clasp-client-dsa"));
        assertEquals("DSA", clientLeaf.getPublicKey().getAlgorithm());
        for (SSLEngine e : new SSLEngine[] {pair.client, pair.server}) {
            if (e.getSession() instanceof ClaspSSLSession cs) {
                String scheme = e == pair.client ? cs.getLocalSignatureScheme() : cs.getPeerSignatureScheme();
                assertTrue(scheme.startsWith("dsa_sha"), scheme);
            }
        }
        byte[] data = new byte[5000];
        new Random(3).nextBytes(data);
        assertArrayEquals(data, pair.send(true, data));
        pair.close(false);
        assertTrue(pair.client.isInboundDone() && pair.server.isOutboundDone());
    }

    static Stream<Arguments> dsaClients() {
        List<Arguments> out = new ArrayList<>();
        for (Peer[] pair : InteropTest.PAIRS) {
            out.add(Arguments.of(pair[0], pair[1], "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "server-rsa.p12"));
            out.add(Arguments.of(pair[0], pair[1], DHE_RSA_SUITES[1], "server-rsa.p12"));
            out.add(Arguments.of(pair[0], pair[1], DHE_DSS_SUITES[0], "server-dsa.p12"));
        }
        return out.stream();
    }

    /**
     * RFC 7919 4: a client that offers no FFDHE group gets the server's own choice, which SunJSSE takes from
     * jdk.tls.ephemeralDHKeySize (read when the context is initialised; never below 2048 bits in Clasp).
     */
    @ParameterizedTest(name = "jdk.tls.ephemeralDHKeySize={0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource({"3072, ffdhe3072", "4096, ffdhe4096", "1024, ffdhe2048",
        "legacy, ffdhe2048", "5000, ffdhe4096"})
    void ephemeralDhKeySizeSetsTheFallbackGroup(String size, String expected) throws Exception {
        SSLContext serverCtx;
        synchronized (Groups.class) {
            String old = System.getProperty("jdk.tls.ephemeralDHKeySize");
            System.setProperty("jdk.tls.ephemeralDHKeySize", size);
            try {
                serverCtx = TestPki.context(Peer.CLASP, "server-rsa.p12");
            } finally {
                if (old == null) {
                    System.clearProperty("jdk.tls.ephemeralDHKeySize");
                } else {
                    System.setProperty("jdk.tls.ephemeralDHKeySize", old);
                }
            }
        }
        SSLContext clientCtx = Groups.with(Peer.CLASP, "x25519", () -> TestPki.context(Peer.CLASP, null));
        EnginePair pair = run(clientCtx, serverCtx, DHE_RSA_SUITES[0], false);
        assertEquals(expected, ((ClaspSSLSession) pair.client.getSession()).getNamedGroup());
        assertEquals(expected, ((ClaspSSLSession) pair.server.getSession()).getNamedGroup());
    }

    static EnginePair run(SSLContext clientCtx, SSLContext serverCtx, String suite, boolean clientAuth)
            throws Exception {
        SSLEngine client = clientCtx.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {suite});
        SSLEngine server = serverCtx.createSSLEngine();
        server.setUseClientMode(false);
        server.setEnabledCipherSuites(new String[] {suite});
        server.setNeedClientAuth(clientAuth);
        EnginePair pair = new EnginePair(client, server);
        pair.handshake();
        return pair;
    }
}
