package dev.clasp.cli;

import dev.clasp.cli.Main.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** {@code connect HOST:PORT}: an {@code s_client} over Clasp. */
final class Connect {
    static final Set<String> OPTIONS = Set.of("--sni", "--alpn", "--suites", "--trust", "--cert", "--password",
            "--timeout");
    static final Set<String> FLAGS = Set.of("--no-hostname-check");
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int HANDSHAKE_TIMEOUT_MS = 15_000;

    private Connect() {
    }

    static int run(Options o, InputStream stdin, PrintStream out, PrintStream err) throws Exception {
        String target = o.positional(0);
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || colon == target.length() - 1) {
            throw new UsageException("expected HOST:PORT, got " + target);
        }
        String host = target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageException("bad port in " + target);
        }
        if (port < 1 || port > 65535) {
            throw new UsageException("port out of range in " + target);
        }
        int timeout = o.integer("--timeout", 0, 0, 86_400);
        char[] password = o.get("--password", Tls.DEFAULT_PASSWORD).toCharArray();
        SSLContext ctx = Tls.context(Tls.keyManagers(o.get("--cert"), password),
                Tls.trustManagers(o.get("--trust"), password));

        Socket plain = new Socket();
        SSLSocket s;
        try {
            plain.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true);
        } catch (IOException e) {
            plain.close();
            throw e;
        }
        try (s) {
            SSLParameters p = s.getSSLParameters();
            if (o.get("--sni") != null) {
                p.setServerNames(List.of(new SNIHostName(o.get("--sni"))));
            }
            String[] alpn = o.list("--alpn");
            if (alpn != null) {
                p.setApplicationProtocols(alpn);
            }
            Tls.suites(p, o.list("--suites"), ctx);
            if (!o.flag("--no-hostname-check")) {
                p.setEndpointIdentificationAlgorithm("HTTPS");
            }
            s.setSSLParameters(p);
            s.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            long start = System.nanoTime();
            s.startHandshake();
            long handshake = System.nanoTime() - start;
            out.println("CONNECTED to " + host + ":" + port);
            Tls.printChain(out, s.getSession(), "server");
            Tls.printSession(out, s.getSession(), s.getApplicationProtocol(), handshake, true);
            out.println("---");
            out.flush();
            s.setSoTimeout(timeout * 1000);
            return relay(s, stdin, out, err, timeout);
        }
    }

    /** stdin -> socket on a helper thread (EOF sends close_notify), socket -> stdout here until the peer closes. */
    private static int relay(SSLSocket s, InputStream stdin, PrintStream out, PrintStream err, int timeout)
            throws Exception {
        AtomicReference<IOException> writeError = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                OutputStream o = s.getOutputStream();
                byte[] buf = new byte[8192];
                for (int n; (n = stdin.read(buf)) >= 0; ) {
                    o.write(buf, 0, n);
                    o.flush();
                }
                s.shutdownOutput();
            } catch (IOException e) {
                if (!s.isClosed()) {
                    writeError.set(e);
                }
            }
        }, "clasp-connect-stdin");
        writer.setDaemon(true);
        writer.start();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[16384];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (SocketTimeoutException e) {
            err.println("clasp connect: no data from the server for " + timeout + " s");
            return Main.FAILED;
        }
        writer.join(1000);
        if (writeError.get() != null) {
            err.println("clasp connect: error sending: " + Tls.describe(writeError.get()));
            return Main.FAILED;
        }
        return Main.OK;
    }
}
