package dev.clasp.message.ext;

import static dev.clasp.alert.AlertDescription.DECODE_ERROR;
import static dev.clasp.alert.AlertDescription.ILLEGAL_PARAMETER;
import static dev.clasp.message.TestBytes.assertAlert;
import static dev.clasp.message.TestBytes.hex;

import dev.clasp.alert.AlertDescription;
import dev.clasp.message.HandshakeType;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed extension entries (type || opaque16 data) fed through the registry, each with its alert. */
class MalformedExtensionTest {
    private static final HandshakeType CH = HandshakeType.CLIENT_HELLO;
    private static final HandshakeType SH = HandshakeType.SERVER_HELLO;

    static Stream<Arguments> cases() {
        return Stream.of(
                c("entry: type only", CH, "0017", DECODE_ERROR),
                c("entry: data length past end", CH, "0017" + "0002" + "00", DECODE_ERROR),
                c("entry: unknown type, length past end", CH, "3a3a" + "0005" + "0000", DECODE_ERROR),
                // RFC 6066 3
                c("sni: empty extension_data in ClientHello", CH, "0000" + "0000", DECODE_ERROR),
                c("sni: empty ServerNameList", CH, "0000" + "0002" + "0000", DECODE_ERROR),
                c("sni: empty HostName", CH, "0000" + "0005" + "0003" + "00" + "0000", DECODE_ERROR),
                c("sni: HostName past list", CH, "0000" + "0006" + "0004" + "00" + "0005" + "61", DECODE_ERROR),
                c("sni: list shorter than data", CH, "0000" + "0007" + "0004" + "00" + "0001" + "61" + "00",
                        DECODE_ERROR),
                c("sni: two host_name entries", CH,
                        "0000" + "000a" + "0008" + "00" + "0001" + "61" + "00" + "0001" + "62", ILLEGAL_PARAMETER),
                c("sni: two entries of an unknown name_type", CH,
                        "0000" + "000a" + "0008" + "05" + "0001" + "61" + "05" + "0001" + "62", ILLEGAL_PARAMETER),
                c("sni: data in ServerHello", SH, "0000" + "0005" + "0003" + "00" + "0001" + "61", DECODE_ERROR),
                // RFC 8422 5.1.1
                c("supported_groups: empty list", CH, "000a" + "0002" + "0000", DECODE_ERROR),
                c("supported_groups: odd list", CH, "000a" + "0005" + "0003" + "001d00", DECODE_ERROR),
                c("supported_groups: list shorter than data", CH, "000a" + "0005" + "0002" + "001d" + "00",
                        DECODE_ERROR),
                c("supported_groups: empty data", CH, "000a" + "0000", DECODE_ERROR),
                // RFC 8422 5.1.2
                c("ec_point_formats: empty list", CH, "000b" + "0001" + "00", DECODE_ERROR),
                c("ec_point_formats: no uncompressed", CH, "000b" + "0003" + "02" + "0102", ILLEGAL_PARAMETER),
                c("ec_point_formats: no uncompressed (ServerHello)", SH, "000b" + "0002" + "01" + "01",
                        ILLEGAL_PARAMETER),
                c("ec_point_formats: trailing", CH, "000b" + "0003" + "01" + "00" + "00", DECODE_ERROR),
                // RFC 5246 7.4.1.4.1 / RFC 8446 4.2.3
                c("signature_algorithms: empty list", CH, "000d" + "0002" + "0000", DECODE_ERROR),
                c("signature_algorithms: odd list", CH, "000d" + "0003" + "0001" + "04", DECODE_ERROR),
                c("signature_algorithms_cert: empty list", CH, "0032" + "0002" + "0000", DECODE_ERROR),
                c("signature_algorithms_cert: odd list", CH, "0032" + "0005" + "0003" + "040305", DECODE_ERROR),
                // RFC 7301 3.1
                c("alpn: empty list", CH, "0010" + "0002" + "0000", DECODE_ERROR),
                c("alpn: empty name", CH, "0010" + "0003" + "0001" + "00", DECODE_ERROR),
                c("alpn: name past list", CH, "0010" + "0004" + "0002" + "0268", DECODE_ERROR),
                c("alpn: two names in ServerHello", SH, "0010" + "0007" + "0005" + "02" + "6832" + "01" + "78",
                        ILLEGAL_PARAMETER),
                c("alpn: empty data", SH, "0010" + "0000", DECODE_ERROR),
                // RFC 7627 5.1, RFC 7366 2
                c("extended_master_secret: with data", CH, "0017" + "0001" + "00", DECODE_ERROR),
                c("extended_master_secret: with data (ServerHello)", SH, "0017" + "0002" + "0000", DECODE_ERROR),
                c("encrypt_then_mac: with data", CH, "0016" + "0001" + "00", DECODE_ERROR),
                // RFC 5746 3.2
                c("renegotiation_info: empty data", CH, "ff01" + "0000", DECODE_ERROR),
                c("renegotiation_info: length past end", SH, "ff01" + "0002" + "05" + "00", DECODE_ERROR),
                c("renegotiation_info: trailing", CH, "ff01" + "0002" + "00" + "00", DECODE_ERROR),
                // RFC 5077 3.2
                c("session_ticket: data in ServerHello", SH, "0023" + "0001" + "00", DECODE_ERROR),
                // RFC 6066 4
                c("max_fragment_length: empty", CH, "0001" + "0000", DECODE_ERROR),
                c("max_fragment_length: two bytes", CH, "0001" + "0002" + "0101", DECODE_ERROR),
                c("max_fragment_length: 0", CH, "0001" + "0001" + "00", ILLEGAL_PARAMETER),
                c("max_fragment_length: 5", CH, "0001" + "0001" + "05", ILLEGAL_PARAMETER),
                c("max_fragment_length: 255 (ServerHello)", SH, "0001" + "0001" + "ff", ILLEGAL_PARAMETER),
                // RFC 8449 4
                c("record_size_limit: empty", CH, "001c" + "0000", DECODE_ERROR),
                c("record_size_limit: one byte", CH, "001c" + "0001" + "40", DECODE_ERROR),
                c("record_size_limit: trailing", SH, "001c" + "0003" + "4000" + "00", DECODE_ERROR),
                c("record_size_limit: 63", CH, "001c" + "0002" + "003f", ILLEGAL_PARAMETER),
                c("record_size_limit: 0 (ServerHello)", SH, "001c" + "0002" + "0000", ILLEGAL_PARAMETER));
    }

    private static Arguments c(String name, HandshakeType message, String hex, AlertDescription alert) {
        return Arguments.of(name, message, hex, alert);
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("cases")
    void rejected(String name, HandshakeType message, String hex, AlertDescription alert) {
        assertAlert(alert, r -> ExtensionRegistry.decode(r, message), hex(hex));
    }
}
