package dev.clasp.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints one Markdown table from JMH's JSON result (and RetainedHeap's lines): a column per provider, ratios to
 * SunJSSE, and for bulk rows the raw javax.crypto ceiling of the same run (same record size) and Clasp's share of it.
 * Throughput rows come twice, per wall-clock second and per CPU-second (process CPU, {@link CpuProfiler}).
 * {@code java -cp ... dev.clasp.bench.Table target/bench/jmh-result.json [target/bench/retained.txt]}.
 */
public final class Table {
    static final String[] PEERS = {"Clasp", "SunJSSE", "BCJSSE", "Conscrypt"};
    private static final double MIB = 1024 * 1024;

    /** Per-operation figures of one JMH result. */
    record Cell(double opsPerSecond, double cores, double allocPerOp) {
    }

    private final Map<String, Cell> cells = new HashMap<>();
    private final Map<String, Double> retained = new HashMap<>();
    private final List<String[]> rows = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        System.out.print(render(Path.of(args[0]), args.length > 1 ? Path.of(args[1]) : null));
    }

    static String render(Path json, Path retainedFile) throws Exception {
        Table t = new Table();
        t.load(json);
        if (retainedFile != null && Files.exists(retainedFile)) {
            for (String line : Files.readAllLines(retainedFile)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 3 && f[0].equals("retained")) {
                    t.retained.put(f[1], Double.parseDouble(f[2]));
                }
            }
        }
        return t.build();
    }

    @SuppressWarnings("unchecked")
    private void load(Path json) throws Exception {
        for (Object o : (List<Object>) Json.parse(Files.readString(json))) {
            Map<String, Object> r = (Map<String, Object>) o;
            String bench = (String) r.get("benchmark");
            bench = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            Map<String, Object> params = (Map<String, Object>) r.getOrDefault("params", Map.of());
            Map<String, Object> secondary = (Map<String, Object>) r.getOrDefault("secondaryMetrics", Map.of());
            double score = num(((Map<String, Object>) r.get("primaryMetric")).get("score"));
            cells.put(key(bench, new TreeMap<>((Map<String, Object>) (Map<?, ?>) params)),
                    new Cell(score, metric(secondary, "cpu.cores"), metric(secondary, "gc.alloc.rate.norm")));
        }
    }

    @SuppressWarnings("unchecked")
    private static double metric(Map<String, Object> secondary, String name) {
        Object m = secondary.get(name);
        return m == null ? Double.NaN : num(((Map<String, Object>) m).get("score"));
    }

    private static double num(Object o) {
        return o instanceof Double d ? d : o instanceof String s ? Double.parseDouble(s) : Double.NaN;
    }

    private static String key(String bench, Map<String, Object> params) {
        StringBuilder b = new StringBuilder(bench);
        params.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    private Cell cell(String bench, String peer, String... kv) {
        Map<String, Object> p = new TreeMap<>();
        if (peer != null) {
            p.put("provider", peer);
        }
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return cells.get(key(bench, p));
    }

    /** What a row shows of a cell. */
    private enum Kind { WALL, CPU, ALLOC }

    private String build() {
        for (String cert : new String[] {"EC", "RSA"}) {
            String what = "full handshakes, " + (cert.equals("EC") ? "ECDSA P-256" : "RSA-2048") + " + x25519";
            group(what, "handshakes", "KiB per handshake", 1, "FullHandshakeBench.fullHandshake", "cert", cert);
        }
        group("resumed handshakes, session ID", "handshakes", "KiB per handshake", 1, "ResumeBench.sessionId");
        group("resumed handshakes, session ticket", "handshakes", "KiB per handshake", 1, "ResumeBench.ticket");
        for (String cipher : new String[] {"AES128GCM", "AES256GCM", "CHACHA20"}) {
            for (String size : new String[] {"16384", "1024"}) {
                for (String buffers : new String[] {"heap", "direct"}) {
                    String what = "bulk " + cipherName(cipher) + ", " + (size.equals("16384") ? "16" : "1")
                            + " KiB writes, " + buffers;
                    group(what, "MiB", "KiB per MiB", Integer.parseInt(size) / MIB, "BulkBench.send",
                            "cipher", cipher, "size", size, "buffers", buffers);
                }
            }
        }
        String[] r = blank("retained heap per idle connected engine pair, KiB");
        for (int i = 0; i < PEERS.length; i++) {
            Double v = retained.get(PEERS[i]);
            r[1 + i] = v == null ? "N/A" : fmt(v / 1024);
        }
        ratios(r, retained.get("SunJSSE"), retained);
        rows.add(r);
        for (String size : new String[] {"16384", "1024"}) {
            int n = Integer.parseInt(size);
            for (String cipher : new String[] {"AES128GCM", "AES256GCM", "CHACHA20"}) {
                Cell c = cell("CryptoCeilingBench.sealOpen", null, "cipher", cipher, "size", size);
                String[] row = blank("raw javax.crypto " + cipherName(cipher) + " seal+open, " + (n / 1024)
                        + " KiB records, MiB/s (per CPU-s)");
                row[8] = c == null ? "N/A" : fmt(c.opsPerSecond * n / MIB) + " (" + fmt(c.opsPerSecond * n / MIB / c.cores) + ")";
                rows.add(row);
            }
        }
        group("SSLSocket loopback full handshakes, ECDSA", "handshakes", "KiB per handshake", 1, "SocketBench.handshake");
        group("SSLSocket loopback bulk AES-128-GCM, 16 KiB writes", "MiB", "KiB per MiB", 16384 / MIB, "SocketBench.bulk");

        StringBuilder out = new StringBuilder();
        out.append("| workload | Clasp | SunJSSE | BCJSSE | Conscrypt | Clasp ÷ SunJSSE | BCJSSE ÷ SunJSSE"
                + " | Conscrypt ÷ SunJSSE | javax.crypto ceiling | Clasp ÷ ceiling |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String[] row : rows) {
            out.append('|');
            for (String c : row) {
                out.append(' ').append(c == null ? "" : c).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String cipherName(String cipher) {
        return switch (cipher) {
            case "AES128GCM" -> "AES-128-GCM";
            case "AES256GCM" -> "AES-256-GCM";
            default -> "ChaCha20-Poly1305";
        };
    }

    /** Three rows for one workload: per wall-second, per CPU-second, heap allocated. */
    private void group(String what, String unit, String allocUnit, double unitsPerOp, String bench, String... kv) {
        for (Kind kind : Kind.values()) {
            String label = switch (kind) {
                case WALL -> what + ", " + unit + "/s";
                case CPU -> what + ", " + unit + " per CPU-s";
                case ALLOC -> what + ", heap " + allocUnit;
            };
            String[] row = blank(label);
            Map<String, Double> values = new HashMap<>();
            for (int i = 0; i < PEERS.length; i++) {
                Cell c = cell(bench, PEERS[i], kv);
                Double v = c == null ? null : switch (kind) {
                    case WALL -> c.opsPerSecond * unitsPerOp;
                    case CPU -> c.opsPerSecond * unitsPerOp / c.cores;
                    case ALLOC -> c.allocPerOp / unitsPerOp / 1024;
                };
                if (v != null && !v.isNaN()) {
                    values.put(PEERS[i], v);
                }
                row[1 + i] = v == null || v.isNaN() ? "N/A" : fmt(v);
            }
            ratios(row, values.get("SunJSSE"), values);
            if (kind != Kind.ALLOC && bench.equals("BulkBench.send")) {
                Cell ceil = cell("CryptoCeilingBench.sealOpen", null, "cipher", kv[1], "size", kv[3]);
                if (ceil != null) {
                    double v = ceil.opsPerSecond * Integer.parseInt(kv[3]) / MIB / (kind == Kind.CPU ? ceil.cores : 1);
                    row[8] = fmt(v);
                    Double clasp = values.get("Clasp");
                    row[9] = clasp == null ? "N/A" : String.format(Locale.ROOT, "%.0f%%", 100 * clasp / v);
                }
            }
            rows.add(row);
        }
    }

    private static void ratios(String[] row, Double sun, Map<String, Double> values) {
        String[] others = {"Clasp", "BCJSSE", "Conscrypt"};
        for (int i = 0; i < others.length; i++) {
            Double v = values.get(others[i]);
            row[5 + i] = sun == null || v == null || sun == 0 ? "" : String.format(Locale.ROOT, "%.2f", v / sun);
        }
    }

    private static String[] blank(String label) {
        String[] row = new String[10];
        row[0] = label;
        return row;
    }

    static String fmt(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }
}
