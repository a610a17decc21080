package dev.clasp.message.ext;

import static dev.clasp.message.TestBytes.hex;
import static dev.clasp.message.TestBytes.toHex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clasp.message.HandshakeType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte-exact encodings of each extension, written by hand from the RFC structures: extension_type(2) ||
 * extension_data length(2) || extension_data. Each case is checked in both directions.
 */
class ExtensionGoldenTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // RFC 6066 3: server_name(0) { ServerNameList<1..2^16-1> { name_type host_name(0), HostName<1..> } }
                Arguments.of(HandshakeType.CLIENT_HELLO, ServerNameExtension.ofHostName("example.com"),
                        "0000" + "0010"             // type server_name, data length 16
                        + "000e"                     // server_name_list length 14
                        + "00"                       // name_type host_name
                        + "000b" + "6578616d706c652e636f6d"), // HostName "example.com"
                // RFC 6066 3: in ServerHello the extension_data is empty
                Arguments.of(HandshakeType.SERVER_HELLO, ServerNameExtension.acknowledgement(),
                        "0000" + "0000"),
                // RFC 8422 5.1.1: supported_groups(10) { NamedGroup named_group_list<2..2^16-1> }
                Arguments.of(HandshakeType.CLIENT_HELLO, new SupportedGroupsExtension(List.of(29, 23, 24)),
                        "000a" + "0008"              // type, data length 8
                        + "0006"                     // list length 6
                        + "001d" + "0017" + "0018"), // x25519, secp256r1, secp384r1
                // RFC 8422 5.1.2: ec_point_formats(11) { ECPointFormat ec_point_format_list<1..2^8-1> }
                Arguments.of(HandshakeType.CLIENT_HELLO, EcPointFormatsExtension.uncompressed(),
                        "000b" + "0002" + "01" + "00"), // uncompressed(0)
                // RFC 5246 7.4.1.4.1: signature_algorithms(13) { supported_signature_algorithms<2..2^16-2> }
                Arguments.of(HandshakeType.CLIENT_HELLO,
                        new SignatureAlgorithmsExtension(List.of(0x0403, 0x0804, 0x0401)),
                        "000d" + "0008" + "0006"
                        + "0403"                     // ecdsa_secp256r1_sha256
                        + "0804"                     // rsa_pss_rsae_sha256
                        + "0401"),                   // rsa_pkcs1_sha256
                // RFC 8446 4.2.3: signature_algorithms_cert(50), same layout
                Arguments.of(HandshakeType.CLIENT_HELLO, new SignatureAlgorithmsCertExtension(List.of(0x0807)),
                        "0032" + "0004" + "0002" + "0807"), // ed25519
                // RFC 7301 3.1: application_layer_protocol_negotiation(16) { ProtocolName protocol_name_list<2..> }
                Arguments.of(HandshakeType.CLIENT_HELLO, AlpnExtension.of("h2", "http/1.1"),
                        "0010" + "000e"              // type 16, data length 14
                        + "000c"                     // protocol_name_list length 12
                        + "02" + "6832"              // "h2"
                        + "08" + "687474702f312e31"), // "http/1.1"
                Arguments.of(HandshakeType.SERVER_HELLO, AlpnExtension.of("h2"),
                        "0010" + "0005" + "0003" + "02" + "6832"),
                // RFC 7627 5.1: extended_master_secret(23), empty
                Arguments.of(HandshakeType.CLIENT_HELLO, new ExtendedMasterSecretExtension(), "0017" + "0000"),
                // RFC 5746 3.2: renegotiation_info(0xff01) { opaque renegotiated_connection<0..255> }
                Arguments.of(HandshakeType.CLIENT_HELLO, RenegotiationInfoExtension.initial(),
                        "ff01" + "0001" + "00"),
                Arguments.of(HandshakeType.SERVER_HELLO,
                        new RenegotiationInfoExtension(hex("0102030405060708090a0b0c")),
                        "ff01" + "000d" + "0c" + "0102030405060708090a0b0c"), // client verify_data (12 bytes)
                // RFC 7366 2: encrypt_then_mac(22), empty
                Arguments.of(HandshakeType.SERVER_HELLO, new EncryptThenMacExtension(), "0016" + "0000"),
                // RFC 5077 3.2: session_ticket(35) { opaque ticket, no inner length }
                Arguments.of(HandshakeType.CLIENT_HELLO, new SessionTicketExtension(hex("cafebabe")),
                        "0023" + "0004" + "cafebabe"),
                Arguments.of(HandshakeType.CLIENT_HELLO, SessionTicketExtension.empty(), "0023" + "0000"),
                // RFC 6066 4: max_fragment_length(1) { enum { 2^9(1), 2^10(2), 2^11(3), 2^12(4) } }
                Arguments.of(HandshakeType.CLIENT_HELLO, MaxFragmentLengthExtension.ofLength(512), "0001" + "0001" + "01"),
                Arguments.of(HandshakeType.SERVER_HELLO, MaxFragmentLengthExtension.ofLength(4096), "0001" + "0001" + "04"),
                // RFC 8449 4: record_size_limit(28) { uint16 RecordSizeLimit }
                Arguments.of(HandshakeType.CLIENT_HELLO, new RecordSizeLimitExtension(1000), "001c" + "0002" + "03e8"),
                Arguments.of(HandshakeType.SERVER_HELLO, new RecordSizeLimitExtension(16384), "001c" + "0002" + "4000"),
                // an unknown type is carried as is
                Arguments.of(HandshakeType.CLIENT_HELLO, new UnknownExtension(0x002b, hex("020303")),
                        "002b" + "0003" + "02" + "0303")); // supported_versions [TLS 1.2]
    }

    @ParameterizedTest
    @MethodSource("cases")
    void encodesAndDecodesExactly(HandshakeType message, Extension e, String expectedHex) throws Exception {
        assertEquals(expectedHex, toHex(ExtensionSamples.encodeOne(e)));
        assertEquals(e, ExtensionSamples.decodeOne(hex(expectedHex), message));
    }
}
