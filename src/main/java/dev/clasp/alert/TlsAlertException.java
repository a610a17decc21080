package dev.clasp.alert;

/**
 * A protocol fault detected locally: the connection must send {@code description} as a fatal alert and close.
 * The detail names the state and the offending value; it never carries key material.
 */
public class TlsAlertException extends Exception {
    private static final long serialVersionUID = 1L;

    private final AlertDescription description;

    public TlsAlertException(AlertDescription description, String detail) {
        this(description, detail, null);
    }

    public TlsAlertException(AlertDescription description, String detail, Throwable cause) {
        super(detail, cause);
        if (description == null) {
            throw new IllegalArgumentException("description");
        }
        this.description = description;
    }

    public AlertDescription description() {
        return description;
    }

    public static TlsAlertException decodeError(String detail) {
        return new TlsAlertException(AlertDescription.DECODE_ERROR, detail);
    }

    public static TlsAlertException illegalParameter(String detail) {
        return new TlsAlertException(AlertDescription.ILLEGAL_PARAMETER, detail);
    }

    public static TlsAlertException unexpectedMessage(String detail) {
        return new TlsAlertException(AlertDescription.UNEXPECTED_MESSAGE, detail);
    }

    public static TlsAlertException handshakeFailure(String detail) {
        return new TlsAlertException(AlertDescription.HANDSHAKE_FAILURE, detail);
    }

    public static TlsAlertException internalError(String detail, Throwable cause) {
        return new TlsAlertException(AlertDescription.INTERNAL_ERROR, detail, cause);
    }
}
