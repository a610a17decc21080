package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clasp.it.TestPki.Peer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 8422 5.1.1: an Ed25519 server certificate authenticates the ECDHE_ECDSA suites in TLS 1.2, signing the
 * ServerKeyExchange with the ed25519 scheme. Clasp in both roles against SunJSSE and itself.
 */
class EdDsaTest {
    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
        "CLASP, CLASP, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "CLASP, CLASP, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "SUNJSSE, CLASP, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "CLASP, SUNJSSE, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"})
    void ed25519ServerCertificate(Peer clientPeer, Peer serverPeer, String suite) throws Exception {
        SSLEngine client = TestPki.context(clientPeer, null).createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {suite});
        SSLEngine server = TestPki.context(serverPeer, "server-ed25519.p12").createSSLEngine();
        server.setUseClientMode(false);
        EnginePair pair = new EnginePair(client, server);
        pair.handshake();
        assertEquals(suite, client.getSession().getCipherSuite());
        X509Certificate leaf = (X509Certificate) client.getSession().getPeerCertificates()[0];
        assertEquals("EdDSA", leaf.getPublicKey().getAlgorithm());
        byte[] msg = "ed25519".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(msg, pair.send(true, msg));
    }
}
