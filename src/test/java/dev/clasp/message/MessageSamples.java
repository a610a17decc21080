package dev.clasp.message;

import static dev.clasp.message.TestBytes.counting;
import static dev.clasp.message.TestBytes.filled;

import dev.clasp.message.ext.AlpnExtension;
import dev.clasp.message.ext.EcPointFormatsExtension;
import dev.clasp.message.ext.ExtendedMasterSecretExtension;
import dev.clasp.message.ext.ExtensionSamples;
import dev.clasp.message.ext.RenegotiationInfoExtension;
import dev.clasp.message.ext.ServerNameExtension;
import dev.clasp.message.ext.SessionTicketExtension;
import dev.clasp.message.ext.SignatureAlgorithmsExtension;
import dev.clasp.message.ext.SupportedGroupsExtension;
import dev.clasp.message.ext.UnknownExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Sample values of every handshake message, including edge lengths. */
public final class MessageSamples {
    private MessageSamples() {
    }

    public static ClientHello typicalClientHello() {
        return new ClientHello(0x0303, counting(32, 0), new byte[0], List.of(0xC02B, 0xC02F, 0xCCA9, 0x00FF),
                new byte[] {0}, List.of(ServerNameExtension.ofHostName("example.com"),
                        new SupportedGroupsExtension(List.of(29, 23, 24)), EcPointFormatsExtension.uncompressed(),
                        new SignatureAlgorithmsExtension(List.of(0x0403, 0x0804, 0x0401)),
                        AlpnExtension.of("h2", "http/1.1"), new ExtendedMasterSecretExtension(),
                        SessionTicketExtension.empty(), new UnknownExtension(0x3a3a, new byte[0])));
    }

    public static ServerHello typicalServerHello() {
        return new ServerHello(0x0303, counting(32, 0x80), filled(32, 0xAB), 0xC02F, 0,
                List.of(RenegotiationInfoExtension.initial(), new ExtendedMasterSecretExtension(),
                        EcPointFormatsExtension.uncompressed(), AlpnExtension.of("h2"),
                        ServerNameExtension.acknowledgement(), SessionTicketExtension.empty()));
    }

    /** Every message type, several values each. */
    public static List<HandshakeMessage> all() {
        List<HandshakeMessage> out = new ArrayList<>();
        out.add(typicalClientHello());
        // minimal: no session id, one suite, no extensions block
        out.add(new ClientHello(0x0303, filled(32, 0), new byte[0], List.of(0xC02B), new byte[] {0}, List.of()));
        // maximal session id, legacy version values, many suites and methods
        out.add(new ClientHello(0x0301, filled(32, 0xFF), filled(32, 0x5A), Collections.nCopies(0x7FFF, 0xC02B),
                counting(255, 0), List.of(new ExtendedMasterSecretExtension())));
        out.add(new ClientHello(0xFFFF, counting(32, 9), counting(1, 1), List.of(0, 0xFFFF), new byte[] {1, 0},
                List.of(ExtensionSamples.clientHello().get(1), ExtensionSamples.clientHello().get(4))));
        // near-maximal extensions block
        out.add(new ClientHello(0x0303, counting(32, 3), new byte[0], List.of(0x1301), new byte[] {0},
                List.of(new UnknownExtension(0x7777, filled(0xFFFF - 4, 0x33)))));
        out.add(typicalServerHello());
        out.add(new ServerHello(0x0303, filled(32, 0), new byte[0], 0xC02B, 0, List.of()));
        out.add(new ServerHello(0x0300, counting(32, 0), counting(31, 0), 0xFFFF, 0xFF,
                List.of(new UnknownExtension(10, counting(4, 0)))));
        out.add(new CertificateMessage(List.of()));
        out.add(new CertificateMessage(List.of(counting(700, 0x30), counting(1, 0), filled(70_000, 0x44))));
        out.add(new ServerKeyExchangeEcdhe(29, counting(32, 1), 0x0403, counting(71, 0x30)));
        out.add(new ServerKeyExchangeEcdhe(23, counting(65, 4), 0x0804, filled(256, 0x77)));
        out.add(new ServerKeyExchangeEcdhe(0xFFFF, filled(255, 1), 0xFFFF, new byte[0]));
        out.add(new ServerKeyExchangeEcdhe(0, counting(1, 4), 0, filled(0xFFFF, 9)));
        out.add(new CertificateRequest(new byte[] {64, 1}, List.of(0x0403, 0x0804), List.of()));
        out.add(new CertificateRequest(counting(255, 0), Collections.nCopies(0x7FFF, 0x0401),
                List.of(counting(20, 0x30), filled(0xFFFF - 30, 0x31))));
        out.add(new ServerHelloDone());
        out.add(new ClientKeyExchangeEcdhe(counting(32, 0x55)));
        out.add(new ClientKeyExchangeEcdhe(filled(1, 4)));
        out.add(new ClientKeyExchangeEcdhe(filled(255, 4)));
        out.add(new CertificateVerify(0x0804, counting(256, 0)));
        out.add(new CertificateVerify(0, new byte[0]));
        out.add(new CertificateVerify(0xFFFF, filled(0xFFFF, 1)));
        out.add(new Finished(counting(12, 0xC0)));
        out.add(new Finished(new byte[0]));
        out.add(new Finished(filled(36, 2)));
        out.add(new HelloRequest());
        out.add(new NewSessionTicket(0, new byte[0]));
        out.add(new NewSessionTicket(7200, counting(160, 0)));
        out.add(new NewSessionTicket(0xFFFFFFFFL, filled(0xFFFF, 0x21)));
        out.add(new CertificateStatus(counting(1, 0x30)));
        out.add(new CertificateStatus(filled(70_000, 0x30)));
        return out;
    }
}
