package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.ClaspProvider;
import dev.clasp.engine.Contract.Pair;
import dev.clasp.it.TestPki;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installing Clasp: directly, first in the provider list at run time, from a java.security file, by ServiceLoader. */
class ProviderInstallTest {

    @Test
    void directInstance() throws Exception {
        Provider p = new ClaspProvider();
        assertEquals("Clasp", p.getName());
        for (String alg : new String[] {"TLS", "TLSv1.2", "Default"}) {
            assertNotNull(p.getService("SSLContext", alg), alg);
            assertSame(p, SSLContext.getInstance(alg, p).getProvider(), alg);
        }
        SSLContext ctx = SSLContext.getInstance("TLS", p);
        ctx.init(null, TestPki.trustManagers("truststore.p12"), null);
        assertEquals(ClaspSSLEngine.class, ctx.createSSLEngine().getClass());
    }

    @Test
    void firstInProviderList() throws Exception {
        int pos = Security.insertProviderAt(new ClaspProvider(), 1);
        try {
            assertEquals(1, pos);
            for (String alg : new String[] {"TLS", "TLSv1.2", "Default"}) {
                assertEquals("Clasp", SSLContext.getInstance(alg).getProvider().getName(), alg);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, null, null);
            assertEquals(ClaspSSLEngine.class, ctx.createSSLEngine().getClass());
        } finally {
            Security.removeProvider("Clasp");
        }
        assertEquals("SunJSSE", SSLContext.getInstance("TLS").getProvider().getName());
    }

    @Test
    void serviceLoaderFindsClasp() {
        List<String> names = new ArrayList<>();
        for (Provider p : ServiceLoader.load(Provider.class)) {
            names.add(p.getName());
        }
        assertTrue(names.contains("Clasp"), names.toString());
    }

    /** Run in a forked JVM: prints what the installed providers give, then serves a handshake with Default. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            System.out.println("TLS=" + SSLContext.getInstance("TLS").getProvider().getName());
            System.out.println("TLSv1.2=" + SSLContext.getInstance("TLSv1.2").getProvider().getName());
            System.out.println("Default=" + SSLContext.getInstance("Default").getProvider().getName());
            SSLContext def = SSLContext.getDefault();
            System.out.println("getDefault=" + def.getProvider().getName());
            if (args.length > 0 && args[0].equals("sizes")) {
                for (Provider p : new Provider[] {Security.getProvider("SunJSSE"), new ClaspProvider()}) {
                    SSLContext ctx = SSLContext.getInstance("TLSv1.2", p);
                    ctx.init(null, null, null);
                    SSLEngine e = ctx.createSSLEngine();
                    System.out.println("sizes " + p.getName() + " " + e.getSession().getPacketBufferSize() + " "
                            + e.getSession().getApplicationBufferSize());
                }
            }
            if (args.length > 0 && args[0].equals("handshake")) {
                SSLEngine client = def.createSSLEngine("localhost", 443);
                client.setUseClientMode(true);
                SSLEngine server = def.createSSLEngine();
                server.setUseClientMode(false);
                Pair p = new Pair(client, server);
                p.handshake();
                System.out.println("handshake=" + client.getSession().getProtocol() + " "
                        + client.getClass().getSimpleName() + " "
                        + ((java.security.cert.X509Certificate) client.getSession().getPeerCertificates()[0])
                                .getSubjectX500Principal().getName());
            }
        }
    }

    private static Path securityFile(Path dir, String claspEntry) throws Exception {
        Path master = Path.of(System.getProperty("java.home"), "conf", "security", "java.security");
        Pattern entry = Pattern.compile("^security\\.provider\\.(\\d+)=(.*)$");
        List<String> providers = new ArrayList<>();
        for (String line : Files.readAllLines(master, StandardCharsets.ISO_8859_1)) {
            Matcher m = entry.matcher(line.trim());
            if (m.matches()) {
                int n = Integer.parseInt(m.group(1));
                while (providers.size() < n) {
                    providers.add(null);
                }
                providers.set(n - 1, m.group(2).trim());
            }
        }
        assertTrue(providers.size() > 3 && providers.contains("SunJSSE"), providers.toString());
        StringBuilder sb = new StringBuilder("security.provider.1=" + claspEntry + "\n");
        for (int i = 0; i < providers.size(); i++) {
            sb.append("security.provider.").append(i + 2).append('=').append(providers.get(i)).append('\n');
        }
        Path f = dir.resolve("clasp.security");
        Files.writeString(f, sb.toString(), StandardCharsets.ISO_8859_1);
        return f;
    }

    private static List<String> runChild(Path securityFile, List<String> props, String arg) throws Exception {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add("-Djava.security.properties=" + securityFile);
        cmd.add("-Dclasp.testCerts=" + TestPki.dir().toAbsolutePath());
        cmd.addAll(props);
        cmd.add(Child.class.getName());
        cmd.add(arg);
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        proc.getOutputStream().close();
        String out;
        try (var in = proc.getInputStream()) {
            boolean done = proc.waitFor(120, TimeUnit.SECONDS);
            if (!done) {
                proc.destroyForcibly();
                throw new AssertionError("child JVM did not finish in time");
            }
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(0, proc.exitValue(), out);
        return out.lines().toList();
    }

    @Test
    void forkedJvmWithProviderName(@TempDir Path dir) throws Exception {
        List<String> out = runChild(securityFile(dir, "Clasp"), List.of(), "none");
        assertTrue(out.containsAll(List.of("TLS=Clasp", "TLSv1.2=Clasp", "Default=Clasp", "getDefault=Clasp")),
                out.toString());
    }

    @Test
    void forkedJvmWithClassName(@TempDir Path dir) throws Exception {
        List<String> out = runChild(securityFile(dir, ClaspProvider.class.getName()), List.of(), "none");
        assertTrue(out.containsAll(List.of("TLS=Clasp", "TLSv1.2=Clasp", "Default=Clasp", "getDefault=Clasp")),
                out.toString());
    }

    private static int[] sizes(List<String> out, String provider) {
        for (String l : out) {
            if (l.startsWith("sizes " + provider + " ")) {
                String[] f = l.split(" ");
                return new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
            }
        }
        throw new AssertionError("no sizes for " + provider + " in " + out);
    }

    /** SunJSSE reads jsse.SSLEngine.acceptLargeFragments once per JVM, so both are compared in fresh JVMs. */
    @Test
    void acceptLargeFragmentsGrowsSizesLikeSunJsse(@TempDir Path dir) throws Exception {
        Path sec = securityFile(dir, "Clasp");
        List<String> normal = runChild(sec, List.of(), "sizes");
        List<String> large = runChild(sec, List.of("-Djsse.SSLEngine.acceptLargeFragments=true"), "sizes");
        for (String p : new String[] {"SunJSSE", "Clasp"}) {
            assertTrue(sizes(large, p)[0] > sizes(normal, p)[0], p + " packet size grows: " + normal + large);
            assertTrue(sizes(large, p)[1] > sizes(normal, p)[1], p + " application size grows: " + normal + large);
        }
        // Clasp's network buffer takes any record SunJSSE's takes, in both modes. (SunJSSE's application size is
        // its packet size minus the header, more than a record can carry; Clasp reports the plaintext limit.)
        for (List<String> out : List.of(normal, large)) {
            assertTrue(sizes(out, "Clasp")[0] >= sizes(out, "SunJSSE")[0], out.toString());
        }
        assertTrue(sizes(normal, "Clasp")[1] >= 1 << 14, normal.toString());
        assertTrue(sizes(large, "Clasp")[1] >= 1 << 15, large.toString());
    }

    @Test
    void defaultContextReadsKeyAndTrustStoreProperties(@TempDir Path dir) throws Exception {
        String certs = TestPki.dir().toAbsolutePath().toString();
        List<String> props = List.of(
                "-Djavax.net.ssl.keyStore=" + certs + File.separator + "server-ec256.p12",
                "-Djavax.net.ssl.keyStorePassword=changeit",
                "-Djavax.net.ssl.keyStoreType=PKCS12",
                "-Djavax.net.ssl.trustStore=" + certs + File.separator + "truststore.p12",
                "-Djavax.net.ssl.trustStorePassword=changeit",
                "-Djavax.net.ssl.trustStoreType=PKCS12");
        List<String> out = runChild(securityFile(dir, "Clasp"), props, "handshake");
        assertTrue(out.contains("getDefault=Clasp"), out.toString());
        assertTrue(out.stream().anyMatch(l -> l.startsWith("handshake=TLSv1.2 ClaspSSLEngine ")
                && l.contains("CN=clasp-server-ec256")), out.toString());
    }
}
