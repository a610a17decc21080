package dev.clasp.config;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance of each equal immutable value, per SSLContext: the lists of suites, groups and signature schemes, the
 * record limits and whole {@link TlsConfig}s that every engine and every cached session would otherwise hold a copy
 * of, so that an idle connection or a cached session shares them with its neighbours. Values must be immutable with
 * value equality (records of such values, {@code List.copyOf} lists of enums) and must not hold on to a connection.
 * Bounded: once {@link #MAX_VALUES} distinct values of a class are kept, further ones of that class pass through
 * unshared, so peers sending ever new lists cannot grow it (nor crowd out the context's own values of another class).
 * Thread-safe.
 */
public final class Interner {
    /** Distinct values kept per class; a context typically sees a handful (its own policy and a few peer kinds). */
    public static final int MAX_VALUES = 64;

    private final ConcurrentHashMap<Class<?>, ConcurrentHashMap<Object, Object>> byClass = new ConcurrentHashMap<>();
    /** Arrays by their elements (as a list); bounded as one class. */
    private final ConcurrentHashMap<java.util.List<?>, Object[]> arrays = new ConcurrentHashMap<>();

    /** The kept instance equal to {@code value}, or {@code value} itself (now kept, room permitting). */
    @SuppressWarnings("unchecked") // the kept instance is of value's own class
    public <T> T share(T value) {
        ConcurrentHashMap<Object, Object> values = byClass.computeIfAbsent(value.getClass(),
                k -> new ConcurrentHashMap<>());
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

    /**
     * The kept array with the same elements as {@code array} (equal in order), or {@code array} itself (now kept,
     * room permitting); null stays null. For arrays that no one writes into once made, such as a session's
     * certificate chains (the session hands out copies).
     */
    @SuppressWarnings("unchecked") // the kept array has equal elements, so it is of the same component type
    public <T> T[] shareArray(T[] array) {
        if (array == null || array.length == 0) {
            return array;
        }
        java.util.List<T> key = java.util.List.of(array);
        Object[] known = arrays.get(key);
        if (known != null && known.getClass() == array.getClass()) {
            return (T[]) known;
        }
        if (known != null || arrays.size() >= MAX_VALUES) {
            return array;
        }
        known = arrays.putIfAbsent(key, array);
        return known != null && known.getClass() == array.getClass() ? (T[]) known : array;
    }

    /** How many distinct values of {@code type} are kept (for tests). */
    public int size(Class<?> type) {
        ConcurrentHashMap<Object, Object> values = byClass.get(type);
        return values == null ? 0 : values.size();
    }
}
