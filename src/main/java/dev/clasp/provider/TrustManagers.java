package dev.clasp.provider;

import java.net.Socket;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.KeyStoreException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
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
 * wrapping a plain X509TrustManager so endpoint identification still applies, as SunJSSE does.
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
                    return new Adapter(x);
                }
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return choose(tmf.getTrustManagers());
    }

    /** A plain trust manager, plus the endpoint identification the application asked for in SSLParameters. */
    private static final class Adapter extends X509ExtendedTrustManager {
        private final X509TrustManager tm;

        Adapter(X509TrustManager tm) {
            this.tm = tm;
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
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            tm.checkServerTrusted(chain, authType);
            if (socket instanceof SSLSocket s) {
                identify(chain, s.getSSLParameters(), s.getHandshakeSession(),
                        s.getInetAddress() == null ? null : s.getInetAddress().getHostName());
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            tm.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            tm.checkServerTrusted(chain, authType);
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
