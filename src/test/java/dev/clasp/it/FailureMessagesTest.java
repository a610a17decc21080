package dev.clasp.it;

import static dev.clasp.it.NegativeHandshakeTest.DEFAULT;
import static dev.clasp.it.NegativeHandshakeTest.client;
import static dev.clasp.it.NegativeHandshakeTest.server;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki.Peer;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, failures that tell the fix: for each common failure, Clasp's exception names what each side offered or
 * what was checked, and the next step. Both the side that detects the fault and a Clasp side that only receives
 * the alert are checked, against SunJSSE (and Clasp) peers. NegativeHandshakeTest checks the alerts and the
 * engine states for the same faults.
 */
class FailureMessagesTest {
    private static MitmPair run(SSLEngine c, SSLEngine s) throws Exception {
        return new MitmPair(c, s, MitmPair.NONE).run();
    }

    private static void assertSays(SSLException e, String... parts) {
        assertNotNull(e, "no exception");
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
    }

    private static Consumer<SSLEngine> suites(String... s) {
        return e -> e.setEnabledCipherSuites(s);
    }

    private static Consumer<SSLEngine> alpn(String... protocols) {
        return e -> {
            SSLParameters p = e.getSSLParameters();
            p.setApplicationProtocols(protocols);
            e.setSSLParameters(p);
        };
    }

    @Test
    void noCipherSuiteInCommon() throws Exception {
        MitmPair p = run(client(Peer.SUNJSSE, null, suites("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")),
                server(Peer.CLASP, "server-ec256.p12", suites("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")));
        assertSays(p.serverError(), "no cipher suite in common: client offered [TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]",
                "server enabled [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]", "next step: enable one suite on both sides");
        // A Clasp client that only hears handshake_failure from SunJSSE says what it offered.
        MitmPair q = run(client(Peer.CLASP, null, suites("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")),
                server(Peer.SUNJSSE, "server-ec256.p12", suites("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")));
        assertSays(q.clientError(), "Received fatal alert: handshake_failure (the server found nothing acceptable: "
                + "this client offered TLSv1.2, suites [TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384], groups [x25519",
                "signature schemes [ecdsa_secp256r1_sha256", "next step: compare with what the server enables");
    }

    @Test
    void noCommonGroup() throws Exception {
        SSLEngine c = Groups.with(Peer.CLASP, "x448", () -> TestPki.context(Peer.CLASP, null))
                .createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        SSLEngine s = Groups.with(Peer.CLASP, "secp256r1", () -> TestPki.context(Peer.CLASP, "server-ec256.p12"))
                .createSSLEngine();
        s.setUseClientMode(false);
        MitmPair p = run(c, s);
        assertSays(p.serverError(), "no ECDHE group in common: client offered [x448], server enabled [secp256r1]",
                "next step: enable one group on both sides (jdk.tls.namedGroups)");
        assertSays(p.clientError(), "Received fatal alert: handshake_failure", "groups [x448]");
    }

    @Test
    void noCertificateForTheClientsSuitesAndSignatureSchemes() throws Exception {
        MitmPair p = run(client(Peer.SUNJSSE, null, suites("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")),
                server(Peer.CLASP, "server-ec256.p12", DEFAULT));
        assertSays(p.serverError(), "no server certificate fits the suites in common "
                + "[TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256] with the client's signature schemes [",
                "RSA_PSS_RSAE_SHA256", "key manager returned {RSA=no alias, RSASSA-PSS=no alias}", "next step: give the server a certificate");
    }

    @Test
    void untrustedIssuer() throws Exception {
        MitmPair p = run(client(Peer.CLASP, null, DEFAULT), server(Peer.SUNJSSE, "server-untrusted.p12", DEFAULT));
        assertSays(p.clientError(), "server certificate for CN=clasp-server-untrusted,O=Clasp Untrusted not trusted",
                "the chain (1 certificate) ends at CN=clasp-server-untrusted,O=Clasp Untrusted, issued by "
                        + "CN=clasp-server-untrusted,O=Clasp Untrusted, which is not a trust anchor here",
                "next step: add that CA to the trust store");
        // The Clasp server hearing the SunJSSE client's alert names the certificate it sent.
        MitmPair q = run(client(Peer.SUNJSSE, null, DEFAULT), server(Peer.CLASP, "server-untrusted.p12", DEFAULT));
        assertSays(q.serverError(), "Received fatal alert: certificate_unknown (the client rejected this side's "
                + "certificate CN=clasp-server-untrusted,O=Clasp Untrusted, issued by CN=clasp-server-untrusted",
                "next step: check that the client trusts that issuer");
    }

    @Test
    void hostNameMismatch() throws Exception {
        SSLEngine c = client(Peer.CLASP, null, e -> {
            SSLParameters sp = e.getSSLParameters();
            sp.setEndpointIdentificationAlgorithm("HTTPS");
            e.setSSLParameters(sp);
        });
        MitmPair p = run(c, server(Peer.SUNJSSE, "server-wronghost.p12", DEFAULT));
        assertSays(p.clientError(), "No subject alternative DNS name matching localhost",
                "the certificate names [DNS:wrong.example.com]", "next step: connect with one of those names");
    }

    @Test
    void expiredCertificate() throws Exception {
        MitmPair p = run(client(Peer.CLASP, null, DEFAULT), server(Peer.SUNJSSE, "server-expired.p12", DEFAULT));
        assertSays(p.clientError(), "server certificate for CN=clasp-server-expired,O=Clasp Test PKI not trusted",
                "the certificate is valid from 2020-01-01T00:00:00Z to 2020-01-02T00:00:00Z, checked at 20",
                "next step: renew the server's certificate");
    }

    @Test
    void clientCertificateRequired() throws Exception {
        MitmPair p = run(client(Peer.SUNJSSE, null, DEFAULT),
                server(Peer.CLASP, "server-ec256.p12", e -> e.setNeedClientAuth(true)));
        assertSays(p.serverError(), "client certificate required (needClientAuth) but the client sent none",
                "next step: give the client a key manager with a certificate from a CA this server trusts");
        MitmPair q = run(client(Peer.CLASP, null, DEFAULT),
                server(Peer.SUNJSSE, "server-ec256.p12", e -> e.setNeedClientAuth(true)));
        // SunJSSE 17 answers with bad_certificate, SunJSSE 25 with handshake_failure: the hint is the same.
        assertSays(q.clientError(), "Received fatal alert: ", " (the server asked for a client "
                + "certificate and this client had none to send", "next step: configure a key manager");
    }

    @Test
    void alpnMismatch() throws Exception {
        MitmPair p = run(client(Peer.SUNJSSE, null, alpn("spdy/3")), server(Peer.CLASP, "server-ec256.p12", alpn("h2")));
        assertSays(p.serverError(), "no application protocol in common: client offered [spdy/3], server supports [h2]",
                "next step: add a common protocol");
        MitmPair q = run(client(Peer.CLASP, null, alpn("spdy/3")), server(Peer.SUNJSSE, "server-ec256.p12", alpn("h2")));
        assertSays(q.clientError(), "Received fatal alert: no_application_protocol (this client offered ALPN [spdy/3]",
                "next step: add a common protocol");
    }

    @Test
    void peerSpeaksAnotherProtocolVersion() throws Exception {
        // A TLS 1.0 ClientHello (client_version rewritten on the wire) to a Clasp server.
        MitmPair p = new MitmPair(client(Peer.SUNJSSE, null, DEFAULT), server(Peer.CLASP, "server-ec256.p12", DEFAULT),
                NegativeHandshakeTest.handshakeMessages(true, msgs -> {
                    int i = NegativeHandshakeTest.indexOfType(msgs, 1);
                    byte[] ch = msgs.get(i).clone();
                    ch[5] = 0x01;
                    msgs.set(i, ch);
                    return msgs;
                })).run();
        assertSays(p.serverError(), "client offered at most TLSv1; this server accepts only TLSv1.2",
                "next step: enable TLSv1.2 on the client");
        // A TLS 1.3-only SunJSSE server refuses the Clasp client's TLS 1.2 hello.
        MitmPair q = run(client(Peer.CLASP, null, DEFAULT),
                server(Peer.SUNJSSE, "server-ec256.p12", e -> e.setEnabledProtocols(new String[] {"TLSv1.3"})));
        assertSays(q.clientError(), "Received fatal alert: protocol_version (the server does not accept TLSv1.2, "
                + "the only version Clasp speaks; next step: enable TLSv1.2 on the server)");
    }
}
