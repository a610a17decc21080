package dev.clasp.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar clasp.jar demo|connect|serve ...}: the command line of Clasp. Exit codes: 0 success, 1 the
 * command failed (handshake, I/O, bad file), 2 usage error.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT = """
            Usage: java -jar clasp.jar COMMAND [OPTIONS]

            Commands:
              demo [--certs DIR]
                  Start an HTTPS server on 127.0.0.1 with the test certificates (default: test-certs/ in the
                  current directory), install Clasp with Security.insertProviderAt, fetch a page through
                  HttpsURLConnection and print what was negotiated.
              connect HOST:PORT [--sni NAME] [--alpn LIST] [--suites LIST] [--trust FILE] [--cert FILE]
                      [--password P] [--no-hostname-check] [--timeout SECONDS]
                  A TLS client (like openssl s_client): print the peer's certificate chain and the negotiated
                  parameters, then copy stdin to the connection and the connection to stdout until EOF.
                  --trust: PKCS#12/JKS trust store or PEM certificates (default: the JDK's cacerts);
                  --cert: PKCS#12 key store with the client certificate; --password: for both (default changeit).
              serve --port N --keystore FILE [--password P] [--alpn LIST] [--suites LIST] [--need-client-auth]
                    [--want-client-auth] [--trust FILE] [--bind ADDR] [--count N] [--timeout SECONDS]
                  A TLS server (like openssl s_server) on ADDR (default 127.0.0.1; port 0 picks one): for each
                  connection print the negotiated parameters, send them as one line, then echo what the client
                  sends until it closes. --count: stop after N connections; --timeout: give up after that many
                  seconds without a connection (and use it as the read timeout).
              help
                  This text.

            LIST is comma-separated. Exit status: 0 success, 1 failure, 2 usage error.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.in, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs a command with no standard input. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, new ByteArrayInputStream(new byte[0]), out, err);
    }

    /** Runs a command; returns its exit code. Never calls {@code System.exit}. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (command) {
                case "demo" -> Demo.run(new Options(rest, Demo.OPTIONS, Demo.FLAGS, 0), out);
                case "connect" -> Connect.run(new Options(rest, Connect.OPTIONS, Connect.FLAGS, 1), in, out, err);
                case "serve" -> Serve.run(new Options(rest, Serve.OPTIONS, Serve.FLAGS, 0), out, err);
                case "help", "-h", "--help" -> {
                    out.print(USAGE_TEXT);
                    yield OK;
                }
                default -> throw new UsageException("unknown command: " + command);
            };
        } catch (UsageException e) {
            err.println("clasp " + command + ": " + e.getMessage());
            err.println("Run 'java -jar clasp.jar help' for usage.");
            return USAGE;
        } catch (Exception e) {
            err.println("clasp " + command + ": error: " + Tls.describe(e));
            return FAILED;
        }
    }

    /** A bad command line. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
