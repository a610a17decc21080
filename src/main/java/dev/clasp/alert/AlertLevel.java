package dev.clasp.alert;

/** RFC 5246 7.2 alert levels. */
public enum AlertLevel {
    WARNING(1),
    FATAL(2);

    private final int code;

    AlertLevel(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static AlertLevel fromCode(int code) {
        return switch (code) {
            case 1 -> WARNING;
            case 2 -> FATAL;
            default -> null;
        };
    }
}
