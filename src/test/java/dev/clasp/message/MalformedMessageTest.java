package dev.clasp.message;

import static dev.clasp.alert.AlertDescription.DECODE_ERROR;
import static dev.clasp.alert.AlertDescription.ILLEGAL_PARAMETER;
import static dev.clasp.message.TestBytes.assertAlert;
import static dev.clasp.message.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A table of malformed bodies, each mapped to the alert the decoder must raise. */
class MalformedMessageTest {
    private static final String R32 = "11".repeat(32);
    /** ClientHello up to and including compression_methods: TLS 1.2, no session id, one suite, null. */
    private static final String CH = "0303" + R32 + "00" + "0002" + "c02b" + "01" + "00";
    /** ServerHello up to and including compression_method. */
    private static final String SH = "0303" + R32 + "00" + "c02b" + "00";
    private static final String X25519_POINT = "20" + "22".repeat(32);

    static Stream<Arguments> table() {
        return Stream.of(
                // RFC 5246 7.4.1.2 ClientHello
                c("ClientHello", "empty body", "", DECODE_ERROR),
                c("ClientHello", "random truncated", "0303" + "11".repeat(31), DECODE_ERROR),
                c("ClientHello", "session_id of 33 bytes", "0303" + R32 + "21" + "00".repeat(33) + "0002c02b0100",
                        DECODE_ERROR),
                c("ClientHello", "session_id length past end", "0303" + R32 + "20" + "00".repeat(4), DECODE_ERROR),
                c("ClientHello", "odd cipher_suites length", "0303" + R32 + "00" + "0003" + "c02b00" + "0100",
                        DECODE_ERROR),
                c("ClientHello", "empty cipher_suites", "0303" + R32 + "00" + "0000" + "0100", DECODE_ERROR),
                c("ClientHello", "cipher_suites length past end", "0303" + R32 + "00" + "0010" + "c02b", DECODE_ERROR),
                c("ClientHello", "empty compression_methods", "0303" + R32 + "00" + "0002c02b" + "00", DECODE_ERROR),
                c("ClientHello", "compression_methods without null", "0303" + R32 + "00" + "0002c02b" + "0101",
                        ILLEGAL_PARAMETER),
                c("ClientHello", "compression_methods length past end", "0303" + R32 + "00" + "0002c02b" + "0200",
                        DECODE_ERROR),
                c("ClientHello", "one stray byte where extensions start", CH + "00", DECODE_ERROR),
                c("ClientHello", "trailing byte after extensions", CH + "0004" + "00170000" + "00", DECODE_ERROR),
                c("ClientHello", "trailing byte after empty extensions block", CH + "0000" + "00", DECODE_ERROR),
                c("ClientHello", "extensions block length past end", CH + "0010" + "00170000", DECODE_ERROR),
                c("ClientHello", "extensions block ends inside an extension", CH + "0002" + "00170000",
                        DECODE_ERROR),
                c("ClientHello", "extension length past end", CH + "0004" + "0017" + "0005", DECODE_ERROR),
                c("ClientHello", "duplicate extension", CH + "0008" + "00170000" + "00170000", ILLEGAL_PARAMETER),
                c("ClientHello", "duplicate unknown extension", CH + "0009" + "3a3a0000" + "3a3a0001ff",
                        ILLEGAL_PARAMETER),
                c("ClientHello", "empty supported_groups", CH + "0006" + "000a" + "0002" + "0000", DECODE_ERROR),
                c("ClientHello", "odd supported_groups", CH + "0009" + "000a" + "0005" + "0003" + "001d17",
                        DECODE_ERROR),
                c("ClientHello", "extended_master_secret with data", CH + "0005" + "0017" + "0001" + "00",
                        DECODE_ERROR),
                c("ClientHello", "two SNI host_name entries",
                        CH + "000e" + "0000" + "000a" + "0008" + "00" + "000161" + "00" + "000162", ILLEGAL_PARAMETER),
                c("ClientHello", "SNI with empty host name", CH + "0009" + "0000" + "0005" + "0003" + "00" + "0000",
                        DECODE_ERROR),
                c("ClientHello", "ec_point_formats without uncompressed", CH + "0006" + "000b" + "0002" + "0101",
                        ILLEGAL_PARAMETER),
                // RFC 5246 7.4.1.3 ServerHello
                c("ServerHello", "empty body", "", DECODE_ERROR),
                c("ServerHello", "missing compression_method", "0303" + R32 + "00" + "c02b", DECODE_ERROR),
                c("ServerHello", "session_id of 33 bytes", "0303" + R32 + "21" + "00".repeat(33) + "c02b00",
                        DECODE_ERROR),
                c("ServerHello", "one stray byte where extensions start", SH + "00", DECODE_ERROR),
                c("ServerHello", "trailing byte after extensions", SH + "0004" + "00170000" + "00", DECODE_ERROR),
                c("ServerHello", "duplicate extension", SH + "000a" + "ff01000100" + "ff01000100", ILLEGAL_PARAMETER),
                c("ServerHello", "server_name with data", SH + "0009" + "0000" + "0005" + "0003" + "00" + "000161",
                        DECODE_ERROR),
                c("ServerHello", "ALPN with two protocols",
                        SH + "000b" + "0010" + "0007" + "0005" + "026832" + "0178", ILLEGAL_PARAMETER),
                c("ServerHello", "session_ticket with data", SH + "0005" + "0023" + "0001" + "00", DECODE_ERROR),
                c("ServerHello", "extended_master_secret with data", SH + "0005" + "0017" + "0001" + "00",
                        DECODE_ERROR),
                // RFC 8422 5.4 ServerKeyExchange
                c("ServerKeyExchangeEcdhe", "curve_type explicit_prime(1)",
                        "01" + "001d" + X25519_POINT + "0403" + "0000", ILLEGAL_PARAMETER),
                c("ServerKeyExchangeEcdhe", "curve_type explicit_char2(2)",
                        "02" + "001d" + X25519_POINT + "0403" + "0000", ILLEGAL_PARAMETER),
                c("ServerKeyExchangeEcdhe", "curve_type 0", "00", ILLEGAL_PARAMETER),
                c("ServerKeyExchangeEcdhe", "empty point", "03" + "001d" + "00" + "0403" + "0000", DECODE_ERROR),
                c("ServerKeyExchangeEcdhe", "point length past end", "03" + "001d" + "41" + "04".repeat(10),
                        DECODE_ERROR),
                c("ServerKeyExchangeEcdhe", "missing signature", "03" + "001d" + X25519_POINT, DECODE_ERROR),
                c("ServerKeyExchangeEcdhe", "missing signature bytes", "03" + "001d" + X25519_POINT + "0403",
                        DECODE_ERROR),
                c("ServerKeyExchangeEcdhe", "signature length past end",
                        "03" + "001d" + X25519_POINT + "0403" + "0048" + "30", DECODE_ERROR),
                c("ServerKeyExchangeEcdhe", "trailing byte", "03" + "001d" + X25519_POINT + "0403" + "0001" + "30"
                        + "00", DECODE_ERROR),
                // RFC 5246 7.4.4 CertificateRequest
                c("CertificateRequest", "empty certificate_types", "00" + "0002" + "0403" + "0000", DECODE_ERROR),
                c("CertificateRequest", "empty signature algorithms", "01" + "40" + "0000" + "0000", DECODE_ERROR),
                c("CertificateRequest", "odd signature algorithms", "01" + "40" + "0003" + "040305" + "0000",
                        DECODE_ERROR),
                c("CertificateRequest", "missing certificate_authorities", "01" + "40" + "0002" + "0403",
                        DECODE_ERROR),
                c("CertificateRequest", "empty DistinguishedName", "01" + "40" + "0002" + "0403" + "0002" + "0000",
                        DECODE_ERROR),
                c("CertificateRequest", "DistinguishedName past list",
                        "01" + "40" + "0002" + "0403" + "0004" + "0005" + "3000", DECODE_ERROR),
                c("CertificateRequest", "certificate_authorities past end", "01" + "40" + "0002" + "0403" + "0009",
                        DECODE_ERROR),
                c("CertificateRequest", "trailing byte", "01" + "40" + "0002" + "0403" + "0000" + "00", DECODE_ERROR),
                // RFC 5246 7.4.2 Certificate
                c("CertificateMessage", "empty body", "", DECODE_ERROR),
                c("CertificateMessage", "empty ASN.1Cert", "000003" + "000000", DECODE_ERROR),
                c("CertificateMessage", "ASN.1Cert past list", "000005" + "000005" + "3000", DECODE_ERROR),
                c("CertificateMessage", "list length past end", "000010" + "000002" + "3000", DECODE_ERROR),
                c("CertificateMessage", "trailing byte after list", "000005" + "000002" + "3000" + "00", DECODE_ERROR),
                c("CertificateMessage", "list ends inside a length", "000002" + "0000", DECODE_ERROR),
                // RFC 8422 5.7 ClientKeyExchange
                c("ClientKeyExchangeEcdhe", "empty body", "", DECODE_ERROR),
                c("ClientKeyExchangeEcdhe", "empty point", "00", DECODE_ERROR),
                c("ClientKeyExchangeEcdhe", "point length past end", "20" + "00".repeat(31), DECODE_ERROR),
                c("ClientKeyExchangeEcdhe", "trailing byte", "01" + "04" + "00", DECODE_ERROR),
                // RFC 5246 7.4.8 CertificateVerify
                c("CertificateVerify", "empty body", "", DECODE_ERROR),
                c("CertificateVerify", "missing signature", "0804", DECODE_ERROR),
                c("CertificateVerify", "signature past end", "0804" + "0100" + "00", DECODE_ERROR),
                c("CertificateVerify", "trailing byte", "0804" + "0001" + "00" + "00", DECODE_ERROR),
                // RFC 5077 3.3 NewSessionTicket
                c("NewSessionTicket", "short lifetime hint", "000000", DECODE_ERROR),
                c("NewSessionTicket", "missing ticket length", "00001c20", DECODE_ERROR),
                c("NewSessionTicket", "ticket past end", "00001c20" + "0004" + "0000", DECODE_ERROR),
                c("NewSessionTicket", "trailing byte", "00001c20" + "0000" + "00", DECODE_ERROR),
                // RFC 6066 8 CertificateStatus
                c("CertificateStatus", "empty body", "", DECODE_ERROR),
                c("CertificateStatus", "status_type only", "01", DECODE_ERROR),
                c("CertificateStatus", "empty OCSPResponse", "01" + "000000", DECODE_ERROR),
                c("CertificateStatus", "response past end", "01" + "000002" + "30", DECODE_ERROR),
                c("CertificateStatus", "trailing byte", "01" + "000001" + "30" + "00", DECODE_ERROR),
                c("CertificateStatus", "unknown status_type", "02" + "000001" + "30", ILLEGAL_PARAMETER),
                // RFC 5246 7.4.5 / 7.4.1.1: empty bodies
                c("ServerHelloDone", "one byte", "00", DECODE_ERROR),
                c("HelloRequest", "one byte", "00", DECODE_ERROR));
    }

    private static Arguments c(String message, String what, String hex, AlertDescription alert) {
        return Arguments.of(message, what, hex, alert);
    }

    static TestBytes.Decoder decoder(String simpleName) {
        return switch (simpleName) {
            case "ClientHello" -> ClientHello::decode;
            case "ServerHello" -> ServerHello::decode;
            case "CertificateMessage" -> CertificateMessage::decode;
            case "ServerKeyExchangeEcdhe" -> ServerKeyExchangeEcdhe::decode;
            case "CertificateRequest" -> CertificateRequest::decode;
            case "ServerHelloDone" -> ServerHelloDone::decode;
            case "ClientKeyExchangeEcdhe" -> ClientKeyExchangeEcdhe::decode;
            case "CertificateVerify" -> CertificateVerify::decode;
            case "Finished" -> Finished::decode;
            case "HelloRequest" -> HelloRequest::decode;
            case "NewSessionTicket" -> NewSessionTicket::decode;
            case "CertificateStatus" -> CertificateStatus::decode;
            default -> throw new IllegalArgumentException(simpleName);
        };
    }

    @ParameterizedTest(name = "{0}: {1} -> {3}")
    @MethodSource("table")
    void rejected(String message, String what, String hex, AlertDescription alert) {
        TlsAlertException e = assertAlert(alert, decoder(message), hex(hex));
        assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
    }

    /** Samples small enough to truncate at every offset, plus a real SunJSSE ClientHello. */
    static Stream<HandshakeMessage> truncatable() throws Exception {
        List<HandshakeMessage> samples = new java.util.ArrayList<>(MessageSamples.all());
        samples.removeIf(m -> m.encode().length > 3000 || m instanceof Finished);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLSv1.2", "SunJSSE");
        ctx.init(null, null, null);
        samples.add(ClientHello.decode(new TlsReader(JsseCapture.clientHelloBody(ctx, true))));
        return samples.stream();
    }

    /**
     * Every strict prefix of a valid body is a DECODE_ERROR, except a hello cut exactly where its optional
     * extensions block starts (RFC 5246 7.4.1.2): that is a valid hello without extensions.
     */
    @ParameterizedTest
    @MethodSource("truncatable")
    void truncatedAtEveryOffset(HandshakeMessage m) throws Exception {
        byte[] body = TestBytes.body(m);
        TestBytes.Decoder d = decoder(m.getClass().getSimpleName());
        int withoutExtensions = fixedHelloLength(m);
        for (int n = 0; n < body.length; n++) {
            byte[] prefix = Arrays.copyOf(body, n);
            if (n == withoutExtensions) {
                Object v = d.decode(new TlsReader(prefix));
                assertEquals(List.of(), v instanceof ClientHello ch ? ch.extensions() : ((ServerHello) v).extensions());
            } else {
                assertAlert(DECODE_ERROR, d, prefix);
            }
        }
    }

    /** One extra byte after any valid body is a DECODE_ERROR (Finished aside: its body is all verify_data). */
    @ParameterizedTest
    @MethodSource("truncatable")
    void trailingByte(HandshakeMessage m) {
        byte[] body = TestBytes.body(m);
        assertAlert(DECODE_ERROR, decoder(m.getClass().getSimpleName()), Arrays.copyOf(body, body.length + 1));
    }

    private static int fixedHelloLength(HandshakeMessage m) {
        if (m instanceof ClientHello c && !c.extensions().isEmpty()) {
            return TestBytes.body(new ClientHello(c.legacyVersion(), c.random(), c.sessionId(), c.cipherSuites(),
                    c.compressionMethods(), List.of())).length;
        }
        if (m instanceof ServerHello s && !s.extensions().isEmpty()) {
            return TestBytes.body(new ServerHello(s.version(), s.random(), s.sessionId(), s.cipherSuite(),
                    s.compressionMethod(), List.of())).length;
        }
        return -1;
    }
}
