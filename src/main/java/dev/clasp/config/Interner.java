package dev.clasp.config;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance of each equal immutable value (the lists of suites, groups and signature schemes that every engine's
 * {@link TlsConfig} and every cached session would otherwise hold a copy of), per SSLContext: an idle connection
 * or a cached session then shares them with its neighbours. Values must be immutable with value equality (records,
 * {@code List.copyOf} lists of enums). Bounded: once {@link #MAX_VALUES} distinct values are kept, further ones pass
 * through unshared, so peers sending ever new lists cannot grow it. Thread-safe.
 */
public final class Interner {
    /** Distinct values kept; a context typically sees a handful (its own policy and a few peer kinds). */
    public static final int MAX_VALUES = 64;

    private final ConcurrentHashMap<Object, Object> values = new ConcurrentHashMap<>();

    /** The kept instance equal to {@code value}, or {@code value} itself (now kept, room permitting). */
    @SuppressWarnings("unchecked") // equal values are of the same type: records compare classes, lists elements
    public <T> T share(T value) {
        Object known = values.get(value);
        if (known != null) {
            return (T) known;
        }
        if (values.size() >= MAX_VALUES) {
            return value;
        }
        known = values.putIfAbsent(value, value);
        return known != null ? (T) known : value;
    }

    /** How many distinct values are kept (for tests). */
    public int size() {
        return values.size();
    }
}
