package dev.clasp.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.ClaspProvider;
import dev.clasp.it.TestPki;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyStoreBuilderParameters;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/** ClaspKeyManager through its factory: key types, issuers, validity preference, alias round trips, bad input. */
class ClaspKeyManagerTest {

    private static X509ExtendedKeyManager km(String... stores) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("NewSunX509", new ClaspProvider());
        if (stores.length == 1) {
            kmf.init(TestPki.load(stores[0]), TestPki.PASSWORD);
        } else {
            List<KeyStore.Builder> b = new java.util.ArrayList<>();
            for (String s : stores) {
                b.add(KeyStore.Builder.newInstance(TestPki.load(s), new KeyStore.PasswordProtection(TestPki.PASSWORD)));
            }
            kmf.init(new KeyStoreBuilderParameters(b));
        }
        return (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
    }

    private static String entry(String alias) {
        return alias.substring(alias.indexOf('.', alias.indexOf('.') + 1) + 1);
    }

    @Test
    void keyTypeSelectsTheEntry() throws Exception {
        X509ExtendedKeyManager km = km("server-all.p12");
        assertEquals("server-rsa", entry(km.chooseEngineServerAlias("RSA", null, null)));
        assertTrue(entry(km.chooseEngineServerAlias("EC", null, null)).startsWith("server-ec"));
        assertEquals("server-rsa", entry(km.chooseEngineServerAlias("RSA_RSA", null, null)));
        assertNull(km.chooseEngineServerAlias("EC_EC", null, null), "EC keys here are signed by an RSA CA");
        assertNull(km.chooseEngineServerAlias("EdDSA", null, null));
        assertNull(km.chooseEngineServerAlias("DSA", null, null));
        assertNull(km.chooseEngineServerAlias("RSASSA-PSS", null, null));
        assertNull(km.chooseEngineServerAlias(null, null, null));
        assertEquals(Set.of("server-ec256", "server-ec384"), names(km.getServerAliases("EC", null)));
        assertEquals("server-ed25519", entry(km("server-ed25519.p12").chooseServerAlias("EdDSA", null, null)));
        assertEquals("server-dsa", entry(km("server-dsa.p12").chooseServerAlias("DSA", null, null)));
        X509ExtendedKeyManager pss = km("server-rsa.p12", "server-rsapss.p12");
        assertEquals("1.0.server-rsapss", pss.chooseEngineServerAlias("RSASSA-PSS", null, null));
        assertEquals("0.0.server-rsa", pss.chooseEngineServerAlias("RSA", null, null), "a PSS key is not an RSA key");
        assertEquals(Set.of("server-rsapss"), names(pss.getServerAliases("RSASSA-PSS", null)));
        assertEquals("client-rsapss", entry(km("client-rsapss.p12").chooseClientAlias(
                new String[] {"EC", "RSA", "RSASSA-PSS"}, null, null)));
    }

    /** As SunJSSE: a chain that jdk.certpath.disabledAlgorithms refuses (here by key size) is never chosen. */
    @Test
    void chainsTheCertPathConstraintsRefuseAreSkipped() throws Exception {
        String old = java.security.Security.getProperty("jdk.certpath.disabledAlgorithms");
        X509ExtendedKeyManager km;
        try {
            java.security.Security.setProperty("jdk.certpath.disabledAlgorithms", "MD5, EC keySize < 384");
            km = km("server-all.p12");
        } finally {
            java.security.Security.setProperty("jdk.certpath.disabledAlgorithms", old == null ? "" : old);
        }
        assertEquals(Set.of("server-ec384"), names(km.getServerAliases("EC", null)));
        assertEquals("server-ec384", entry(km.chooseEngineServerAlias("EC", null, null)));
        assertEquals("server-rsa", entry(km.chooseEngineServerAlias("RSA", null, null)));
    }

    @Test
    void aliasesRoundTripAndTheKeyMatchesTheCertificate() throws Exception {
        X509ExtendedKeyManager km = km("server-sni.p12");
        String[] aliases = km.getServerAliases("EC", null);
        assertEquals(Set.of("server-a", "server-b", "server-a-expired"), names(aliases));
        assertEquals("server-a-expired", entry(aliases[aliases.length - 1]), "expired ranks last");
        for (String a : aliases) {
            X509Certificate[] chain = km.getCertificateChain(a);
            assertEquals(3, chain.length, a);
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(km.getPrivateKey(a));
            s.update(new byte[] {1, 2, 3});
            byte[] sig = s.sign();
            s.initVerify(chain[0]);
            s.update(new byte[] {1, 2, 3});
            assertTrue(s.verify(sig), a);
        }
        assertTrue(!entry(km.chooseEngineServerAlias("EC", null, null)).equals("server-a-expired"));
    }

    @Test
    void builderParametersKeepEachStoreApart() throws Exception {
        X509ExtendedKeyManager km = km("server-rsa.p12", "server-ec256.p12");
        assertEquals("0.0.server-rsa", km.chooseEngineServerAlias("RSA", null, null));
        assertEquals("1.0.server-ec256", km.chooseEngineServerAlias("EC", null, null));
        assertNotNull(km.getPrivateKey("1.0.server-ec256"));
        assertNull(km.getPrivateKey("0.0.server-ec256"), "entry of the other store");
    }

    @Test
    void clientSideHonoursIssuers() throws Exception {
        X509ExtendedKeyManager km = km("client-all.p12");
        Principal intermediate = new X500Principal("CN=Clasp Test Intermediate CA, O=Clasp Test PKI");
        Principal root = new X500Principal("CN=Clasp Test Root CA, O=Clasp Test PKI");
        Principal other = new X500Principal("CN=Someone Else");
        assertEquals("client-ec", entry(km.chooseEngineClientAlias(new String[] {"EC", "RSA"}, null, null)));
        assertEquals("client-rsa", entry(km.chooseClientAlias(new String[] {"RSA", "EC"},
                new Principal[] {intermediate}, null)));
        assertEquals("client-rsa", entry(km.chooseClientAlias(new String[] {"RSA"}, new Principal[] {root}, null)));
        assertNull(km.chooseEngineClientAlias(new String[] {"EC", "RSA"}, new Principal[] {other}, null));
        assertNull(km.getClientAliases("EC", new Principal[] {other}));
        assertEquals(Set.of("client-ec"), names(km.getClientAliases("EC", new Principal[] {other, intermediate})));
        assertNull(km.chooseEngineClientAlias(null, null, null));
    }

    @Test
    void badAliasesGiveNothing() throws Exception {
        X509ExtendedKeyManager km = km("server-all.p12");
        for (String bad : new String[] {null, "", "server-rsa", "0.server-rsa", "1.0.server-rsa", "0.1.server-rsa",
            "-1.0.server-rsa", "x.0.server-rsa", "99999999999.0.server-rsa", "0.0.nope", "0.0."}) {
            assertNull(km.getPrivateKey(bad), String.valueOf(bad));
            assertNull(km.getCertificateChain(bad), String.valueOf(bad));
        }
    }

    @Test
    void wrongPasswordOrNoStore() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", new ClaspProvider());
        kmf.init(TestPki.load("server-rsa.p12"), "wrong".toCharArray());
        X509ExtendedKeyManager km = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
        String alias = km.chooseServerAlias("RSA", null, null);
        assertNull(km.getPrivateKey(alias), "the key cannot be read with a wrong password");
        kmf.init(null, null);
        assertNull(((X509ExtendedKeyManager) kmf.getKeyManagers()[0]).chooseServerAlias("RSA", null, null));
        assertThrows(InvalidAlgorithmParameterException.class, () -> kmf.init(
                new javax.net.ssl.CertPathTrustManagerParameters(new java.security.cert.PKIXParameters(
                        TestPki.load("truststore.p12")))));
        assertThrows(IllegalStateException.class,
                () -> KeyManagerFactory.getInstance("PKIX", new ClaspProvider()).getKeyManagers());
    }

    private static Set<String> names(String[] aliases) {
        assertNotNull(aliases);
        Set<String> s = new TreeSet<>();
        Arrays.stream(aliases).map(ClaspKeyManagerTest::entry).forEach(s::add);
        assertEquals(aliases.length, s.size());
        return s;
    }

    @Test
    void sameChainAsTheKeyStore() throws Exception {
        X509ExtendedKeyManager km = km("server-rsa.p12");
        assertArrayEquals(TestPki.load("server-rsa.p12").getCertificateChain("server-rsa"),
                km.getCertificateChain(km.chooseServerAlias("RSA", null, null)));
    }
}
