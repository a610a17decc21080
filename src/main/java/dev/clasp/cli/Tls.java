package dev.clasp.cli;

import dev.clasp.ClaspProvider;
import dev.clasp.cli.Main.UsageException;
import dev.clasp.engine.ClaspSSLSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Shared pieces of the commands: key material, a Clasp SSLContext, printing a session. */
final class Tls {
    static final String DEFAULT_PASSWORD = "changeit";

    private Tls() {
    }

    /** A Clasp context (the provider named explicitly; nothing is installed globally). */
    static SSLContext context(KeyManager[] km, TrustManager[] tm) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS", new ClaspProvider());
        ctx.init(km, tm, null);
        return ctx;
    }

    static Path existing(String file, String what) throws IOException {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(file, null, what + " not found");
        }
        return p;
    }

    static KeyManager[] keyManagers(String file, char[] password) throws IOException, GeneralSecurityException {
        if (file == null) {
            return null;
        }
        KeyStore ks = KeyStore.getInstance(existing(file, "key store").toFile(), password);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        return kmf.getKeyManagers();
    }

    /** Trust managers over a key store or a PEM/DER certificate file; the JDK's default trust when null. */
    static TrustManager[] trustManagers(String file, char[] password) throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (file == null) {
            tmf.init((KeyStore) null);
            return tmf.getTrustManagers();
        }
        Path p = existing(file, "trust file");
        KeyStore ks;
        byte[] head = Arrays.copyOf(Files.readAllBytes(p), 11);
        if (new String(head, StandardCharsets.US_ASCII).startsWith("-----BEGIN") || file.endsWith(".crt")
                || file.endsWith(".pem") || file.endsWith(".cer")) {
            ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(p)) {
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("cert-" + i++, c);
                }
                if (i == 0) {
                    throw new GeneralSecurityException("no certificate in " + file);
                }
            }
        } else {
            ks = KeyStore.getInstance(p.toFile(), password);
        }
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    /** Sets the enabled suites, refusing names Clasp does not support. */
    static void suites(SSLParameters params, String[] suites, SSLContext ctx) throws UsageException {
        if (suites == null) {
            return;
        }
        List<String> supported = Arrays.asList(ctx.getSupportedSSLParameters().getCipherSuites());
        for (String s : suites) {
            if (!supported.contains(s)) {
                throw new UsageException("cipher suite " + s + " is not supported; supported: " + supported);
            }
        }
        params.setCipherSuites(suites);
    }

    /** Prints the negotiated parameters of an established session, one {@code name: value} per line. */
    static void printSession(PrintStream out, SSLSession s, String alpn, long handshakeNanos, boolean client) {
        String group = "n/a (not a Clasp session)";
        String scheme = group;
        if (s instanceof ClaspSSLSession c) {
            group = String.valueOf(c.getNamedGroup());
            scheme = String.valueOf(client ? c.getPeerSignatureScheme() : c.getLocalSignatureScheme())
                    + " (server's ServerKeyExchange)";
            String clientScheme = client ? c.getLocalSignatureScheme() : c.getPeerSignatureScheme();
            if (clientScheme != null) {
                scheme += ", " + clientScheme + " (client's CertificateVerify)";
            }
        }
        out.println("protocol:         " + s.getProtocol());
        out.println("cipher suite:     " + s.getCipherSuite());
        out.println("named group:      " + group);
        out.println("signature scheme: " + scheme);
        out.println("ALPN:             " + (alpn == null || alpn.isEmpty() ? "(none)" : alpn));
        out.println("session id:       " + HexFormat.of().formatHex(s.getId()));
        out.println("resumed:          " + (s instanceof ClaspSSLSession c ? String.valueOf(c.isResumed())
                : "n/a (not a Clasp session)"));
        if (handshakeNanos >= 0) {
            out.printf("handshake time:   %.1f ms%n", handshakeNanos / 1e6);
        }
    }

    /** Prints the peer's chain: subject and issuer of each certificate. */
    static void printChain(PrintStream out, SSLSession s, String who) {
        try {
            Certificate[] chain = s.getPeerCertificates();
            out.println(who + " certificate chain:");
            for (int i = 0; i < chain.length; i++) {
                X509Certificate x = (X509Certificate) chain[i];
                out.println(" " + i + " s:" + x.getSubjectX500Principal().getName());
                out.println("   i:" + x.getIssuerX500Principal().getName());
            }
        } catch (SSLPeerUnverifiedException e) {
            out.println(who + " certificate chain: none");
        }
    }

    /** An exception with its causes, for an error line. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e instanceof NoSuchFileException n
                ? n.getFile() + ": " + (n.getReason() != null ? n.getReason() : "no such file") : String.valueOf(e));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append("\n  caused by: ").append(c);
        }
        return sb.toString();
    }
}
