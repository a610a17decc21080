package dev.clasp.provider;

import java.net.Socket;
import java.security.AlgorithmConstraints;
import java.security.CryptoPrimitive;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.KeyStoreException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Picks the trust manager SSLContext.init was given (the first X509TrustManager, else the default factory's),
 * wrapping a plain X509TrustManager so endpoint identification and algorithm limits still apply, as SunJSSE does.
 */
final class TrustManagers {
    private TrustManagers() {
    }

    static X509ExtendedTrustManager choose(TrustManager[] tms) throws KeyStoreException, NoSuchAlgorithmException {
        if (tms != null) {
            for (TrustManager tm : tms) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
                if (tm instanceof X509TrustManager x) {
                    return new Adapter(x, CertPathAlgorithms.fromSecurityProperty());
                }
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return choose(tmf.getTrustManagers());
    }

    /**
     * A plain trust manager, plus what SunJSSE adds around one (its AbstractTrustManagerWrapper): the endpoint
     * identification the application asked for in SSLParameters, and the algorithm limits a chain must meet, from
     * the SSLParameters' AlgorithmConstraints and jdk.certpath.disabledAlgorithms, so a lenient application trust
     * manager does not let an MD5-signed or 512-bit-RSA chain through.
     */
    static final class Adapter extends X509ExtendedTrustManager {
        private static final Set<CryptoPrimitive> SIGNATURE = EnumSet.of(CryptoPrimitive.SIGNATURE);
        private final X509TrustManager tm;
        private final CertPathAlgorithms certPath;

        Adapter(X509TrustManager tm, CertPathAlgorithms certPath) {
            this.tm = tm;
            this.certPath = certPath;
        }

        /**
         * Every certificate but a trust anchor at the end: its signature algorithm and its key, against the
         * certpath limits and the application's constraints.
         */
        void checkAlgorithms(X509Certificate[] chain, SSLParameters p) throws CertificateException {
            AlgorithmConstraints user = p == null ? null : p.getAlgorithmConstraints();
            Set<X509Certificate> anchors = Set.of(tm.getAcceptedIssuers());
            for (int i = 0; i < chain.length; i++) {
                X509Certificate c = chain[i];
                if (i == chain.length - 1 && i > 0 && anchors.contains(c)) {
                    continue;
                }
                String sig = c.getSigAlgName();
                if (!certPath.permitsSignature(sig) || !certPath.permitsKey(c.getPublicKey())) {
                    throw new CertificateException("certificate " + i + " of the chain (" + sig + ", "
                            + c.getPublicKey().getAlgorithm() + " key) is disabled by jdk.certpath.disabledAlgorithms");
                }
                if (user != null && (!user.permits(SIGNATURE, sig, null) || !user.permits(SIGNATURE, c.getPublicKey()))) {
                    throw new CertificateException("certificate " + i + " of the chain (" + sig + ", "
                            + c.getPublicKey().getAlgorithm() + " key) is not permitted by the SSLParameters' "
                            + "algorithm constraints");
                }
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            tm.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            tm.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return tm.getAcceptedIssuers();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            tm.checkClientTrusted(chain, authType);
            checkAlgorithms(chain, socket instanceof SSLSocket s ? s.getSSLParameters() : null);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            tm.checkServerTrusted(chain, authType);
            checkAlgorithms(chain, socket instanceof SSLSocket s ? s.getSSLParameters() : null);
            if (socket instanceof SSLSocket s) {
                identify(chain, s.getSSLParameters(), s.getHandshakeSession(),
                        s.getInetAddress() == null ? null : s.getInetAddress().getHostName());
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            tm.checkClientTrusted(chain, authType);
            checkAlgorithms(chain, engine == null ? null : engine.getSSLParameters());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            tm.checkServerTrusted(chain, authType);
            checkAlgorithms(chain, engine == null ? null : engine.getSSLParameters());
            if (engine != null) {
                identify(chain, engine.getSSLParameters(), engine.getHandshakeSession(), engine.getPeerHost());
            }
        }

        private static void identify(X509Certificate[] chain, SSLParameters p, SSLSession session, String peerHost)
                throws CertificateException {
            String alg = p.getEndpointIdentificationAlgorithm();
            if (alg == null || alg.isEmpty()) {
                return;
            }
            if (!alg.equalsIgnoreCase("HTTPS") && !alg.equalsIgnoreCase("LDAPS")) {
                throw new CertificateException("unknown endpoint identification algorithm " + alg);
            }
            String host = peerHost;
            if (session instanceof ExtendedSSLSession es) {
                List<SNIServerName> names = es.getRequestedServerNames();
                for (SNIServerName n : names) {
                    if (n instanceof SNIHostName h) {
                        host = h.getAsciiName();
                    }
                }
            }
            HostnameChecker.check(host, chain[0]);
        }
    }
}
