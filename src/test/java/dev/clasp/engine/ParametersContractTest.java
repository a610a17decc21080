package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.Contract.Impl;
import java.security.AlgorithmConstraints;
import java.security.AlgorithmParameters;
import java.security.CryptoPrimitive;
import java.security.Key;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SSLParameters round trips on the engine and the context defaults, compared field by field with SunJSSE. */
class ParametersContractTest {
    static final AlgorithmConstraints PERMIT_ALL = new AlgorithmConstraints() {
        @Override
        public boolean permits(Set<CryptoPrimitive> p, String a, AlgorithmParameters ap) {
            return true;
        }

        @Override
        public boolean permits(Set<CryptoPrimitive> p, Key k) {
            return true;
        }

        @Override
        public boolean permits(Set<CryptoPrimitive> p, String a, Key k, AlgorithmParameters ap) {
            return true;
        }
    };

    /** Everything in the parameters except the (provider-specific) suite and protocol lists. */
    static String describe(SSLEngine e, SSLParameters p) {
        return "suites=" + (Arrays.equals(p.getCipherSuites(), e.getEnabledCipherSuites()) ? "enabled" : Arrays.toString(p.getCipherSuites()))
                + " protocols=" + (Arrays.equals(p.getProtocols(), e.getEnabledProtocols()) ? "enabled" : Arrays.toString(p.getProtocols()))
                + " need=" + p.getNeedClientAuth() + " want=" + p.getWantClientAuth()
                + " engineNeed=" + e.getNeedClientAuth() + " engineWant=" + e.getWantClientAuth()
                // SunJSSE returns its default constraints object where Clasp returns null: both mean "the default".
                + " constraints=" + (p.getAlgorithmConstraints() == PERMIT_ALL ? "same" : "default")
                + " eia=" + p.getEndpointIdentificationAlgorithm()
                + " names=" + p.getServerNames()
                + " matchers=" + (p.getSNIMatchers() == null ? "null" : p.getSNIMatchers().size())
                + " order=" + p.getUseCipherSuitesOrder()
                + " alpn=" + Arrays.toString(p.getApplicationProtocols())
                + " retrans=" + p.getEnableRetransmissions();
    }

    static List<String> roundTrip(Impl impl, boolean client) throws Exception {
        List<String> t = new ArrayList<>();
        SSLEngine e = Contract.context(impl, Contract.SERVER_KEYS).createSSLEngine("www.example.com", 443);
        t.add("unset mode client=" + e.getUseClientMode());
        e.setUseClientMode(client);
        t.add("fresh " + describe(e, e.getSSLParameters()));
        assertNotSame(e.getSSLParameters(), e.getSSLParameters());

        SSLParameters p = e.getSSLParameters();
        String[] suites = {e.getEnabledCipherSuites()[1], e.getEnabledCipherSuites()[0]};
        p.setCipherSuites(suites);
        p.setProtocols(new String[] {"TLSv1.2"});
        p.setNeedClientAuth(true);
        p.setAlgorithmConstraints(PERMIT_ALL);
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setServerNames(List.of(new SNIHostName("a.example")));
        p.setSNIMatchers(List.<SNIMatcher>of(SNIHostName.createSNIMatcher("a\\.example")));
        p.setUseCipherSuitesOrder(!p.getUseCipherSuitesOrder());
        p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        e.setSSLParameters(p);
        SSLParameters q = e.getSSLParameters();
        assertArrayEquals(suites, q.getCipherSuites());
        assertArrayEquals(suites, e.getEnabledCipherSuites());
        assertArrayEquals(new String[] {"TLSv1.2"}, q.getProtocols());
        assertTrue(q.getNeedClientAuth());
        assertSame(PERMIT_ALL, q.getAlgorithmConstraints());
        assertEquals("HTTPS", q.getEndpointIdentificationAlgorithm());
        assertEquals(List.<SNIServerName>of(new SNIHostName("a.example")), q.getServerNames());
        assertEquals(1, q.getSNIMatchers().size());
        assertArrayEquals(new String[] {"h2", "http/1.1"}, q.getApplicationProtocols());
        t.add("set all " + describe(e, q));

        // Null suites, protocols, server names and matchers leave those unchanged.
        SSLParameters n = new SSLParameters();
        n.setWantClientAuth(true);
        e.setSSLParameters(n);
        q = e.getSSLParameters();
        assertArrayEquals(suites, q.getCipherSuites());
        assertArrayEquals(new String[] {"TLSv1.2"}, q.getProtocols());
        assertFalse(q.getNeedClientAuth());
        assertTrue(q.getWantClientAuth());
        t.add("set empty " + describe(e, q));

        e.setNeedClientAuth(true);
        t.add("engine need " + describe(e, e.getSSLParameters()));
        e.setWantClientAuth(true);
        t.add("engine want " + describe(e, e.getSSLParameters()));
        e.setNeedClientAuth(false);
        t.add("engine need off " + describe(e, e.getSSLParameters()));
        e.setWantClientAuth(true);
        e.setWantClientAuth(false);
        t.add("engine want off " + describe(e, e.getSSLParameters()));

        SSLParameters s = e.getSSLParameters();
        s.setServerNames(List.of());
        s.setSNIMatchers(List.of());
        e.setSSLParameters(s);
        t.add("empty names " + describe(e, e.getSSLParameters()));
        return t;
    }

    @Test
    void clientRoundTripLikeSunJsse() throws Exception {
        assertEquals(String.join("\n", roundTrip(Impl.SUNJSSE, true)), String.join("\n", roundTrip(Impl.CLASP, true)));
    }

    @Test
    void serverRoundTripLikeSunJsse() throws Exception {
        assertEquals(String.join("\n", roundTrip(Impl.SUNJSSE, false)), String.join("\n", roundTrip(Impl.CLASP, false)));
    }

    static List<String> contextParameters(Impl impl) throws Exception {
        List<String> t = new ArrayList<>();
        SSLContext ctx = Contract.context(impl, Contract.SERVER_KEYS);
        SSLParameters d = ctx.getDefaultSSLParameters();
        SSLParameters s = ctx.getSupportedSSLParameters();
        assertTrue(d.getCipherSuites().length > 0);
        assertTrue(Arrays.asList(d.getProtocols()).contains("TLSv1.2"));
        assertTrue(Arrays.asList(s.getProtocols()).contains("TLSv1.2"));
        assertTrue(Arrays.asList(s.getCipherSuites()).containsAll(Arrays.asList(d.getCipherSuites())));
        assertTrue(Arrays.asList(s.getCipherSuites()).contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
        assertNotSame(ctx.getDefaultSSLParameters(), d);
        SSLEngine c = Contract.client(ctx);
        t.add("client engine suites = default " + Arrays.equals(d.getCipherSuites(), c.getEnabledCipherSuites()));
        t.add("client engine protocols = default " + Arrays.equals(d.getProtocols(), c.getEnabledProtocols()));
        t.add("engine supported = context supported "
                + Arrays.equals(s.getCipherSuites(), c.getSupportedCipherSuites()) + " "
                + Arrays.equals(s.getProtocols(), c.getSupportedProtocols()));
        t.add("default need=" + d.getNeedClientAuth() + " want=" + d.getWantClientAuth() + " eia="
                + d.getEndpointIdentificationAlgorithm() + " names=" + d.getServerNames());
        t.add("supported need=" + s.getNeedClientAuth() + " want=" + s.getWantClientAuth());
        // Mutating a returned array does not change the engine.
        String[] enabled = c.getEnabledCipherSuites();
        String first = enabled[0];
        enabled[0] = "garbage";
        t.add("defensive copy " + first.equals(c.getEnabledCipherSuites()[0]));
        return t;
    }

    @Test
    void contextParametersLikeSunJsse() throws Exception {
        assertEquals(String.join("\n", contextParameters(Impl.SUNJSSE)), String.join("\n", contextParameters(Impl.CLASP)));
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void knownButDisabledSuiteIsAccepted(Impl impl) throws Exception {
        SSLEngine e = Contract.client(Contract.context(impl, null));
        List<String> enabled = Arrays.asList(e.getEnabledCipherSuites());
        String notEnabled = Arrays.stream(e.getSupportedCipherSuites()).filter(x -> !enabled.contains(x)).findFirst()
                // Clasp enables every suite it supports by default: then re-enable the last after narrowing.
                .orElse(e.getSupportedCipherSuites()[e.getSupportedCipherSuites().length - 1]);
        e.setEnabledCipherSuites(new String[] {enabled.get(0)});
        e.setEnabledCipherSuites(new String[] {notEnabled});
        assertArrayEquals(new String[] {notEnabled}, e.getEnabledCipherSuites());
    }
}
