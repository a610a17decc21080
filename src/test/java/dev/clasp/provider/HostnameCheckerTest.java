package dev.clasp.provider;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** RFC 2818 / RFC 6125 name checks on the committed test certificates and on wildcard patterns. */
class HostnameCheckerTest {
    private static X509Certificate leaf(String store) throws Exception {
        KeyStore ks = TestPki.load(store);
        return (X509Certificate) ks.getCertificate(ks.aliases().nextElement());
    }

    @Test
    void matchesDnsAndIpSubjectAlternativeNames() throws Exception {
        X509Certificate c = leaf("server-ec256.p12");
        assertDoesNotThrow(() -> HostnameChecker.check("localhost", c));
        assertDoesNotThrow(() -> HostnameChecker.check("LOCALHOST.", c), "case and trailing dot do not matter");
        assertDoesNotThrow(() -> HostnameChecker.check("127.0.0.1", c));
        assertDoesNotThrow(() -> HostnameChecker.check("::1", c));
        assertDoesNotThrow(() -> HostnameChecker.check("[0:0:0:0:0:0:0:1]", c));
        assertThrows(CertificateException.class, () -> HostnameChecker.check("127.0.0.2", c));
        assertThrows(CertificateException.class, () -> HostnameChecker.check("example.com", c));
        assertThrows(CertificateException.class, () -> HostnameChecker.check("", c));
    }

    @Test
    void wrongHostCertificateNamesOnlyItsHost() throws Exception {
        X509Certificate c = leaf("server-wronghost.p12");
        assertDoesNotThrow(() -> HostnameChecker.check("wrong.example.com", c));
        CertificateException e = assertThrows(CertificateException.class, () -> HostnameChecker.check("localhost", c));
        assertTrue(e.getMessage().contains("wrong.example.com"), "the message names what the certificate has");
        assertThrows(CertificateException.class, () -> HostnameChecker.check("127.0.0.1", c),
                "an IP literal is never matched against DNS names");
    }

    @Test
    void wildcardsCoverExactlyOneLeftmostLabel() {
        assertTrue(HostnameChecker.matches("www.example.com", "*.example.com"));
        assertFalse(HostnameChecker.matches("example.com", "*.example.com"));
        assertFalse(HostnameChecker.matches("a.b.example.com", "*.example.com"));
        assertFalse(HostnameChecker.matches("example.com", "*.com"), "too broad");
        assertTrue(HostnameChecker.matches("example.com", "example.com"));
    }
}
