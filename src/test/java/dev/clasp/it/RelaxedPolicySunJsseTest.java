package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Clasp against SunJSSE, both roles, for every NULL-cipher and ECDH_anon suite, with jdk.tls.disabledAlgorithms
 * relaxed. SunJSSE reads that property once per JVM, so {@link RelaxedPolicyPeer} runs in a JVM of its own; it
 * also checks that SunJSSE's and Clasp's supported lists then agree (the new suites appear in both).
 */
class RelaxedPolicySunJsseTest {
    @Test
    void everyNewSuiteBothRolesAgainstSunJsse() throws Exception {
        List<String> suites = NullCipherSuitesTest.SUITES.stream().map(s -> s[0]).toList();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        String certs = System.getProperty("clasp.testCerts");
        if (certs != null) {
            cmd.add("-Dclasp.testCerts=" + certs);
        }
        cmd.add(RelaxedPolicyPeer.class.getName());
        cmd.addAll(suites);
        Path log = Files.createTempFile("relaxed-policy-peer", ".txt");
        Process peer = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String text;
        try {
            boolean exited = peer.waitFor(180, TimeUnit.SECONDS);
            text = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(exited, "the forked JVM exits in time\n" + text);
        } finally {
            peer.destroyForcibly();
            Files.deleteIfExists(log);
        }
        assertTrue(text.contains("DONE"), text);
        assertTrue(!text.contains("FAIL"), text);
        assertTrue(text.contains("OK supported lists []"), text);
        for (String s : suites) {
            assertTrue(text.contains("OK " + s + " CLASP->SUNJSSE"), s + "\n" + text);
            assertTrue(text.contains("OK " + s + " SUNJSSE->CLASP"), s + "\n" + text);
        }
        // The lists were compared under the relaxed policy: the new suites are supported there.
        String clasp = text.substring(text.indexOf("clasp=["));
        for (String s : suites) {
            assertTrue(clasp.contains(s), s + " listed when the policy allows it: " + clasp);
        }
        assertEquals(2 * suites.size(), text.lines().filter(l -> l.startsWith("OK TLS_") || l.startsWith("OK SSL_")).count());
    }
}
