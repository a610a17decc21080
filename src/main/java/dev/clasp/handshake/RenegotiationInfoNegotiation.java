package dev.clasp.handshake;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.ClientHello;
import dev.clasp.message.ServerHello;
import dev.clasp.message.ext.RenegotiationInfoExtension;
import dev.clasp.suite.CipherSuite;
import java.security.MessageDigest;

/**
 * RFC 5746 renegotiation_info for both roles. {@code prior} is the verify_data of the handshake being
 * renegotiated, or null for an initial handshake. Legacy (insecure) renegotiation is never done: without the
 * extension on both sides there is no renegotiation at all.
 */
final class RenegotiationInfoNegotiation {
    private RenegotiationInfoNegotiation() {
    }

    /** The verify_data of the previous handshake on this connection (RFC 5746 3.1). */
    record Prior(byte[] clientVerifyData, byte[] serverVerifyData) {
        byte[] both() {
            return ClientStates.concat(clientVerifyData, serverVerifyData);
        }

        @Override
        public String toString() {
            return "Prior[verify_data]";
        }
    }

    /** RFC 5746 3.4 / 3.5: what the client puts in its ClientHello's renegotiation_info. */
    static RenegotiationInfoExtension clientHello(Prior prior) {
        return new RenegotiationInfoExtension(prior == null ? new byte[0] : prior.clientVerifyData().clone());
    }

    /** RFC 5746 3.6 / 3.7: what the server puts in its ServerHello's renegotiation_info. */
    static RenegotiationInfoExtension serverHello(Prior prior) {
        return new RenegotiationInfoExtension(prior == null ? new byte[0] : prior.both());
    }

    /** Server: checks the ClientHello and records whether the connection supports secure renegotiation. */
    static void checkClientHello(ClientHello ch, Prior prior, SessionState session) throws TlsAlertException {
        RenegotiationInfoExtension ri = ch.extension(RenegotiationInfoExtension.class);
        boolean scsv = ch.cipherSuites().contains(CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
        if (prior == null) {
            if (ri != null && ri.renegotiatedConnection().length != 0) {
                throw TlsAlertException.handshakeFailure(
                        "client sent a non-empty renegotiation_info in an initial handshake (RFC 5746 3.6)");
            }
            session.secureRenegotiation = ri != null || scsv;
            return;
        }
        // RFC 5746 3.7: a renegotiating ClientHello must not carry the SCSV and must carry the client's
        // previous verify_data.
        if (scsv) {
            throw TlsAlertException.handshakeFailure(
                    "renegotiating ClientHello carries TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 3.7)");
        }
        if (ri == null) {
            throw TlsAlertException.handshakeFailure(
                    "renegotiating ClientHello lacks renegotiation_info (RFC 5746 3.7)");
        }
        if (!MessageDigest.isEqual(ri.renegotiatedConnection(), prior.clientVerifyData())) {
            throw TlsAlertException.handshakeFailure(
                    "renegotiation_info does not hold the previous client verify_data (RFC 5746 3.7)");
        }
        session.secureRenegotiation = true;
    }

    /** Client: checks the ServerHello (RFC 5746 3.4 initial, 3.5 renegotiating). */
    static void checkServerHello(ServerHello sh, Prior prior, SessionState session) throws TlsAlertException {
        RenegotiationInfoExtension ri = sh.extension(RenegotiationInfoExtension.class);
        if (prior == null) {
            if (ri != null && ri.renegotiatedConnection().length != 0) {
                throw TlsAlertException.handshakeFailure(
                        "server sent a non-empty renegotiation_info in an initial handshake (RFC 5746 3.4)");
            }
            session.secureRenegotiation = ri != null;
            return;
        }
        if (ri == null || !MessageDigest.isEqual(ri.renegotiatedConnection(), prior.both())) {
            throw TlsAlertException.handshakeFailure("renegotiating ServerHello's renegotiation_info "
                    + (ri == null ? "is missing" : "does not hold both previous verify_data") + " (RFC 5746 3.5)");
        }
        session.secureRenegotiation = true;
    }
}
