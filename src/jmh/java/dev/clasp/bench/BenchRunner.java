package dev.clasp.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole suite and prints one table: {@code mvn -B -Pbench test-compile exec:exec@bench}.
 * Full run: three 1 s warm-up and three 1 s measured iterations per fork, one fork per benchmark and parameter set.
 * Arguments (-Dbench.args="..."): {@code -quick} (one warm-up and two 1 s iterations: for development),
 * {@code -table} (only re-print the table of the last run), any other word is a JMH include regexp
 * (e.g. {@code BulkBench}), {@code -p NAME=V1,V2} limits a parameter (e.g. {@code -p buffers=heap}).
 * Output in target/bench/: jmh-result.json, retained.txt, table.md.
 *
 * <p>Each benchmark and parameter set runs in its own fork with {@code -prof gc} ({@code gc.alloc.rate.norm}) and
 * {@link CpuProfiler}; retained heap is measured by {@link RetainedHeap} in one JVM per provider.
 */
public final class BenchRunner {
    private BenchRunner() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(System.getProperty("bench.out", "target/bench"));
        Files.createDirectories(out);
        Path json = out.resolve("jmh-result.json");
        Path retained = out.resolve("retained.txt");
        boolean quick = false;
        boolean tableOnly = false;
        List<String> includes = new ArrayList<>();
        List<String[]> params = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-quick" -> quick = true;
                case "-table" -> tableOnly = true;
                case "-p" -> params.add(args[++i].split("=", 2)); // -p provider=Clasp,SunJSSE
                default -> includes.add(args[i]);
            }
        }
        long start = System.nanoTime();
        if (!tableOnly) {
            String certs = System.getProperty("clasp.testCerts", "test-certs");
            ChainedOptionsBuilder o = new OptionsBuilder()
                    .forks(1)
                    .threads(1)
                    .warmupIterations(quick ? 1 : 3) // the JIT (GHASH, AES intrinsics) needs a few seconds
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(quick ? 2 : 3)
                    .measurementTime(TimeValue.seconds(1))
                    .timeUnit(TimeUnit.SECONDS)
                    .addProfiler(GCProfiler.class)
                    .addProfiler(CpuProfiler.class)
                    .shouldFailOnError(false)
                    // jvmArgsPrepend: the benchmarks' own @Fork(jvmArgsAppend) stay in force.
                    .jvmArgsPrepend("-Xms768m", "-Xmx768m", "-Dclasp.testCerts=" + certs,
                            "-Djdk.tls.namedGroups=x25519,secp256r1")
                    .resultFormat(ResultFormatType.JSON)
                    .result(json.toString());
            if (includes.isEmpty()) {
                o.include("dev\\.clasp\\.bench\\..*Bench");
            }
            includes.forEach(o::include);
            params.forEach(p -> o.param(p[0], p[1].split(",")));
            new Runner(o.build()).run();
            if (includes.isEmpty() || includes.stream().anyMatch(i -> i.contains("Retained"))) {
                measureRetained(retained, certs);
            }
        }
        String table = Table.render(json, retained);
        String header = "JDK " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", " + Instant.now() + (tableOnly ? ""
                : ", suite took " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + " s")
                + (quick ? " (-quick)" : "") + "\n\n";
        Files.writeString(out.resolve("table.md"), header + table);
        System.out.println();
        System.out.print(header + table);
    }

    /** One JVM per provider (serial GC, so that the live heap after System.gc() is exact). */
    private static void measureRetained(Path file, String certs) throws Exception {
        StringBuilder lines = new StringBuilder();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String peer : Table.PEERS) {
            List<String> cmd = List.of(java, "-XX:+UseSerialGC", "-Xmx768m", "-Dclasp.testCerts=" + certs,
                    "-Djdk.tls.namedGroups=x25519,secp256r1", "-cp", System.getProperty("java.class.path"),
                    RetainedHeap.class.getName(), peer, "300");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println(line);
                    if (line.startsWith("retained ")) {
                        lines.append(line).append('\n');
                    }
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        Files.writeString(file, lines.toString());
    }
}
