package dev.clasp.message;

import static dev.clasp.message.TestBytes.counting;
import static dev.clasp.message.TestBytes.filled;
import static dev.clasp.message.TestBytes.hex;
import static dev.clasp.message.TestBytes.toHex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clasp.message.ext.AlpnExtension;
import dev.clasp.message.ext.EcPointFormatsExtension;
import dev.clasp.message.ext.ExtendedMasterSecretExtension;
import dev.clasp.message.ext.RenegotiationInfoExtension;
import dev.clasp.message.ext.ServerNameExtension;
import dev.clasp.message.ext.SessionTicketExtension;
import dev.clasp.message.ext.SignatureAlgorithmsExtension;
import dev.clasp.message.ext.SupportedGroupsExtension;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact encodings written by hand from the RFC structures (RFC 5246 7.4, RFC 8422 5, RFC 5077 3.3). Each
 * literal is the full handshake message, header included; every case is checked both ways.
 */
class MessageGoldenTest {
    private static final String RANDOM_00_1F = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String RANDOM_20_3F = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";

    private static void golden(HandshakeMessage m, String expected) throws Exception {
        assertEquals(expected, toHex(m.encode()));
        byte[] wire = hex(expected);
        HandshakeMessage back = HandshakeMessages.decode(HandshakeType.fromCode(wire[0]),
                new TlsReader(wire, 4, wire.length - 4));
        assertEquals(m, back);
    }

    @Test
    void clientHello() throws Exception {
        ClientHello ch = new ClientHello(0x0303, counting(32, 0), new byte[0], List.of(0xC02B, 0x00FF), new byte[] {0},
                List.of(ServerNameExtension.ofHostName("example.com"), new SupportedGroupsExtension(List.of(29, 23)),
                        EcPointFormatsExtension.uncompressed(), new SignatureAlgorithmsExtension(List.of(0x0403, 0x0804)),
                        AlpnExtension.of("h2", "http/1.1"), new ExtendedMasterSecretExtension(),
                        RenegotiationInfoExtension.initial()));
        golden(ch, "01" + "000076"                 // client_hello(1), body length 118
                + "0303"                           // client_version {3,3}
                + RANDOM_00_1F                     // random
                + "00"                             // session_id<0..32>: empty
                + "0004" + "c02b" + "00ff"         // cipher_suites: ECDHE_ECDSA_AES_128_GCM_SHA256, SCSV
                + "01" + "00"                      // compression_methods: null
                + "0049"                           // extensions<0..2^16-1>: 73 bytes
                + "0000" + "0010" + "000e" + "00" + "000b" + "6578616d706c652e636f6d" // server_name example.com
                + "000a" + "0006" + "0004" + "001d" + "0017"                             // supported_groups
                + "000b" + "0002" + "01" + "00"                                          // ec_point_formats
                + "000d" + "0006" + "0004" + "0403" + "0804"                             // signature_algorithms
                + "0010" + "000e" + "000c" + "02" + "6832" + "08" + "687474702f312e31"   // ALPN h2, http/1.1
                + "0017" + "0000"                                                        // extended_master_secret
                + "ff01" + "0001" + "00");                                               // renegotiation_info
    }

    @Test
    void clientHelloWithoutExtensionsOmitsTheBlock() throws Exception {
        ClientHello ch = new ClientHello(0x0303, counting(32, 0), filled(32, 0xAA), List.of(0xC02F), new byte[] {1, 0},
                List.of());
        golden(ch, "01" + "00004a"                 // body length 74
                + "0303" + RANDOM_00_1F
                + "20" + "aa".repeat(32)           // 32-byte session_id
                + "0002" + "c02f"                  // ECDHE_RSA_AES_128_GCM_SHA256
                + "02" + "01" + "00");             // DEFLATE, null
    }

    @Test
    void serverHello() throws Exception {
        ServerHello sh = new ServerHello(0x0303, counting(32, 0x20), filled(32, 0xAA), 0xC02F, 0,
                List.of(RenegotiationInfoExtension.initial(), new ExtendedMasterSecretExtension(),
                        EcPointFormatsExtension.uncompressed(), AlpnExtension.of("h2"),
                        ServerNameExtension.acknowledgement(), SessionTicketExtension.empty()));
        golden(sh, "02" + "000068"                 // server_hello(2), body length 104
                + "0303"                           // server_version
                + RANDOM_20_3F                     // random
                + "20" + "aa".repeat(32)           // session_id
                + "c02f"                           // cipher_suite
                + "00"                             // compression_method null
                + "0020"                           // extensions: 32 bytes
                + "ff01" + "0001" + "00"           // renegotiation_info, empty renegotiated_connection
                + "0017" + "0000"                  // extended_master_secret
                + "000b" + "0002" + "01" + "00"    // ec_point_formats [uncompressed]
                + "0010" + "0005" + "0003" + "02" + "6832" // ALPN selected h2
                + "0000" + "0000"                  // server_name acknowledgement (RFC 6066 3: empty)
                + "0023" + "0000");                // session_ticket: NewSessionTicket will follow
    }

    @Test
    void serverKeyExchangeEcdhe() throws Exception {
        String point = "1112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30";
        ServerKeyExchangeEcdhe ske = new ServerKeyExchangeEcdhe(29, counting(32, 0x11), 0x0403,
                hex("3006020101020102"));
        String params = "03"                       // ECCurveType named_curve(3)
                + "001d"                           // NamedCurve x25519
                + "20" + point;                    // ECPoint point<1..2^8-1>
        golden(ske, "0c" + "000030"                // server_key_exchange(12), body length 48
                + params
                + "0403"                           // SignatureAndHashAlgorithm ecdsa_secp256r1_sha256
                + "0008" + "3006020101020102");    // signature<0..2^16-1>
        assertEquals(params, toHex(ske.params()));
        assertEquals(params, toHex(ServerKeyExchangeEcdhe.params(29, counting(32, 0x11))));
    }

    @Test
    void certificateRequest() throws Exception {
        String testCa = "3012" + "3110" + "300e" + "0603550403" + "0c07" + "54657374204341"; // CN=Test CA (UTF8String)
        String b = "300c" + "310a" + "3008" + "0603550403" + "0c01" + "42";                 // CN=B
        assertEquals("CN=Test CA", new X500Principal(hex(testCa)).getName());
        assertEquals("CN=B", new X500Principal(hex(b)).getName());
        CertificateRequest cr = new CertificateRequest(new byte[] {64, 1}, List.of(0x0403, 0x0804),
                List.of(hex(testCa), hex(b)));
        golden(cr, "0d" + "000031"                 // certificate_request(13), body length 49
                + "02" + "40" + "01"               // certificate_types: ecdsa_sign(64), rsa_sign(1)
                + "0004" + "0403" + "0804"         // supported_signature_algorithms
                + "0026"                           // certificate_authorities: 38 bytes
                + "0014" + testCa                  // DistinguishedName<1..2^16-1>
                + "000e" + b);
        golden(new CertificateRequest(new byte[] {64}, List.of(0x0403), List.of()),
                "0d" + "000008" + "01" + "40" + "0002" + "0403" + "0000");
    }

    @Test
    void theOtherMessages() throws Exception {
        // RFC 5246 7.4.2: certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>
        golden(new CertificateMessage(List.of(hex("3003020101"), hex("3000"))),
                "0b" + "000010" + "00000d" + "000005" + "3003020101" + "000002" + "3000");
        golden(new CertificateMessage(List.of()), "0b" + "000003" + "000000");
        // RFC 5246 7.4.5 / 7.4.1.1: empty bodies
        golden(new ServerHelloDone(), "0e" + "000000");
        golden(new HelloRequest(), "00" + "000000");
        // RFC 8422 5.7: ClientECDiffieHellmanPublic { ECPoint ecdh_Yc }
        golden(new ClientKeyExchangeEcdhe(counting(32, 0)), "10" + "000021" + "20" + RANDOM_00_1F);
        // RFC 5246 7.4.8: digitally-signed struct
        golden(new CertificateVerify(0x0804, hex("deadbeef")), "0f" + "000008" + "0804" + "0004" + "deadbeef");
        // RFC 5246 7.4.9: verify_data only
        golden(new Finished(counting(12, 0)), "14" + "00000c" + "000102030405060708090a0b");
        // RFC 5077 3.3: lifetime hint 7200 s, ticket
        golden(new NewSessionTicket(7200, hex("cafebabe")), "04" + "00000a" + "00001c20" + "0004" + "cafebabe");
        golden(new NewSessionTicket(0xFFFFFFFFL, new byte[0]), "04" + "000006" + "ffffffff" + "0000");
        // RFC 6066 8: CertificateStatus { status_type ocsp(1), opaque OCSPResponse<1..2^24-1> }
        golden(new CertificateStatus(hex("3003")), "16" + "000006" + "01" + "000002" + "3003");
    }
}
