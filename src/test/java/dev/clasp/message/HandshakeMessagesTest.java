package dev.clasp.message;

import static dev.clasp.message.TestBytes.counting;
import static dev.clasp.message.TestBytes.filled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.ext.AlpnExtension;
import dev.clasp.message.ext.EcPointFormatsExtension;
import dev.clasp.message.ext.ExtendedMasterSecretExtension;
import dev.clasp.message.ext.RenegotiationInfoExtension;
import dev.clasp.message.ext.ServerName;
import dev.clasp.message.ext.ServerNameExtension;
import dev.clasp.message.ext.SessionTicketExtension;
import dev.clasp.message.ext.SupportedGroupsExtension;
import dev.clasp.message.ext.UnknownExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class HandshakeMessagesTest {

    @Test
    void describesClientHello() {
        assertEquals("ClientHello version=0x0303 random=00010203… session_id=empty suites=[TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "
                + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, "
                + "TLS_EMPTY_RENEGOTIATION_INFO_SCSV] compression=[0] extensions=[server_name[host_name(example.com)], "
                + "supported_groups[x25519, secp256r1, secp384r1], ec_point_formats[0], "
                + "signature_algorithms[ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256], "
                + "application_layer_protocol_negotiation[h2, http/1.1], extended_master_secret, session_ticket(0B), "
                + "ext(0x3A3A)(0B)]", HandshakeMessages.describe(MessageSamples.typicalClientHello()));
    }

    @Test
    void describesServerHelloAndTheRest() {
        assertEquals("ServerHello version=0x0303 random=80818283… session_id=32B(abababab…) suite=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 "
                + "compression=0 extensions=[renegotiation_info(0B), extended_master_secret, ec_point_formats[0], "
                + "application_layer_protocol_negotiation[h2], server_name, session_ticket(0B)]",
                HandshakeMessages.describe(MessageSamples.typicalServerHello()));
        assertEquals("ServerKeyExchange ECDHE group=x25519 point=32B signature=ecdsa_secp256r1_sha256 71B",
                HandshakeMessages.describe(new ServerKeyExchangeEcdhe(29, counting(32, 0), 0x0403, counting(71, 0))));
        assertEquals("Certificate 2 certificate(s) [700B, 1B]",
                HandshakeMessages.describe(new CertificateMessage(List.of(counting(700, 0), counting(1, 0)))));
        assertEquals("CertificateRequest types=[64, 1] signature_algorithms=[ecdsa_secp256r1_sha256, 0x0203] "
                + "certificate_authorities=1", HandshakeMessages.describe(new CertificateRequest(new byte[] {64, 1},
                        List.of(0x0403, 0x0203), List.of(counting(5, 0)))));
        assertEquals("ClientKeyExchange ECDHE point=65B",
                HandshakeMessages.describe(new ClientKeyExchangeEcdhe(counting(65, 4))));
        assertEquals("CertificateVerify signature=rsa_pss_rsae_sha256 256B",
                HandshakeMessages.describe(new CertificateVerify(0x0804, counting(256, 0))));
        assertEquals("ServerHelloDone", HandshakeMessages.describe(new ServerHelloDone()));
        assertEquals("HelloRequest", HandshakeMessages.describe(new HelloRequest()));
    }

    @Test
    void neverPrintsFinishedOrTicketContents() {
        Finished f = new Finished(TestBytes.hex("0102030405060708090a0b0c"));
        NewSessionTicket t = new NewSessionTicket(7200, TestBytes.hex("cafebabecafebabe"));
        assertEquals("Finished verify_data=12B", HandshakeMessages.describe(f));
        assertEquals("NewSessionTicket lifetime_hint=7200s ticket=8B", HandshakeMessages.describe(t));
        for (String s : List.of(f.toString(), t.toString(), new SessionTicketExtension(TestBytes.hex("cafebabe"))
                .toString())) {
            assertFalse(s.contains("0102") || s.contains("cafe"), s);
        }
    }

    @Test
    void dispatcherRejectsUnmodelledTypes() {
        TlsAlertException e = assertThrows(TlsAlertException.class,
                () -> HandshakeMessages.decode(null, new TlsReader(new byte[0])));
        assertSame(AlertDescription.UNEXPECTED_MESSAGE, e.description());
        e = assertThrows(TlsAlertException.class, () -> HandshakeMessages.decode(null, new TlsReader(new byte[0])));
        assertSame(AlertDescription.UNEXPECTED_MESSAGE, e.description());
    }

    @Test
    void helloExtensionLookups() {
        ClientHello ch = MessageSamples.typicalClientHello();
        assertEquals("example.com", ch.extension(ServerNameExtension.class).hostName());
        assertEquals(List.of(29, 23, 24), ch.extension(SupportedGroupsExtension.class).groups());
        assertNull(ch.extension(RenegotiationInfoExtension.class));
        assertTrue(ch.hasExtension(0x3a3a));
        assertFalse(ch.hasExtension(0xFF01));
        ServerHello sh = MessageSamples.typicalServerHello();
        assertEquals(List.of("h2"), sh.extension(AlpnExtension.class).protocols());
        assertTrue(sh.hasExtension(0));
        assertEquals(List.of(), sh.extension(ServerNameExtension.class).names());
    }

    @Test
    void toStringShowsLengthsAndPrefixes() {
        String s = new ClientHello(0x0303, counting(32, 0), filled(32, 0xAB), List.of(0xC02B), new byte[] {0},
                List.of()).toString();
        assertTrue(s.contains("random=32B:0001020304050607…"), s);
        assertTrue(s.contains("sessionId=32B:abababababababab…"), s);
        assertEquals("ServerName host_name(localhost)", "ServerName " + ServerName.hostName("localhost"));
        assertEquals("name_type(7)=2B:0102", new ServerName(7, new byte[] {1, 2}).toString());
    }

    /** Constructors reject values the wire cannot carry or the RFC forbids, so every instance encodes validly. */
    @Test
    void constructorsRejectInvalidValues() {
        byte[] r32 = new byte[32];
        byte[] nul = {0};
        List<Executable> bad = List.of(
                () -> new ClientHello(0x0303, new byte[31], new byte[0], List.of(0xC02B), nul, List.of()),
                () -> new ClientHello(0x0303, r32, new byte[33], List.of(0xC02B), nul, List.of()),
                () -> new ClientHello(0x0303, r32, new byte[0], List.of(), nul, List.of()),
                () -> new ClientHello(0x0303, r32, new byte[0], List.of(0x10000), nul, List.of()),
                () -> new ClientHello(0x0303, r32, new byte[0], List.of(0xC02B), new byte[] {1}, List.of()),
                () -> new ClientHello(0x0303, r32, new byte[0], List.of(0xC02B), new byte[0], List.of()),
                () -> new ClientHello(0x10000, r32, new byte[0], List.of(0xC02B), nul, List.of()),
                () -> new ClientHello(0x0303, r32, new byte[0], List.of(0xC02B), nul,
                        List.of(new ExtendedMasterSecretExtension(), new ExtendedMasterSecretExtension())),
                () -> new ServerHello(0x0303, r32, new byte[0], 0xC02B, 256, List.of()),
                () -> new ServerHello(0x0303, new byte[0], new byte[0], 0xC02B, 0, List.of()),
                () -> new CertificateMessage(List.of(new byte[0])),
                () -> new ServerKeyExchangeEcdhe(29, new byte[0], 0x0403, new byte[0]),
                () -> new ServerKeyExchangeEcdhe(29, new byte[256], 0x0403, new byte[0]),
                () -> new ServerKeyExchangeEcdhe(29, new byte[32], 0x0403, new byte[0x10000]),
                () -> new CertificateRequest(new byte[0], List.of(0x0403), List.of()),
                () -> new CertificateRequest(nul, List.of(), List.of()),
                () -> new CertificateRequest(nul, List.of(0x0403), List.of(new byte[0])),
                () -> new ClientKeyExchangeEcdhe(new byte[0]),
                () -> new CertificateVerify(-1, new byte[0]),
                () -> new NewSessionTicket(-1, new byte[0]),
                () -> new NewSessionTicket(1L << 32, new byte[0]),
                () -> new ServerName(0, new byte[0]),
                () -> ServerName.hostName("bücher.example"),
                () -> new ServerNameExtension(List.of(ServerName.hostName("a"), ServerName.hostName("b"))),
                () -> new SupportedGroupsExtension(List.of()),
                () -> new EcPointFormatsExtension(new byte[] {1}),
                () -> AlpnExtension.of(),
                () -> AlpnExtension.of(""),
                () -> AlpnExtension.of("\u0100"),
                () -> AlpnExtension.of("x".repeat(256)),
                () -> new RenegotiationInfoExtension(new byte[256]),
                () -> new UnknownExtension(0x10000, new byte[0]));
        for (int i = 0; i < bad.size(); i++) {
            int n = i;
            assertThrows(IllegalArgumentException.class, bad.get(i), () -> "case " + n);
        }
        assertThrows(NullPointerException.class, () -> new Finished(null));
        assertThrows(NullPointerException.class, () -> new CertificateMessage(null));
        assertThrows(NullPointerException.class,
                () -> new UnknownExtension(1, null));
    }
}
