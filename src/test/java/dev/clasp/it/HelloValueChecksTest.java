package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.message.ClientHello;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.ext.EcPointFormatsExtension;
import dev.clasp.message.ext.Extension;
import dev.clasp.message.ext.SignatureAlgorithmsExtension;
import dev.clasp.message.ext.SupportedGroupsExtension;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.SignatureScheme;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hello values that parse but are not allowed, on the wire (issue 6): illegal_parameter for a value the peer did
 * not offer or the RFC forbids, protocol_version for a version we do not speak, handshake_failure only when
 * nothing fits; each alert is the next record the Clasp engine sends, then it is closed.
 */
class HelloValueChecksTest {
    private static final RecordedHandshake.Recording REC = RecordedHandshake.recording();
    private static final int SH_SUITE = 5 + 4 + 2 + 32; // record header, message header, version, random

    private static byte[] clientHello(List<Integer> schemes) {
        List<Extension> exts = List.of(new SupportedGroupsExtension(List.of(NamedGroup.X25519.id())),
                new EcPointFormatsExtension(new byte[] {0}), new SignatureAlgorithmsExtension(schemes));
        ClientHello ch = new ClientHello(0x0303, new byte[32], new byte[0],
                List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.id(),
                        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.id()), new byte[] {0}, exts);
        return EngineStateTableTest.handshakeRecord(ch.encode());
    }

    /** A server with only an ECDSA certificate, and a client that lists no ECDSA signature scheme. */
    @Test
    void serverNeverSelectsASuiteItCannotSignFor() throws Exception {
        String msg = EngineStateTableTest.assertRefused("RSA-only schemes", false, 0,
                clientHello(List.of(SignatureScheme.RSA_PSS_RSAE_SHA256.id(), SignatureScheme.RSA_PKCS1_SHA256.id())),
                AlertDescription.HANDSHAKE_FAILURE);
        assertTrue(msg.contains("no server certificate fits"), msg);
    }

    /** RFC 5246 7.4.1.2: compression_methods MUST contain null. */
    @Test
    void compressionListWithoutNull() throws Exception {
        byte[] ch = clientHello(List.of(SignatureScheme.ECDSA_SECP256R1_SHA256.id()));
        int at = 5 + 4 + 2 + 32 + 1 + 2 + 4 + 1; // headers, version, random, session_id, suites, methods length
        assertEquals(0, ch[at]);
        ch[at] = 1; // DEFLATE only
        EngineStateTableTest.assertRefused("no null compression", false, 0, ch, AlertDescription.ILLEGAL_PARAMETER);
    }

    private static byte[] serverHello() {
        byte[] sh = REC.server().get(0).clone();
        assertEquals(HandshakeType.SERVER_HELLO.code(), sh[5]);
        return sh;
    }

    /** RFC 5246 7.4.1.3: the server picks one of the client's suites; any other is illegal_parameter. */
    @Test
    void serverSelectsASuiteTheClientDidNotOffer() throws Exception {
        byte[] sh = serverHello();
        int at = SH_SUITE + 1 + (sh[SH_SUITE] & 0xFF);
        sh[at] = 0x00;
        sh[at + 1] = (byte) 0x9C; // TLS_RSA_WITH_AES_128_GCM_SHA256: no ECDHE, never offered
        EngineStateTableTest.assertRefused("suite not offered", true, 0, sh, AlertDescription.ILLEGAL_PARAMETER);
    }

    /** RFC 5246 7.4.1.3: only null compression was offered. */
    @Test
    void serverSelectsCompressionNotOffered() throws Exception {
        byte[] sh = serverHello();
        int at = SH_SUITE + 1 + (sh[SH_SUITE] & 0xFF) + 2;
        sh[at] = 1;
        EngineStateTableTest.assertRefused("compression not offered", true, 0, sh, AlertDescription.ILLEGAL_PARAMETER);
    }

    /** RFC 5246 E.1: a server version the client does not support is protocol_version. */
    @Test
    void serverSelectsAVersionNotOffered() throws Exception {
        byte[] sh = serverHello();
        sh[5 + 4 + 1] = 2; // TLS 1.1
        EngineStateTableTest.assertRefused("TLS 1.1", true, 0, sh, AlertDescription.PROTOCOL_VERSION);
    }
}
