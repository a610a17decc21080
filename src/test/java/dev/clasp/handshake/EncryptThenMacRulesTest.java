package dev.clasp.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.ClientHello;
import dev.clasp.message.ServerHello;
import dev.clasp.message.ext.EncryptThenMacExtension;
import dev.clasp.message.ext.Extension;
import dev.clasp.suite.CipherSuite;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RFC 7366 rules of {@link EncryptThenMac}, each decision on its own. */
class EncryptThenMacRulesTest {
    static final CipherSuite CBC = CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384;
    static final CipherSuite GCM = CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;

    static ClientHello clientHello(boolean etm) {
        List<Extension> ext = etm ? List.of(new EncryptThenMacExtension()) : List.of();
        return new ClientHello(0x0303, new byte[32], new byte[0], List.of(CBC.id(), GCM.id()), new byte[] {0}, ext);
    }

    static ServerHello serverHello(CipherSuite s, boolean etm) {
        List<Extension> ext = etm ? List.of(new EncryptThenMacExtension()) : List.of();
        return new ServerHello(0x0303, new byte[32], new byte[0], s.id(), 0, ext);
    }

    static SessionState session(boolean etm) {
        SessionState s = new SessionState();
        s.encryptThenMac = etm;
        return s;
    }

    @Test
    void serverAcceptsForCbcOnly() {
        assertTrue(EncryptThenMac.acceptFull(clientHello(true), CBC));
        assertFalse(EncryptThenMac.acceptFull(clientHello(true), GCM), "RFC 7366 3: never for AEAD");
        assertFalse(EncryptThenMac.acceptFull(clientHello(false), CBC));
    }

    @Test
    void clientChecksTheAnswer() throws TlsAlertException {
        assertTrue(EncryptThenMac.clientAccepts(serverHello(CBC, true), CBC));
        assertFalse(EncryptThenMac.clientAccepts(serverHello(CBC, false), CBC));
        assertFalse(EncryptThenMac.clientAccepts(serverHello(GCM, false), GCM));
        TlsAlertException e = assertThrows(TlsAlertException.class,
                () -> EncryptThenMac.clientAccepts(serverHello(GCM, true), GCM));
        assertEquals(AlertDescription.ILLEGAL_PARAMETER, e.description());
    }

    @Test
    void resumptionKeepsTheMode() throws TlsAlertException {
        assertTrue(EncryptThenMac.mayResume(clientHello(true), session(true)));
        assertFalse(EncryptThenMac.mayResume(clientHello(false), session(true)), "no downgrade on resumption");
        assertTrue(EncryptThenMac.mayResume(clientHello(true), session(false)), "resumed as MtE (kept)");
        assertTrue(EncryptThenMac.mayResume(clientHello(false), session(false)));
        EncryptThenMac.checkResumed(true, session(true));
        EncryptThenMac.checkResumed(false, session(false));
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, assertThrows(TlsAlertException.class,
                () -> EncryptThenMac.checkResumed(false, session(true))).description());
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, assertThrows(TlsAlertException.class,
                () -> EncryptThenMac.checkResumed(true, session(false))).description());
    }

    @Test
    void renegotiationDoesNotDropEncryptThenMac() throws TlsAlertException {
        var etm = new RenegotiationInfoNegotiation.Prior(new byte[12], new byte[12], true);
        var mte = new RenegotiationInfoNegotiation.Prior(new byte[12], new byte[12], false);
        EncryptThenMac.checkRenegotiation(null, CBC, false);
        EncryptThenMac.checkRenegotiation(etm, CBC, true);
        EncryptThenMac.checkRenegotiation(etm, GCM, false);
        EncryptThenMac.checkRenegotiation(mte, CBC, true);
        EncryptThenMac.checkRenegotiation(mte, CBC, false);
        TlsAlertException e = assertThrows(TlsAlertException.class,
                () -> EncryptThenMac.checkRenegotiation(etm, CBC, false));
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, e.description());
        assertTrue(e.getMessage().contains("RFC 7366 3.1"), e.getMessage());
    }
}
