package dev.clasp.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.NamedGroup;
import java.security.Security;
import org.junit.jupiter.api.Test;

/** The unconditional entries of jdk.tls.disabledAlgorithms, matched as SunJSSE matches them. */
class DisabledAlgorithmsTest {
    @Test
    void jdkDefaultsDisableNoneOfClaspsSuites() {
        DisabledAlgorithms d = DisabledAlgorithms.fromSecurityProperty();
        // JDK 24+ lists TLS_RSA_* (static RSA key exchange); JDK 17 and 21 do not. Every JDK lists "anon" and "NULL".
        boolean rsaDisabled = Security.getProperty("jdk.tls.disabledAlgorithms").contains("TLS_RSA_*");
        for (CipherSuite s : CipherSuite.values()) {
            // SSL_RSA_WITH_NULL_SHA does not match TLS_RSA_* (as in SunJSSE, which matches the standard name).
            boolean staticRsa = s.name().startsWith("TLS_RSA_");
            boolean anon = s.keyExchange().isAnonymous();
            boolean nullCipher = s.bulkCipher().isNull();
            assertEquals(!(staticRsa && rsaDisabled) && !anon && !nullCipher, d.permits(s), s.name());
        }
        assertTrue(d.permitsProtocol("TLSv1.2"));
        assertFalse(d.permitsProtocol("TLSv1.1"));
    }

    @Test
    void namesComponentsAndWildcards() {
        DisabledAlgorithms d = new DisabledAlgorithms("RSA keySize < 1024, ChaCha20-Poly1305, TLS_ECDHE_ECDSA_WITH_AES_256*");
        assertTrue(d.permits(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256), "a constrained entry disables no suite");
        assertFalse(d.permits(CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256));
        assertFalse(d.permits(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384));
        assertTrue(d.permits(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256));

        DisabledAlgorithms byAuth = new DisabledAlgorithms("ECDSA, x25519, TLSv1.2");
        assertFalse(byAuth.permits(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256));
        assertTrue(byAuth.permits(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256));
        assertFalse(byAuth.permits(NamedGroup.X25519));
        assertTrue(byAuth.permits(NamedGroup.SECP256R1));
        assertFalse(byAuth.permitsProtocol("TLSv1.2"));
    }

    /** A value with surrounding double quotes is read without them, as the JDK reads it. */
    @Test
    void quotedValue() {
        DisabledAlgorithms d = new DisabledAlgorithms(" \"ChaCha20-Poly1305, TLS_ECDHE_ECDSA_WITH_AES_256*\" ");
        assertFalse(d.permits(CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256));
        assertFalse(d.permits(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384));
        assertTrue(d.permits(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256));
    }

    /**
     * SunJSSE's SSLAlgorithmDecomposer: the null cipher is "NULL" and "C_NULL"; ECDH_anon is "ECDH", "ANON" and
     * "ECDH_ANON" (so JDK 17.0.15's "ECDH" entry disables it, and no ECDHE suite).
     */
    @Test
    void nullAndEcdhAnonComponents() {
        for (String entry : java.util.List.of("NULL", "C_NULL", "null")) {
            DisabledAlgorithms d = new DisabledAlgorithms(entry);
            for (CipherSuite s : CipherSuite.values()) {
                assertEquals(!s.bulkCipher().isNull(), d.permits(s), entry + " " + s.name());
            }
        }
        DisabledAlgorithms ecdh = new DisabledAlgorithms("ECDH");
        for (CipherSuite s : CipherSuite.values()) {
            assertEquals(s.keyExchange() != dev.clasp.suite.KeyExchange.ECDH_ANON, ecdh.permits(s), s.name());
        }
        DisabledAlgorithms anon = new DisabledAlgorithms("anon");
        for (CipherSuite s : CipherSuite.values()) {
            assertEquals(!s.keyExchange().isAnonymous(), anon.permits(s), s.name());
        }
        DisabledAlgorithms sha256 = new DisabledAlgorithms("HmacSHA256");
        assertFalse(sha256.permits(CipherSuite.TLS_RSA_WITH_NULL_SHA256));
        assertTrue(sha256.permits(CipherSuite.SSL_RSA_WITH_NULL_SHA));
        // A wildcard matches the standard name: SSL_RSA_WITH_NULL_SHA is not a TLS_RSA_* name.
        DisabledAlgorithms rsa = new DisabledAlgorithms("TLS_RSA_*");
        assertFalse(rsa.permits(CipherSuite.TLS_RSA_WITH_NULL_SHA256));
        assertTrue(rsa.permits(CipherSuite.SSL_RSA_WITH_NULL_SHA));
    }

    @Test
    void cbcAndCcmComponents() {
        DisabledAlgorithms chacha = new DisabledAlgorithms("ChaCha20-Poly1305");
        for (CipherSuite s : CipherSuite.values()) {
            assertTrue(chacha.permits(s) == (s.bulkCipher() != dev.clasp.suite.BulkCipher.CHACHA20_POLY1305), s.name());
        }
        DisabledAlgorithms cbc = new DisabledAlgorithms("CBC");
        for (CipherSuite s : CipherSuite.values()) {
            assertTrue(cbc.permits(s) == !s.bulkCipher().isCbc(), s.name());
        }
        DisabledAlgorithms sha1 = new DisabledAlgorithms("HmacSHA1");
        assertFalse(sha1.permits(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA));
        assertFalse(sha1.permits(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA));
        assertTrue(sha1.permits(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256));
        assertTrue(sha1.permits(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256));
        DisabledAlgorithms aes128cbc = new DisabledAlgorithms("AES_128_CBC, AES_256_CCM");
        assertFalse(aes128cbc.permits(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256));
        assertTrue(aes128cbc.permits(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384));
        assertFalse(aes128cbc.permits(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8));
        assertTrue(aes128cbc.permits(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM));
        DisabledAlgorithms ccm = new DisabledAlgorithms("CCM");
        assertFalse(ccm.permits(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8));
        assertTrue(ccm.permits(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256));
    }

    @Test
    void keyExchangeComponentsAsSunJsse() {
        DisabledAlgorithms rsa = new DisabledAlgorithms("TLS_RSA_*");
        assertFalse(rsa.permits(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256));
        assertTrue(rsa.permits(CipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256));
        assertTrue(rsa.permits(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256));
        for (String entry : new String[] {"DH", "DHE", "DiffieHellman"}) {
            DisabledAlgorithms d = new DisabledAlgorithms(entry);
            assertFalse(d.permits(CipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384), entry);
            assertFalse(d.permits(CipherSuite.TLS_DHE_DSS_WITH_AES_128_GCM_SHA256), entry);
            assertTrue(d.permits(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256), entry);
            assertTrue(d.permits(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256), entry);
        }
        for (String entry : new String[] {"DSA", "DSS", "DHE_DSS"}) {
            DisabledAlgorithms d = new DisabledAlgorithms(entry);
            assertFalse(d.permits(CipherSuite.TLS_DHE_DSS_WITH_AES_256_GCM_SHA384), entry);
            assertTrue(d.permits(CipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384), entry);
        }
        DisabledAlgorithms constrained = new DisabledAlgorithms("DH keySize < 1024, ffdhe2048");
        assertTrue(constrained.permits(CipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256), "a constraint, not a name");
        assertFalse(constrained.permits(NamedGroup.FFDHE2048));
        assertTrue(constrained.permits(NamedGroup.FFDHE3072));
    }

    @Test
    void includeExpandsAnotherProperty() {
        String old = Security.getProperty("clasp.test.curves");
        Security.setProperty("clasp.test.curves", "secp384r1, x448");
        try {
            DisabledAlgorithms d = new DisabledAlgorithms("include clasp.test.curves");
            assertFalse(d.permits(NamedGroup.SECP384R1));
            assertFalse(d.permits(NamedGroup.X448));
            assertTrue(d.permits(NamedGroup.SECP256R1));
        } finally {
            Security.setProperty("clasp.test.curves", old == null ? "" : old);
        }
    }
}
