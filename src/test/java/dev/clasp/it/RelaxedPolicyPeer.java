package dev.clasp.it;

import dev.clasp.it.TestPki.Peer;
import dev.clasp.suite.CipherSuite;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Run in a forked JVM by {@link RelaxedPolicySunJsseTest}: SunJSSE reads jdk.tls.disabledAlgorithms once per JVM,
 * so "anon", "NULL", "ECDH" and "TLS_RSA_*" are removed here, before any SunJSSE class is touched. Then it compares
 * SunJSSE's supported list with Clasp's and runs Clasp against SunJSSE in both roles for each suite named in the
 * arguments (data both ways). Prints one line per check: "OK ..." or "FAIL ...".
 */
public final class RelaxedPolicyPeer {
    private RelaxedPolicyPeer() {
    }

    public static void main(String[] args) throws Exception {
        String jdk = Security.getProperty("jdk.tls.disabledAlgorithms");
        Set<String> removed = Set.of("anon", "NULL", "ECDH", "TLS_RSA_*");
        Security.setProperty("jdk.tls.disabledAlgorithms", Arrays.stream(jdk.split(",")).map(String::trim)
                .filter(e -> !removed.contains(e)).collect(Collectors.joining(", ")));
        System.out.println("POLICY " + Security.getProperty("jdk.tls.disabledAlgorithms"));
        compareSupportedLists();
        for (String suite : args) {
            String keyStore = suite.contains("_anon_") ? "server-rsa.p12"
                    : suite.contains("ECDSA") ? "server-ec256.p12" : "server-rsa.p12";
            run(suite, Peer.CLASP, Peer.SUNJSSE, keyStore);
            run(suite, Peer.SUNJSSE, Peer.CLASP, keyStore);
        }
        System.out.println("DONE");
    }

    /** Both lists hold the same names among the suites both implement (SunJSSE's filter, Clasp's filter). */
    private static void compareSupportedLists() throws Exception {
        List<String> sun = Arrays.asList(TestPki.context(Peer.SUNJSSE, null).createSSLEngine().getSupportedCipherSuites());
        List<String> clasp = Arrays.asList(TestPki.context(Peer.CLASP, null).createSSLEngine().getSupportedCipherSuites());
        Set<String> differ = new TreeSet<>();
        for (String s : sun) {
            if (CipherSuite.fromName(s) != null && !clasp.contains(s)) {
                differ.add("SunJSSE only: " + s);
            }
        }
        SSLEngine probe = TestPki.context(Peer.SUNJSSE, null).createSSLEngine();
        for (String c : clasp) {
            if (knownTo(probe, c) && !sun.contains(c)) {
                differ.add("Clasp only: " + c);
            }
        }
        System.out.println((differ.isEmpty() ? "OK" : "FAIL") + " supported lists " + differ + " clasp=" + clasp);
    }

    static boolean knownTo(SSLEngine e, String suite) {
        try {
            e.setEnabledCipherSuites(new String[] {suite});
            return true;
        } catch (IllegalArgumentException x) {
            return false;
        }
    }

    private static void run(String suite, Peer clientPeer, Peer serverPeer, String keyStore) {
        String what = suite + " " + clientPeer + "->" + serverPeer;
        try {
            SSLContext cc = TestPki.context(clientPeer, null);
            SSLContext sc = TestPki.context(serverPeer, keyStore);
            SSLEngine client = cc.createSSLEngine("localhost", 443);
            client.setUseClientMode(true);
            client.setEnabledCipherSuites(new String[] {suite});
            SSLEngine server = sc.createSSLEngine();
            server.setUseClientMode(false);
            server.setEnabledCipherSuites(new String[] {suite});
            EnginePair p = new EnginePair(client, server);
            p.handshake();
            List<String> problems = new ArrayList<>();
            for (SSLEngine e : List.of(client, server)) {
                if (!suite.equals(e.getSession().getCipherSuite())) {
                    problems.add("negotiated " + e.getSession().getCipherSuite());
                }
            }
            byte[] data = new byte[30_000];
            new Random(suite.hashCode()).nextBytes(data);
            if (!Arrays.equals(data, p.send(true, data)) || !Arrays.equals(data, p.send(false, data))) {
                problems.add("data differs");
            }
            p.close(true);
            System.out.println((problems.isEmpty() ? "OK " : "FAIL ") + what + " " + problems);
        } catch (Exception | AssertionError e) {
            System.out.println("FAIL " + what + " " + e);
        }
    }
}
