package dev.clasp.handshake;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.CertificateStatus;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.TlsReader;
import java.util.List;

/**
 * Client, after the server's Certificate when its ServerHello echoed status_request (RFC 6066 8): an optional
 * CertificateStatus. Its OCSP response goes into the handshake session (getStatusResponses) before the trust
 * manager checks the chain; a server that sends its next message instead ("a server MAY also choose not to send a
 * CertificateStatus message") leaves the list empty, and that message goes to the state after the check.
 */
public final class ExpectCertificateStatus implements HandshakeState {

    /** The trust check and the state after it, run once the status is known. */
    @FunctionalInterface
    interface AfterStatus {
        HandshakeState checkTrust() throws TlsAlertException;
    }

    private final HandshakeContext ctx;
    private final AfterStatus next;

    ExpectCertificateStatus(HandshakeContext ctx, AfterStatus next) {
        this.ctx = ctx;
        this.next = next;
    }

    @Override
    public boolean isExpensive(HandshakeInput in) {
        return true; // the trust manager runs here either way
    }

    @Override
    public HandshakeState handle(HandshakeInput in) throws TlsAlertException {
        if (in instanceof HandshakeInput.Message m && m.type() == HandshakeType.CERTIFICATE_STATUS) {
            CertificateStatus status = CertificateStatus.decode(new TlsReader(m.body()));
            // SunJSSE's TLS 1.2 list: the one response, for the leaf.
            ctx.session().statusResponses = List.of(status.ocspResponse());
            ctx.transcript().update(m.raw(), 0, m.raw().length);
            return next.checkTrust();
        }
        ctx.session().statusResponses = List.of();
        return next.checkTrust().handle(in);
    }
}
