package dev.clasp.message.ext;

import static dev.clasp.message.TestBytes.hex;
import static dev.clasp.message.TestBytes.toHex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtensionRegistryTest {

    private static List<Extension> decode(String hex, HandshakeType message) throws TlsAlertException {
        return ExtensionRegistry.decode(new TlsReader(hex(hex)), message);
    }

    @Test
    void keepsWireOrderAndUnknownExtensionsByteExact() throws Exception {
        String wire = "ff01" + "0001" + "00"   // renegotiation_info
                + "3a3a" + "0001" + "00"        // GREASE value, unknown
                + "0017" + "0000"               // extended_master_secret
                + "0005" + "0005" + "0100000000" // status_request: known name, not decoded yet
                + "000a" + "0004" + "0002001d"; // supported_groups
        List<Extension> list = decode(wire, HandshakeType.CLIENT_HELLO);
        assertEquals(List.of(RenegotiationInfoExtension.initial(), new UnknownExtension(0x3a3a, hex("00")),
                new ExtendedMasterSecretExtension(), new UnknownExtension(5, hex("0100000000")),
                new SupportedGroupsExtension(List.of(29))), list);
        TlsWriter w = new TlsWriter();
        ExtensionRegistry.encode(w, list);
        assertEquals(String.format("%04x", wire.length() / 2) + wire, toHex(w.toByteArray()));
    }

    @Test
    void knownTypeNotAllowedInMessageBecomesUnknown() throws Exception {
        // RFC 8422 5.1.1 / RFC 5246 7.4.1.4.1: supported_groups and signature_algorithms are ClientHello-only
        List<Extension> list = decode("000a" + "0004" + "0002001d" + "000d" + "0004" + "00020403",
                HandshakeType.SERVER_HELLO);
        assertEquals(List.of(new UnknownExtension(10, hex("0002001d")), new UnknownExtension(13, hex("00020403"))),
                list);
        assertNull(Extensions.find(list, SupportedGroupsExtension.class));
        assertTrue(Extensions.has(list, 10));
        // a malformed body of a type not decoded in this message is not inspected
        assertEquals(List.of(new UnknownExtension(10, hex("ff"))), decode("000a" + "0001" + "ff",
                HandshakeType.SERVER_HELLO));
    }

    @Test
    void supportedVersionsAndStatusRequestStayUnknown() throws Exception {
        for (HandshakeType m : List.of(HandshakeType.CLIENT_HELLO, HandshakeType.SERVER_HELLO)) {
            assertFalse(ExtensionRegistry.decodes(ExtensionType.SUPPORTED_VERSIONS.code(), m));
            assertFalse(ExtensionRegistry.decodes(ExtensionType.STATUS_REQUEST.code(), m));
            assertInstanceOf(UnknownExtension.class, decode("002b" + "0003" + "020303", m).get(0));
        }
    }

    @Test
    void allowedTable() {
        for (ExtensionType t : List.of(ExtensionType.SERVER_NAME, ExtensionType.EC_POINT_FORMATS,
                ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION, ExtensionType.EXTENDED_MASTER_SECRET,
                ExtensionType.RENEGOTIATION_INFO, ExtensionType.ENCRYPT_THEN_MAC, ExtensionType.SESSION_TICKET,
                ExtensionType.MAX_FRAGMENT_LENGTH, ExtensionType.RECORD_SIZE_LIMIT)) {
            assertTrue(ExtensionRegistry.decodes(t.code(), HandshakeType.CLIENT_HELLO), t::name);
            assertTrue(ExtensionRegistry.decodes(t.code(), HandshakeType.SERVER_HELLO), t::name);
        }
        for (ExtensionType t : List.of(ExtensionType.SUPPORTED_GROUPS, ExtensionType.SIGNATURE_ALGORITHMS,
                ExtensionType.SIGNATURE_ALGORITHMS_CERT)) {
            assertTrue(ExtensionRegistry.decodes(t.code(), HandshakeType.CLIENT_HELLO), t::name);
            assertFalse(ExtensionRegistry.decodes(t.code(), HandshakeType.SERVER_HELLO), t::name);
        }
        assertFalse(ExtensionRegistry.decodes(0x3a3a, HandshakeType.CLIENT_HELLO));
        assertFalse(ExtensionRegistry.decodes(0, HandshakeType.CERTIFICATE_REQUEST));
    }

    @Test
    void duplicatesAreIllegalParameterEvenWhenUnknown() {
        for (String dup : List.of("0017" + "0000" + "0017" + "0000", "3a3a" + "0000" + "3a3a" + "0001" + "00",
                "000a" + "0004" + "0002001d" + "3a3a" + "0000" + "000a" + "0004" + "00020017")) {
            TlsAlertException e = assertThrows(TlsAlertException.class, () -> decode(dup, HandshakeType.CLIENT_HELLO));
            assertSame(AlertDescription.ILLEGAL_PARAMETER, e.description(), dup);
        }
    }

    @Test
    void emptyVectorIsEmptyList() throws Exception {
        assertEquals(List.of(), decode("", HandshakeType.CLIENT_HELLO));
        TlsWriter w = new TlsWriter();
        ExtensionRegistry.encode(w, List.of());
        assertEquals("0000", toHex(w.toByteArray()));
    }

    @Test
    void findAndHas() throws Exception {
        List<Extension> list = decode("0000" + "000e" + "000c" + "0000096c6f63616c686f7374" + "0017" + "0000",
                HandshakeType.CLIENT_HELLO);
        assertEquals("localhost", Extensions.find(list, ServerNameExtension.class).hostName());
        assertEquals(new ExtendedMasterSecretExtension(), Extensions.find(list, ExtendedMasterSecretExtension.class));
        assertNull(Extensions.find(list, AlpnExtension.class));
        assertTrue(Extensions.has(list, 23));
        assertFalse(Extensions.has(list, 16));
    }

    @Test
    void extensionTypeCodes() {
        assertEquals(0xFF01, ExtensionType.RENEGOTIATION_INFO.code());
        assertSame(ExtensionType.SESSION_TICKET, ExtensionType.fromCode(35));
        assertNull(ExtensionType.fromCode(0x3a3a));
        for (ExtensionType t : ExtensionType.values()) {
            assertSame(t, ExtensionType.fromCode(t.code()));
        }
        assertEquals("renegotiation_info", ExtensionType.nameOf(0xFF01));
        assertEquals("ext(0x3A3A)", ExtensionType.nameOf(0x3a3a));
    }
}
