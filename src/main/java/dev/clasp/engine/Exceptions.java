package dev.clasp.engine;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.PeerAlertException;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.core.Connection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLProtocolException;

/**
 * Maps core faults to the JSSE exception types applications and test suites expect. As in SunJSSE, the cause is
 * set only when something underneath failed (a CertificateException from the trust manager, say), so callers
 * may still {@code initCause} (OpenJDK's SSLSocketTemplate chains the two sides' exceptions that way). Clasp's own
 * alert detail ({@link TlsAlertException} or {@link PeerAlertException}) rides along as a suppressed exception.
 */
final class Exceptions {
    private Exceptions() {
    }

    /** A fault detected locally (the fatal alert is queued for the peer). */
    static SSLException local(TlsAlertException e, boolean handshakeComplete) {
        String msg = e.getMessage() + " (fatal alert " + e.description().ianaName() + ")";
        SSLException out;
        if (!handshakeComplete) {
            out = new SSLHandshakeException(msg);
        } else if (isProtocolFault(e.description())) {
            out = new SSLProtocolException(msg);
        } else {
            out = new SSLException(msg);
        }
        if (e.getCause() != null) {
            out.initCause(e.getCause());
        }
        out.addSuppressed(e);
        return out;
    }

    /** A fatal alert received from the peer. */
    static SSLException peer(PeerAlertException e, boolean handshakeComplete) {
        return peer(e, handshakeComplete, "");
    }

    /** A fatal alert received from the peer; during a handshake with a hint of what this side offered. */
    static SSLException peer(PeerAlertException e, boolean settled, Connection c) {
        return peer(e, settled, settled ? "" : PeerAlertHints.hint(e.description(), c.config(), c.session(),
                c.certificateRequested()));
    }

    private static SSLException peer(PeerAlertException e, boolean handshakeComplete, String hint) {
        String msg = e.getMessage() + hint;
        SSLException out = handshakeComplete ? new SSLException(msg) : new SSLHandshakeException(msg);
        out.addSuppressed(e);
        return out;
    }

    private static boolean isProtocolFault(AlertDescription d) {
        return switch (d) {
            // SunJSSE reports only unexpected_message as SSLProtocolException after the handshake; record
            // faults (bad_record_mac, record_overflow) are plain SSLExceptions there.
            case UNEXPECTED_MESSAGE -> true;
            default -> false;
        };
    }
}
