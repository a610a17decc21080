package dev.clasp.handshake;

import dev.clasp.alert.TlsAlertException;

/**
 * One state of the TLS 1.2 handshake. {@link #handle} first checks that the input is one this state accepts
 * (otherwise unexpected_message): that check is the only place message order is enforced.
 */
public sealed interface HandshakeState permits ClientStates.ExpectServerHello, ClientStates.ExpectCertificate,
        ClientStates.ExpectServerKeyExchange, ClientStates.ExpectCertificateRequestOrDone,
        ClientStates.ExpectServerHelloDone, ServerStates.ExpectClientHello, ServerStates.ExpectClientCertificate,
        ServerStates.ExpectClientKeyExchange, ServerStates.ExpectCertificateVerify, ExpectNewSessionTicket, ExpectChangeCipherSpec,
        ExpectFinished, Traffic {

    HandshakeState handle(HandshakeInput in) throws TlsAlertException;

    /** Whether handling {@code in} does public-key work and should run as a delegated task. */
    default boolean isExpensive(HandshakeInput in) {
        return false;
    }

    /**
     * The handshake ends here without completing (a fatal alert sent or received, or the application closed
     * the engine): zero-fill the master secret and destroy the ephemeral private key this state holds, since
     * nothing will use them. A state that holds none does nothing.
     */
    default void destroySecrets() {
    }

    /** Whether this state is past the handshake. */
    default boolean isTraffic() {
        return false;
    }
}
