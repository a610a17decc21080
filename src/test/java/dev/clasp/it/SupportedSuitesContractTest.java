package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki.Peer;
import dev.clasp.suite.CipherSuite;
import java.nio.ByteBuffer;
import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * getSupportedCipherSuites() against SunJSSE under this JVM's jdk.tls.disabledAlgorithms: SunJSSE lists only the
 * suites the policy permits (SSLContextImpl.getApplicableSupportedCipherSuites with SSLAlgorithmConstraints.DEFAULT),
 * and so does Clasp, from every object that answers the question; setEnabledCipherSuites accepts a known name the
 * policy refuses (alias mapped to the standard name, duplicates kept) and the handshake then fails, in both.
 * SunJSSE fixes its policy per JVM; the relaxed-policy comparison runs in {@link RelaxedPolicySunJsseTest}.
 */
class SupportedSuitesContractTest {
    /** Every place a Clasp context reports supported suites gives the same list. */
    static List<String[]> claspLists(SSLContext ctx) throws Exception {
        try (SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
                SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
            return List.of(ctx.createSSLEngine().getSupportedCipherSuites(),
                    ctx.getSocketFactory().getSupportedCipherSuites(),
                    ctx.getServerSocketFactory().getSupportedCipherSuites(),
                    ctx.getSupportedSSLParameters().getCipherSuites(), ss.getSupportedCipherSuites(),
                    s.getSupportedCipherSuites());
        }
    }

    @Test
    void supportedListFilteredByThePolicyAsSunJsse() throws Exception {
        SSLContext clasp = TestPki.context(Peer.CLASP, null);
        List<String[]> lists = claspLists(clasp);
        for (String[] l : lists) {
            assertArrayEquals(lists.get(0), l);
        }
        List<String> mine = Arrays.asList(lists.get(0));
        List<String> sun = Arrays.asList(TestPki.context(Peer.SUNJSSE, null).createSSLEngine().getSupportedCipherSuites());
        SSLEngine sunProbe = TestPki.context(Peer.SUNJSSE, null).createSSLEngine();
        Set<String> differ = new TreeSet<>();
        for (String s : sun) {
            if (CipherSuite.fromName(s) != null && !mine.contains(s)) {
                differ.add("SunJSSE only: " + s);
            }
        }
        for (String s : mine) {
            if (RelaxedPolicyPeer.knownTo(sunProbe, s) && !sun.contains(s)) {
                differ.add("Clasp only: " + s);
            }
        }
        assertEquals(Set.of(), differ, "supported lists differ among the suites both implement");
        // The JDK's own policy (every JDK so far) names anon and NULL: none of those suites is listed.
        String policy = Security.getProperty("jdk.tls.disabledAlgorithms");
        assertTrue(policy.contains("anon") && policy.contains("NULL"), policy);
        for (String s : mine) {
            CipherSuite c = CipherSuite.fromName(s);
            assertFalse(c.keyExchange().isAnonymous() || c.bulkCipher().isNull(), s);
        }
        // Clasp's table holds them all the same: supported, just refused by this policy.
        assertTrue(CipherSuite.values().length > mine.size());
    }

    /** Removing "anon" and "NULL" (Clasp reads the property at context init) brings the new suites back. */
    @Test
    void relaxedPolicyListsTheNewSuites() throws Exception {
        List<String> nullOnly = Arrays.asList(StaticRsa.withoutEntry("anon", () -> StaticRsa.withoutEntry("NULL",
                () -> TestPki.context(Peer.CLASP, null))).createSSLEngine().getSupportedCipherSuites());
        assertTrue(nullOnly.containsAll(List.of("TLS_ECDHE_ECDSA_WITH_NULL_SHA", "TLS_ECDHE_RSA_WITH_NULL_SHA",
                "SSL_RSA_WITH_NULL_SHA", "TLS_DH_anon_WITH_AES_128_GCM_SHA256")), nullOnly.toString());
        // JDK 17.0.15+ also lists "ECDH", which SunJSSE's decomposer finds in every ECDH_anon suite.
        boolean ecdhListed = Arrays.stream(Security.getProperty("jdk.tls.disabledAlgorithms").split(","))
                .map(String::trim).anyMatch("ECDH"::equals);
        assertEquals(!ecdhListed, nullOnly.contains("TLS_ECDH_anon_WITH_NULL_SHA"), nullOnly.toString());

        SSLContext all = StaticRsa.everySuite(() -> TestPki.context(Peer.CLASP, null));
        for (String[] l : claspLists(all)) {
            assertEquals(Arrays.stream(CipherSuite.values()).map(CipherSuite::name).toList(), Arrays.asList(l));
        }
        // A context initialised under the JDK's policy again does not list them.
        assertFalse(Arrays.asList(TestPki.context(Peer.CLASP, null).createSSLEngine().getSupportedCipherSuites())
                .contains("SSL_RSA_WITH_NULL_SHA"));
    }

    /**
     * JSSE contract (SunJSSE's CipherSuite.validValuesOf): a known name is accepted even when the policy refuses
     * it, an alias becomes the standard name, duplicates stay; an unknown name or null is refused. A client with
     * nothing but refused suites fails its handshake with SSLHandshakeException.
     */
    @Test
    void knownButDisabledNamesAreAcceptedAndNeverUsed() throws Exception {
        String[] names = {"TLS_RSA_WITH_NULL_SHA", "TLS_ECDH_anon_WITH_NULL_SHA", "TLS_ECDH_anon_WITH_NULL_SHA",
            "TLS_DH_anon_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_NULL_SHA"};
        for (Peer peer : List.of(Peer.SUNJSSE, Peer.CLASP)) {
            SSLEngine e = TestPki.context(peer, null).createSSLEngine("localhost", 443);
            e.setUseClientMode(true);
            e.setEnabledCipherSuites(names);
            assertEquals(List.of("SSL_RSA_WITH_NULL_SHA", "TLS_ECDH_anon_WITH_NULL_SHA", "TLS_ECDH_anon_WITH_NULL_SHA",
                    "TLS_DH_anon_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_NULL_SHA"),
                    Arrays.asList(e.getEnabledCipherSuites()), peer.toString());
            assertThrows(IllegalArgumentException.class, () -> e.setEnabledCipherSuites(new String[] {"TLS_NO_SUCH"}));
            assertThrows(IllegalArgumentException.class, () -> e.setEnabledCipherSuites(new String[] {null}));
            assertThrows(SSLHandshakeException.class, () -> {
                e.beginHandshake();
                e.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(e.getSession().getPacketBufferSize()));
            }, peer.toString());
        }
    }
}
