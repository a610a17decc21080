package dev.clasp.crypto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the known-answer files under {@code src/test/resources/vectors/}: {@code # comment} lines,
 * {@code [case name]} headers and {@code key = value} lines (hex unless the key says otherwise; a value may
 * continue on following lines that hold only hex).
 */
public final class Vectors {
    private Vectors() {
    }

    /** Case name to (key to value), in file order. */
    public static Map<String, Map<String, String>> load(String file) {
        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector file " + file);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> current = null;
            String lastKey = null;
            for (String line; (line = r.readLine()) != null; ) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (t.startsWith("[") && t.endsWith("]")) {
                    current = new LinkedHashMap<>();
                    cases.put(t.substring(1, t.length() - 1), current);
                    lastKey = null;
                } else if (t.contains("=")) {
                    int eq = t.indexOf('=');
                    lastKey = t.substring(0, eq).strip();
                    current.put(lastKey, t.substring(eq + 1).strip());
                } else if (lastKey != null && t.matches("[0-9a-fA-F]+")) {
                    current.put(lastKey, current.get(lastKey) + t);
                } else {
                    throw new IllegalArgumentException(file + ": cannot parse line: " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
