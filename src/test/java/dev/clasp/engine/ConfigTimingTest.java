package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.Contract.Impl;
import dev.clasp.engine.Contract.Pair;
import java.security.Security;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Security and system properties are read when a Clasp context is initialised, not once per JVM. */
class ConfigTimingTest {
    static final String SUITE = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";

    @Test
    void disabledAlgorithmsChangedAtRunTime() throws Exception {
        String old = Security.getProperty("jdk.tls.disabledAlgorithms");
        SSLContext before = Contract.context(Impl.CLASP, Contract.SERVER_KEYS);
        SSLContext after;
        try {
            Security.setProperty("jdk.tls.disabledAlgorithms", (old == null ? "" : old + ", ") + SUITE);
            after = Contract.context(Impl.CLASP, Contract.SERVER_KEYS);
        } finally {
            Security.setProperty("jdk.tls.disabledAlgorithms", old == null ? "" : old);
        }
        assertTrue(Arrays.asList(before.getDefaultSSLParameters().getCipherSuites()).contains(SUITE));
        assertFalse(Arrays.asList(after.getDefaultSSLParameters().getCipherSuites()).contains(SUITE));
        SSLEngine client = Contract.client(after);
        assertFalse(Arrays.asList(client.getEnabledCipherSuites()).contains(SUITE));
        // Known but disabled: accepted by the setter, refused when the handshake starts.
        client.setEnabledCipherSuites(new String[] {SUITE});
        Pair p = new Pair(client, Contract.server(before));
        SSLException e = assertThrows(SSLException.class, p::handshake);
        assertEquals(SSLHandshakeException.class, e.getClass());
        // The earlier context is unaffected.
        Pair ok = new Pair(Contract.client(before), Contract.server(before));
        ok.client.setEnabledCipherSuites(new String[] {SUITE});
        ok.handshake();
        assertEquals(SUITE, ok.client.getSession().getCipherSuite());
    }

    @Test
    void clientAndServerCipherSuitePropertiesAtInit() throws Exception {
        String[] clientSuites = {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"};
        String[] serverSuites = {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"};
        SSLContext ctx;
        try {
            System.setProperty("jdk.tls.client.cipherSuites", String.join(",", clientSuites) + ",TLS_NOT_A_SUITE");
            System.setProperty("jdk.tls.server.cipherSuites", String.join(",", serverSuites));
            ctx = Contract.context(Impl.CLASP, Contract.SERVER_KEYS);
        } finally {
            System.clearProperty("jdk.tls.client.cipherSuites");
            System.clearProperty("jdk.tls.server.cipherSuites");
        }
        assertArrayEquals(clientSuites, ctx.getDefaultSSLParameters().getCipherSuites());
        assertArrayEquals(clientSuites, Contract.client(ctx).getEnabledCipherSuites());
        assertArrayEquals(serverSuites, Contract.server(ctx).getEnabledCipherSuites());
        Pair p = new Pair(Contract.client(ctx), Contract.server(ctx));
        p.handshake();
        assertEquals(serverSuites[0], p.server.getSession().getCipherSuite());
        // Contexts made after the properties were cleared have the built-in defaults again.
        SSLContext plain = Contract.context(Impl.CLASP, null);
        assertTrue(plain.getDefaultSSLParameters().getCipherSuites().length > clientSuites.length);
    }
}
