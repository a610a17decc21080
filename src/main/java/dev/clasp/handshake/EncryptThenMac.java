package dev.clasp.handshake;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.config.TlsConfig;
import dev.clasp.message.ClientHello;
import dev.clasp.message.ServerHello;
import dev.clasp.message.ext.EncryptThenMacExtension;
import dev.clasp.suite.CipherSuite;

/**
 * RFC 7366 encrypt_then_mac: offered by a client that offers a CBC suite, accepted by a server for CBC suites only,
 * and kept across resumption (RFC 7366 3.1). The outcome is {@link SessionState#encryptThenMac}, which selects the
 * CBC record layout when the keys are installed.
 */
final class EncryptThenMac {
    private EncryptThenMac() {
    }

    /** Client: whether the ClientHello carries encrypt_then_mac (it offers at least one CBC suite). */
    static boolean offer(TlsConfig config) {
        for (CipherSuite s : config.cipherSuites()) {
            if (s.bulkCipher().isCbc()) {
                return true;
            }
        }
        return false;
    }

    /** The (empty) extension, for a ClientHello that offers it or a ServerHello that accepts it. */
    static EncryptThenMacExtension extension() {
        return new EncryptThenMacExtension();
    }

    /**
     * Server, full handshake: whether to answer with encrypt_then_mac. RFC 7366 3: only when the client asked and
     * the selected suite is a block cipher suite; never for AEAD.
     */
    static boolean acceptFull(ClientHello ch, CipherSuite selected) {
        return ch.extension(EncryptThenMacExtension.class) != null && selected.bulkCipher().isCbc();
    }

    /**
     * Server, resumption: whether the session may be resumed with this ClientHello. RFC 7366 3.1: the resumed
     * session keeps its mode; a client that no longer offers encrypt-then-MAC for a session that used it would
     * downgrade to MAC-then-encrypt, so that session gets a full handshake instead.
     */
    static boolean mayResume(ClientHello ch, SessionState cached) {
        return !cached.encryptThenMac || ch.extension(EncryptThenMacExtension.class) != null;
    }

    /**
     * Client: the server's answer, checked against what was offered and selected. RFC 7366 3: a server that
     * echoes it for an AEAD suite (or unasked, which the unsolicited-extension check already refuses) is wrong.
     */
    static boolean clientAccepts(ServerHello sh, CipherSuite selected) throws TlsAlertException {
        boolean echoed = sh.extension(EncryptThenMacExtension.class) != null;
        if (echoed && !selected.bulkCipher().isCbc()) {
            throw TlsAlertException.illegalParameter("server sent encrypt_then_mac with the non-CBC suite "
                    + selected + " (RFC 7366 3)");
        }
        return echoed;
    }

    /**
     * Client, resumption: RFC 7366 3.1, the resumed session must use the mode its original handshake negotiated.
     */
    static void checkResumed(boolean negotiated, SessionState original) throws TlsAlertException {
        if (negotiated != original.encryptThenMac) {
            throw TlsAlertException.handshakeFailure("server resumed a session made with "
                    + (original.encryptThenMac ? "encrypt-then-MAC" : "MAC-then-encrypt") + " but answered "
                    + (negotiated ? "with" : "without") + " encrypt_then_mac (RFC 7366 3.1)");
        }
    }

    /**
     * Both roles, renegotiation: RFC 7366 3.1 asks to keep the mode across rehandshakes; Clasp refuses a
     * renegotiation that would take a connection using encrypt-then-MAC back to MAC-then-encrypt (a CBC suite
     * without the extension). Moving to an AEAD suite, or from MAC-then-encrypt to encrypt-then-MAC, is allowed.
     */
    static void checkRenegotiation(RenegotiationInfoNegotiation.Prior prior, CipherSuite selected,
            boolean negotiated) throws TlsAlertException {
        if (prior != null && prior.encryptThenMac() && selected.bulkCipher().isCbc() && !negotiated) {
            throw TlsAlertException.handshakeFailure("renegotiation to " + selected
                    + " without encrypt_then_mac would drop encrypt-then-MAC (RFC 7366 3.1)");
        }
    }
}
