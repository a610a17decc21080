package dev.clasp.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of ENGINEERING.md 1, checked on the sources: which Clasp package may use which, no cycles, and
 * no JSSE types below the engine. {@code message.ext} counts as part of {@code message} (a ClientHello holds
 * extensions, an extension is written with the message codec).
 */
class PackageRulesTest {
    private static final Path MAIN = Path.of("src/main/java/dev/clasp");
    private static final Pattern REF = Pattern.compile("\\bdev\\.clasp\\.(?:([a-z]+)(?:\\.[a-z]+)*\\.)?[A-Z]");
    private static final Pattern JSSE = Pattern.compile("^import\\s+javax\\.net\\.ssl\\.", Pattern.MULTILINE);

    /**
     * Allowed dependencies. Deviations from ENGINEERING's table, on purpose: handshake builds the pending
     * RecordProtection (it owns the key material; core only installs it), and engine reads SessionState and
     * implements the handshake's Authenticator port, and engine renders traces of message values (ConnectionTrace).
     */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("(root)", Set.of("provider")),
            Map.entry("provider", Set.of("engine", "config", "suite", "record")),
            Map.entry("engine", Set.of("core", "config", "alert", "handshake", "suite", "record", "message")),
            Map.entry("config", Set.of("suite")),
            Map.entry("core", Set.of("handshake", "message", "record", "crypto", "config", "suite", "alert")),
            Map.entry("handshake", Set.of("message", "crypto", "record", "config", "suite", "alert")),
            Map.entry("message", Set.of("suite", "alert")),
            Map.entry("record", Set.of("crypto", "suite", "alert")),
            Map.entry("crypto", Set.of("suite", "alert")),
            Map.entry("suite", Set.of()),
            Map.entry("alert", Set.of()),
            Map.entry("demo", Set.of("(root)")),
            Map.entry("cli", Set.of("(root)", "engine")),
            Map.entry("jetty", Set.of("engine")));

    private static final Set<String> NO_JSSE = Set.of("message", "record", "crypto", "suite", "alert");

    @Test
    void packagesUseOnlyWhatTheyMay() throws IOException {
        Map<String, Set<String>> uses = dependencies();
        List<String> violations = new ArrayList<>();
        uses.forEach((pkg, deps) -> {
            Set<String> allowed = ALLOWED.get(pkg);
            if (allowed == null) {
                violations.add("package " + pkg + " is not in the layering table");
                return;
            }
            for (String d : deps) {
                if (!allowed.contains(d)) {
                    violations.add(pkg + " -> " + d);
                }
            }
        });
        assertEquals(List.of(), violations);
    }

    @Test
    void lowLayersDoNotUseJsse() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path f : sources()) {
            String pkg = packageOf(f);
            if (NO_JSSE.contains(pkg) && JSSE.matcher(Files.readString(f)).find()) {
                offenders.add(MAIN.relativize(f).toString());
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void noCycles() throws IOException {
        Map<String, Set<String>> g = dependencies();
        for (String start : g.keySet()) {
            assertTrue(!reaches(g, start, start, new TreeSet<>()), "cycle through " + start + ": " + g);
        }
    }

    private static boolean reaches(Map<String, Set<String>> g, String from, String target, Set<String> seen) {
        for (String next : g.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                return true;
            }
            if (seen.add(next) && reaches(g, next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Path f : sources()) {
            String pkg = packageOf(f);
            Set<String> deps = out.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher m = REF.matcher(Files.readString(f));
            while (m.find()) {
                String dep = m.group(1) == null ? "(root)" : m.group(1);
                if (!dep.equals(pkg)) {
                    deps.add(dep);
                }
            }
        }
        return out;
    }

    private static String packageOf(Path f) {
        Path rel = MAIN.relativize(f.getParent());
        String first = rel.getNameCount() == 0 || rel.toString().isEmpty() ? "(root)" : rel.getName(0).toString();
        return first;
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }
}
