package dev.clasp.message.ext;

import static dev.clasp.message.TestBytes.counting;
import static dev.clasp.message.TestBytes.filled;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Sample values of every extension, including edge lengths, and helpers to code one extension. */
public final class ExtensionSamples {
    private ExtensionSamples() {
    }

    /** Extensions valid in a ClientHello, with edge values. */
    public static List<Extension> clientHello() {
        List<Extension> out = new ArrayList<>();
        out.add(ServerNameExtension.ofHostName("localhost"));
        out.add(new ServerNameExtension(List.of(ServerName.hostName("a"), new ServerName(7, counting(300, 1)))));
        out.add(new ServerNameExtension(List.of(new ServerName(0, filled(0xFFFF - 5, 'x')))));
        out.add(new SupportedGroupsExtension(List.of(29)));
        out.add(new SupportedGroupsExtension(List.of(29, 23, 24, 25, 30, 0x0100, 0xFFFF, 0)));
        out.add(new SupportedGroupsExtension(Collections.nCopies(0x7FFD, 23))); // 65530 bytes of list
        out.add(EcPointFormatsExtension.uncompressed());
        out.add(new EcPointFormatsExtension(new byte[] {1, 2, 0}));
        out.add(new EcPointFormatsExtension(filled(255, 0)));
        out.add(new SignatureAlgorithmsExtension(List.of(0x0403, 0x0804, 0x0401)));
        out.add(new SignatureAlgorithmsExtension(List.of(0xFFFF)));
        out.add(new SignatureAlgorithmsCertExtension(List.of(0x0403, 0x0807)));
        out.add(AlpnExtension.of("h2", "http/1.1"));
        out.add(AlpnExtension.of("\u0000\u00ff\u0080x", "x".repeat(255)));
        out.add(new ExtendedMasterSecretExtension());
        out.add(RenegotiationInfoExtension.initial());
        out.add(new RenegotiationInfoExtension(counting(12, 0x40)));
        out.add(new RenegotiationInfoExtension(filled(255, 0xEE)));
        out.add(new EncryptThenMacExtension());
        out.add(SessionTicketExtension.empty());
        out.add(new SessionTicketExtension(counting(200, 7)));
        out.add(new SessionTicketExtension(filled(0xFFFF - 4, 1)));
        out.add(new UnknownExtension(0x002B, new byte[] {2, 3, 3}));
        out.add(new UnknownExtension(0xFFFF, new byte[0]));
        out.add(new UnknownExtension(5, counting(5, 1)));
        out.add(new MaxFragmentLengthExtension(1));
        out.add(MaxFragmentLengthExtension.ofLength(4096));
        out.add(new RecordSizeLimitExtension(64));
        out.add(new RecordSizeLimitExtension(0xFFFF));
        return out;
    }

    /** Extensions valid in a ServerHello. */
    public static List<Extension> serverHello() {
        return List.of(ServerNameExtension.acknowledgement(), EcPointFormatsExtension.uncompressed(),
                AlpnExtension.of("h2"), AlpnExtension.of("y".repeat(255)), new ExtendedMasterSecretExtension(),
                RenegotiationInfoExtension.initial(), new RenegotiationInfoExtension(counting(24, 0)),
                new EncryptThenMacExtension(), SessionTicketExtension.empty(),
                new UnknownExtension(10, new byte[] {0, 2, 0, 29}), // supported_groups is ClientHello-only
                new UnknownExtension(0x1234, counting(9, 0)), new MaxFragmentLengthExtension(2),
                new RecordSizeLimitExtension(16384));
    }

    /** type(2) || opaque16 data: one entry of an extensions vector. */
    public static byte[] encodeOne(Extension e) {
        TlsWriter w = new TlsWriter();
        w.u16(e.type());
        w.vector16(e::encodeData);
        return w.toByteArray();
    }

    /** Just the extension_data bytes. */
    public static byte[] data(Extension e) {
        TlsWriter w = new TlsWriter();
        e.encodeData(w);
        return w.toByteArray();
    }

    /** Decodes one extension entry (type || opaque16 data) as the registry does for {@code message}. */
    public static Extension decodeOne(byte[] entry, HandshakeType message) throws TlsAlertException {
        List<Extension> list = ExtensionRegistry.decode(new TlsReader(entry), message);
        if (list.size() != 1) {
            throw new AssertionError("expected one extension, got " + list);
        }
        return list.get(0);
    }
}
