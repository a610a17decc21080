package dev.clasp.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH profiler ({@code -prof dev.clasp.bench.CpuProfiler}) reporting {@code cpu.cores}: the forked JVM's process
 * CPU time (every thread: benchmark, JIT, GC, a socket server) per wall-clock second of each measured iteration.
 * ops per CPU-second = (ops per wall-second) / cpu.cores; on a shared machine that is steadier than wall time.
 */
public final class CpuProfiler implements InternalProfiler {
    private long cpuStart;
    private long wallStart;

    @Override
    public String getDescription() {
        return "process CPU seconds per wall second (cpu.cores)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuStart = cpuNanos();
        wallStart = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        double cores = (cpuNanos() - cpuStart) / (double) Math.max(1, System.nanoTime() - wallStart);
        return List.of(new ScalarResult("cpu.cores", cores, "cores", AggregationPolicy.AVG));
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
