package dev.clasp.it.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.clasp.it.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installing Clasp, proved end to end: each test forks a JVM with Clasp installed one of the ways a user installs
 * it and runs {@link InstalledClient} there (HttpsServer, HttpsURLConnection, HttpClient, sockets over the default
 * SSLContext). The fork's output is part of every assertion message.
 */
@Timeout(90)
class InstallationTest {
    private static final long FORK_TIMEOUT_SECONDS = 60;

    @TempDir
    Path tmp;

    @Test
    void securityInsertProviderAt() throws Exception {
        assertPasses(fork(List.of(), "insert"), "Security.insertProviderAt(new ClaspProvider(), 1)");
    }

    @Test
    void securityPropertiesFileNamingTheProvider() throws Exception {
        Path file = propertiesFile("Clasp");
        assertPasses(fork(List.of("-Djava.security.properties=" + file), "properties"),
                "-Djava.security.properties with security.provider.1=Clasp:\n" + Files.readString(file));
    }

    @Test
    void securityPropertiesFileNamingTheClass() throws Exception {
        Path file = propertiesFile("dev.clasp.ClaspProvider");
        assertPasses(fork(List.of("-Djava.security.properties=" + file), "properties"),
                "-Djava.security.properties with security.provider.1=dev.clasp.ClaspProvider:\n" + Files.readString(file));
    }

    @Test
    void serviceLoaderFindsClaspByName() throws Exception {
        assertPasses(fork(List.of(), "serviceloader"), "ServiceLoader.load(Provider.class)");
    }

    /** A mis-installed JVM (Clasp not installed at all) must make the forked checks fail: the harness can fail. */
    @Test
    void aJvmWithoutClaspFails() throws Exception {
        Result r = fork(List.of(), "none");
        assertTrue(r.exitCode != 0, "expected a failure without Clasp installed:\n" + r.output);
        assertTrue(r.output.contains("FAIL Clasp is the first provider"), r.output);
    }

    /**
     * The running JDK's provider list from {@code $JAVA_HOME/conf/security/java.security}, renumbered 2..N after
     * {@code first}: what a user writes to put Clasp first and keep the JDK's own providers.
     */
    static String providerList(Path javaSecurity, String first) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(javaSecurity)) {
            p.load(in);
        }
        Map<Integer, String> jdk = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.matches("security\\.provider\\.\\d+")) {
                jdk.put(Integer.parseInt(key.substring("security.provider.".length())), p.getProperty(key).trim());
            }
        }
        StringBuilder sb = new StringBuilder("security.provider.1=" + first + "\n");
        int n = 2;
        for (String provider : jdk.values()) {
            sb.append("security.provider.").append(n++).append('=').append(provider).append('\n');
        }
        return sb.toString();
    }

    @Test
    void providerListKeepsTheJdkProvidersAfterClasp() throws Exception {
        String list = providerList(javaSecurity(), "Clasp");
        assertTrue(list.startsWith("security.provider.1=Clasp\nsecurity.provider.2=SUN\n"), list);
        assertTrue(list.contains("=SunJSSE\n") && list.contains("=SunEC\n") && list.contains("=SunJCE\n"), list);
    }

    /** The ready-made {@code examples/java.security-jdkN} for the running JDK holds exactly its provider list. */
    @Test
    void exampleFileMatchesTheRunningJdk() throws Exception {
        int feature = Runtime.version().feature();
        Path example = TestPki.dir().toAbsolutePath().getParent().resolve("examples/java.security-jdk" + feature);
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(example), "no example for JDK " + feature);
        String lines = String.join("\n", Files.readAllLines(example).stream()
                .filter(l -> l.startsWith("security.provider.")).toList()) + "\n";
        assertEquals(providerList(javaSecurity(), "Clasp"), lines, example + " differs from " + javaSecurity());
    }

    private static Path javaSecurity() {
        return Path.of(System.getProperty("java.home"), "conf", "security", "java.security");
    }

    private Path propertiesFile(String first) throws IOException {
        Path file = tmp.resolve("java.security-clasp");
        Files.writeString(file, "# generated by InstallationTest from " + javaSecurity() + "\n"
                + providerList(javaSecurity(), first), StandardCharsets.ISO_8859_1);
        return file;
    }

    record Result(int exitCode, String output) {
    }

    private Result fork(List<String> jvmArgs, String mode) throws Exception {
        Path baseDir = TestPki.dir().toAbsolutePath().getParent();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of(
                "-Djavax.net.ssl.keyStore=test-certs/server-ec256.p12",
                "-Djavax.net.ssl.keyStorePassword=changeit",
                "-Djavax.net.ssl.keyStoreType=PKCS12",
                "-Djavax.net.ssl.trustStore=test-certs/truststore.p12",
                "-Djavax.net.ssl.trustStorePassword=changeit",
                InstalledClient.class.getName(), mode));
        Path log = tmp.resolve("fork-" + mode + "-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).directory(baseDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(FORK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!done) {
            fail("forked JVM (" + mode + ") did not finish in " + FORK_TIMEOUT_SECONDS + " s; output:\n" + output);
        }
        return new Result(p.exitValue(), "command: " + String.join(" ", cmd) + "\n" + output);
    }

    private static void assertPasses(Result r, String how) {
        assertEquals(0, r.exitCode, "forked JVM with Clasp installed by " + how + " failed:\n" + r.output);
        assertTrue(r.output.contains("ALL PASSED"), r.output);
        assertTrue(!r.output.contains("FAIL"), r.output);
    }
}
