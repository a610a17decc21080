package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Issue 2's interop matrix: every core suite x group x server certificate, with and without client
 * authentication, between Clasp and each real peer (SunJSSE, BCJSSE, Clasp itself) in both roles, over
 * in-memory engine pairs: handshake, data both ways (more than one record), clean close on both sides.
 */
class InteropTest {
    static final String[] ECDSA_SUITES = {
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"};
    static final String[] RSA_SUITES = {
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};
    static final String[] GROUPS = {"x25519", "secp256r1", "secp384r1", "secp521r1", "x448"};
    static final Peer[][] PAIRS = {
        {Peer.CLASP, Peer.SUNJSSE}, {Peer.SUNJSSE, Peer.CLASP}, {Peer.CLASP, Peer.CLASP},
        {Peer.CLASP, Peer.BCJSSE}, {Peer.BCJSSE, Peer.CLASP}};

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (Peer[] pair : PAIRS) {
            for (String group : GROUPS) {
                for (String suite : ECDSA_SUITES) {
                    out.add(Arguments.of(pair[0], pair[1], suite, group, "server-ec256.p12", false));
                    out.add(Arguments.of(pair[0], pair[1], suite, group, "server-ec384.p12", true));
                }
                for (String suite : RSA_SUITES) {
                    out.add(Arguments.of(pair[0], pair[1], suite, group, "server-rsa.p12", false));
                    out.add(Arguments.of(pair[0], pair[1], suite, group, "server-rsa.p12", true));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} {2} {3} {4} clientAuth={5}")
    @MethodSource("matrix")
    void handshakeTransferClose(Peer clientPeer, Peer serverPeer, String suite, String group, String serverKeys,
            boolean clientAuth) throws Exception {
        // The group under test first; an ECDSA certificate's own curve must be offered too (RFC 8422 5.1).
        String groups = group + (serverKeys.contains("ec256") ? ",secp256r1" : serverKeys.contains("ec384") ? ",secp384r1" : "");
        SSLContext clientCtx = Groups.with(clientPeer, groups,
                () -> TestPki.context(clientPeer, clientAuth ? "client-all.p12" : null));
        SSLContext serverCtx = Groups.with(serverPeer, groups, () -> TestPki.context(serverPeer, serverKeys));
        SSLEngine client = clientCtx.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {suite});
        SSLEngine server = serverCtx.createSSLEngine();
        server.setUseClientMode(false);
        server.setNeedClientAuth(clientAuth);

        EnginePair pair = new EnginePair(client, server);
        pair.handshake();

        for (SSLEngine e : new SSLEngine[] {client, server}) {
            SSLSession s = e.getSession();
            assertEquals("TLSv1.2", s.getProtocol());
            assertEquals(suite, s.getCipherSuite());
        }
        X509Certificate serverLeaf = (X509Certificate) client.getSession().getPeerCertificates()[0];
        assertTrue(serverLeaf.getSubjectX500Principal().getName().contains("CN="), "server certificate present");
        if (clientAuth) {
            X509Certificate clientLeaf = (X509Certificate) server.getSession().getPeerCertificates()[0];
            assertTrue(clientLeaf.getSubjectX500Principal().getName().contains("clasp-client"));
        } else {
            assertThrows(SSLPeerUnverifiedException.class, () -> server.getSession().getPeerCertificates());
        }

        byte[] big = new byte[70_000];
        new Random(42).nextBytes(big);
        assertArrayEquals(big, pair.send(true, big), "client -> server");
        byte[] reply = new byte[33_000];
        new Random(7).nextBytes(reply);
        assertArrayEquals(reply, pair.send(false, reply), "server -> client");

        pair.close(true);
        assertTrue(client.isOutboundDone() && client.isInboundDone(), "client closed");
        assertTrue(server.isOutboundDone() && server.isInboundDone(), "server closed");
    }
}
