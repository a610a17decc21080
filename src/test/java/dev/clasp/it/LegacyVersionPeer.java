package dev.clasp.it;

import java.net.InetAddress;
import java.security.Security;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Run in a forked JVM by {@link LegacyVersionTest}: a SunJSSE client that speaks only TLS 1.1. TLS 1.1 is in the
 * JDK's jdk.tls.disabledAlgorithms and SunJSSE reads that once per JVM, so it is relaxed here, before any
 * SunJSSE class is touched, in a JVM of its own. Prints one line "RESULT: ..." and exits 0.
 */
public final class LegacyVersionPeer {
    private LegacyVersionPeer() {
    }

    public static void main(String[] args) throws Exception {
        Security.setProperty("jdk.tls.disabledAlgorithms", "RC4, NULL");
        int port = Integer.parseInt(args[0]);
        SSLContext ctx = SSLContext.getInstance("TLSv1.1", "SunJSSE");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            s.setEnabledProtocols(new String[] {"TLSv1.1"});
            s.startHandshake();
            System.out.println("RESULT: handshake completed with " + s.getSession().getProtocol());
        } catch (Exception e) {
            System.out.println("RESULT: " + e);
        }
    }
}
