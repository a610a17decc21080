package dev.clasp.cli;

import dev.clasp.cli.Main.UsageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A parsed command line: {@code --name value} options, {@code --flag}s and positional arguments. */
final class Options {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new ArrayList<>();

    Options(String[] args, Set<String> valueOptions, Set<String> flagOptions, int positionalCount)
            throws UsageException {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String name = a;
                String value = null;
                int eq = a.indexOf('=');
                if (eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                if (flagOptions.contains(name) && value == null) {
                    flags.add(name);
                } else if (valueOptions.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException("option " + name + " needs a value");
                        }
                        value = args[++i];
                    }
                    if (values.put(name, value) != null) {
                        throw new UsageException("option " + name + " given twice");
                    }
                } else {
                    throw new UsageException("unknown option " + a);
                }
            } else {
                positional.add(a);
            }
        }
        if (positional.size() != positionalCount) {
            throw new UsageException(positionalCount == 0 ? "unexpected argument " + positional
                    : "expected " + positionalCount + " argument(s), got " + positional);
        }
    }

    String get(String name) {
        return values.get(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    String positional(int i) {
        return positional.get(i);
    }

    /** A comma-separated list option, or null when absent. */
    String[] list(String name) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        String[] items = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
        if (items.length == 0) {
            throw new UsageException("option " + name + " needs a non-empty comma-separated list");
        }
        return items;
    }

    int integer(String name, int fallback, int min, int max) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new UsageException("option " + name + " must be between " + min + " and " + max + ": " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("option " + name + " is not a number: " + v);
        }
    }
}
