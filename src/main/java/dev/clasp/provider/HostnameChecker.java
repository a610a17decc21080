package dev.clasp.provider;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Server identity check (RFC 2818 3.1, RFC 6125 6.4): IP literals against IP address SANs only; DNS names
 * against DNS SANs with a wildcard allowed as the whole left-most label; the subject CN only when the
 * certificate has no DNS SAN. Used for plain {@code X509TrustManager}s, which do not check names themselves.
 */
public final class HostnameChecker {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostnameChecker() {
    }

    public static void check(String host, X509Certificate cert) throws CertificateException {
        if (host == null || host.isEmpty()) {
            throw new CertificateException("no host name to check the server certificate against");
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (isIpLiteral(h)) {
            checkIp(h, cert);
        } else {
            checkDns(h, cert);
        }
    }

    private static boolean isIpLiteral(String h) {
        return h.indexOf(':') >= 0 || h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static void checkIp(String ip, X509Certificate cert) throws CertificateException {
        InetAddress want;
        try {
            want = InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new CertificateException("bad IP address " + ip, e);
        }
        List<String> seen = new ArrayList<>();
        for (List<?> san : sans(cert)) {
            if ((Integer) san.get(0) == SAN_IP) {
                String v = (String) san.get(1);
                seen.add(v);
                try {
                    if (InetAddress.getByName(v).equals(want)) {
                        return;
                    }
                } catch (UnknownHostException e) {
                    // not an address: no match
                }
            }
        }
        throw new CertificateException("No subject alternative names matching IP address " + ip
                + " found (certificate has IP SANs " + seen + ")");
    }

    private static void checkDns(String host, X509Certificate cert) throws CertificateException {
        String want = normalise(host);
        List<String> dns = new ArrayList<>();
        for (List<?> san : sans(cert)) {
            if ((Integer) san.get(0) == SAN_DNS) {
                dns.add((String) san.get(1));
            }
        }
        if (dns.isEmpty()) {
            String cn = commonName(cert);
            if (cn != null && matches(want, normalise(cn))) {
                return;
            }
            throw new CertificateException("No name matching " + host + " found (certificate CN " + cn + ", no DNS SANs)");
        }
        for (String name : dns) {
            if (matches(want, normalise(name))) {
                return;
            }
        }
        throw new CertificateException("No subject alternative DNS name matching " + host + " found (certificate names "
                + dns + ")");
    }

    static boolean matches(String host, String pattern) {
        if (!pattern.startsWith("*.")) {
            return host.equals(pattern);
        }
        String suffix = pattern.substring(1);             // ".example.com"
        if (suffix.indexOf('.', 1) < 0) {
            return false;                                 // "*.com": too broad
        }
        int dot = host.indexOf('.');
        return dot > 0 && host.substring(dot).equals(suffix);
    }

    private static String normalise(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        try {
            n = IDN.toASCII(n, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            // keep as is; it will not match
        }
        return n.toLowerCase(Locale.ROOT);
    }

    private static Collection<List<?>> sans(X509Certificate cert) throws CertificateException {
        try {
            Collection<List<?>> s = cert.getSubjectAlternativeNames();
            return s == null ? List.of() : s;
        } catch (CertificateParsingException e) {
            throw new CertificateException("cannot read subject alternative names", e);
        }
    }

    private static String commonName(X509Certificate cert) {
        try {
            LdapName dn = new LdapName(cert.getSubjectX500Principal().getName());
            String cn = null;
            for (Rdn rdn : dn.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = rdn.getValue().toString();
                }
            }
            return cn;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
