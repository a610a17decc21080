package dev.clasp.cli;

import dev.clasp.cli.Main.UsageException;
import dev.clasp.engine.ClaspSSLSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/** {@code serve --port N --keystore FILE}: an {@code s_server} over Clasp that echoes. */
final class Serve {
    static final Set<String> OPTIONS = Set.of("--port", "--keystore", "--password", "--alpn", "--suites", "--trust",
            "--bind", "--count", "--timeout");
    static final Set<String> FLAGS = Set.of("--need-client-auth", "--want-client-auth");

    private Serve() {
    }

    static int run(Options o, PrintStream out, PrintStream err) throws Exception {
        if (o.get("--port") == null) {
            throw new UsageException("--port is required");
        }
        if (o.get("--keystore") == null) {
            throw new UsageException("--keystore is required");
        }
        int port = o.integer("--port", 0, 0, 65535);
        int count = o.integer("--count", 0, 0, Integer.MAX_VALUE);
        int timeout = o.integer("--timeout", 0, 0, 86_400);
        boolean need = o.flag("--need-client-auth");
        boolean want = o.flag("--want-client-auth");
        char[] password = o.get("--password", Tls.DEFAULT_PASSWORD).toCharArray();
        TrustManager[] tm = o.get("--trust") != null || need || want
                ? Tls.trustManagers(o.get("--trust"), password) : null;
        SSLContext ctx = Tls.context(Tls.keyManagers(o.get("--keystore"), password), tm);
        InetAddress bind = o.get("--bind") == null ? InetAddress.getLoopbackAddress()
                : InetAddress.getByName(o.get("--bind"));

        try (SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(port, 50, bind)) {
            SSLParameters p = ss.getSSLParameters();
            String[] alpn = o.list("--alpn");
            if (alpn != null) {
                p.setApplicationProtocols(alpn);
            }
            Tls.suites(p, o.list("--suites"), ctx);
            if (need) {
                p.setNeedClientAuth(true);
            } else if (want) {
                p.setWantClientAuth(true);
            }
            ss.setSSLParameters(p);
            ss.setSoTimeout(timeout * 1000);
            out.println("listening on " + bind.getHostAddress() + ":" + ss.getLocalPort());
            out.flush();
            int failures = 0;
            for (int served = 0; count == 0 || served < count; served++) {
                SSLSocket s;
                try {
                    s = (SSLSocket) ss.accept();
                } catch (SocketTimeoutException e) {
                    err.println("clasp serve: no connection within " + timeout + " s");
                    return Main.FAILED;
                }
                if (!serveOne(s, timeout, out, err)) {
                    failures++;
                }
            }
            return failures == 0 ? Main.OK : Main.FAILED;
        }
    }

    private static boolean serveOne(SSLSocket s, int timeout, PrintStream out, PrintStream err) {
        String peer = s.getRemoteSocketAddress().toString();
        try (s) {
            s.setSoTimeout(timeout * 1000);
            long start = System.nanoTime();
            s.startHandshake();
            long handshake = System.nanoTime() - start;
            SSLSession session = s.getSession();
            out.println("ACCEPTED " + peer);
            Tls.printChain(out, session, "client");
            Tls.printSession(out, session, s.getApplicationProtocol(), handshake, false);
            out.println("---");
            out.flush();
            OutputStream o = s.getOutputStream();
            o.write((greeting(session, s.getApplicationProtocol()) + "\n").getBytes(StandardCharsets.UTF_8));
            o.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[16384];
            long echoed = 0;
            for (int n; (n = in.read(buf)) >= 0; ) {
                o.write(buf, 0, n);
                o.flush();
                echoed += n;
            }
            out.println("CLOSED " + peer + " after echoing " + echoed + " bytes");
            out.flush();
            return true;
        } catch (IOException e) {
            err.println("clasp serve: connection from " + peer + " failed: " + Tls.describe(e));
            return false;
        }
    }

    /** The line sent to each client: what was negotiated. */
    static String greeting(SSLSession s, String alpn) {
        String group = s instanceof ClaspSSLSession c ? c.getNamedGroup() : null;
        String scheme = s instanceof ClaspSSLSession c ? c.getLocalSignatureScheme() : null;
        return "clasp serve: " + s.getProtocol() + " " + s.getCipherSuite() + " group=" + group + " signature="
                + scheme + " alpn=" + (alpn == null || alpn.isEmpty() ? "none" : alpn);
    }
}
