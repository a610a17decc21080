package dev.clasp.alert;

/** A fatal alert received from the peer. */
public final class PeerAlertException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;

    public PeerAlertException(int code) {
        super("Received fatal alert: " + AlertDescription.nameOf(code));
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The registered description, or {@code null} for an unregistered code. */
    public AlertDescription description() {
        return AlertDescription.fromCode(code);
    }
}
