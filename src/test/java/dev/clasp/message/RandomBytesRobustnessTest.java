package dev.clasp.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.ext.AlpnExtension;
import dev.clasp.message.ext.EcPointFormatsExtension;
import dev.clasp.message.ext.EncryptThenMacExtension;
import dev.clasp.message.ext.ExtendedMasterSecretExtension;
import dev.clasp.message.ext.Extension;
import dev.clasp.message.ext.ExtensionRegistry;
import dev.clasp.message.ext.ExtensionSamples;
import dev.clasp.message.ext.RenegotiationInfoExtension;
import dev.clasp.message.ext.ServerNameExtension;
import dev.clasp.message.ext.SessionTicketExtension;
import dev.clasp.message.ext.SignatureAlgorithmsCertExtension;
import dev.clasp.message.ext.SignatureAlgorithmsExtension;
import dev.clasp.message.ext.SupportedGroupsExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 20,000 random byte arrays and 20,000 mutated valid encodings (fixed seeds) into every decoder: only
 * {@code TlsAlertException} may come out, and whatever decodes re-encodes to the same bytes.
 */
class RandomBytesRobustnessTest {
    private static final int RUNS = 20_000;
    private static final HandshakeType CH = HandshakeType.CLIENT_HELLO;
    private static final HandshakeType SH = HandshakeType.SERVER_HELLO;

    /** A decoder, how to re-encode what it returns, and valid inputs to mutate. */
    record Target(String name, TestBytes.Decoder decoder, Function<Object, byte[]> reencode, List<byte[]> seeds) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Target> targets() {
        List<Target> out = new ArrayList<>();
        for (HandshakeType t : HandshakeType.values()) {
            List<byte[]> seeds = new ArrayList<>();
            for (HandshakeMessage m : MessageSamples.all()) {
                byte[] body = TestBytes.body(m);
                if (m.type() == t && body.length <= 3000) {
                    seeds.add(body);
                }
            }
            out.add(new Target(t.name(), r -> HandshakeMessages.decode(t, r),
                    v -> TestBytes.body((HandshakeMessage) v), seeds));
        }
        out.add(new Target("unknown handshake type", r -> HandshakeMessages.decode(null, r), v -> null, List.of()));
        for (HandshakeType m : List.of(CH, SH)) {
            List<Extension> exts = m == CH ? ExtensionSamples.clientHello() : ExtensionSamples.serverHello();
            List<byte[]> seeds = new ArrayList<>();
            for (Extension e : exts) {
                byte[] entry = ExtensionSamples.encodeOne(e);
                if (entry.length <= 3000) {
                    seeds.add(entry);
                }
            }
            seeds.add(TestBytes.concat(seeds.get(0), seeds.get(seeds.size() - 1))); // two different types
            out.add(new Target("ExtensionRegistry in " + m, r -> ExtensionRegistry.decode(r, m), v -> {
                TlsWriter w = new TlsWriter();
                @SuppressWarnings("unchecked")
                List<Extension> list = (List<Extension>) v;
                ExtensionRegistry.encode(w, list);
                byte[] b = w.toByteArray();
                return Arrays.copyOfRange(b, 2, b.length);
            }, seeds));
        }
        ext(out, "server_name in ClientHello", r -> ServerNameExtension.decode(r, CH), ServerNameExtension.class, CH);
        ext(out, "server_name in ServerHello", r -> ServerNameExtension.decode(r, SH), ServerNameExtension.class, SH);
        ext(out, "supported_groups", SupportedGroupsExtension::decode, SupportedGroupsExtension.class, CH);
        ext(out, "ec_point_formats", EcPointFormatsExtension::decode, EcPointFormatsExtension.class, CH);
        ext(out, "signature_algorithms", SignatureAlgorithmsExtension::decode, SignatureAlgorithmsExtension.class, CH);
        ext(out, "signature_algorithms_cert", SignatureAlgorithmsCertExtension::decode,
                SignatureAlgorithmsCertExtension.class, CH);
        ext(out, "alpn in ClientHello", r -> AlpnExtension.decode(r, CH), AlpnExtension.class, CH);
        ext(out, "alpn in ServerHello", r -> AlpnExtension.decode(r, SH), AlpnExtension.class, SH);
        ext(out, "extended_master_secret", ExtendedMasterSecretExtension::decode, ExtendedMasterSecretExtension.class,
                CH);
        ext(out, "renegotiation_info", RenegotiationInfoExtension::decode, RenegotiationInfoExtension.class, CH);
        ext(out, "encrypt_then_mac", EncryptThenMacExtension::decode, EncryptThenMacExtension.class, CH);
        ext(out, "session_ticket in ClientHello", r -> SessionTicketExtension.decode(r, CH),
                SessionTicketExtension.class, CH);
        ext(out, "session_ticket in ServerHello", r -> SessionTicketExtension.decode(r, SH),
                SessionTicketExtension.class, SH);
        return out.stream();
    }

    private static void ext(List<Target> out, String name, TestBytes.Decoder d, Class<? extends Extension> type,
            HandshakeType message) {
        List<byte[]> seeds = new ArrayList<>();
        for (Extension e : message == CH ? ExtensionSamples.clientHello() : ExtensionSamples.serverHello()) {
            byte[] data = ExtensionSamples.data(e);
            if (type.isInstance(e) && data.length <= 3000) {
                seeds.add(data);
            }
        }
        out.add(new Target(name, d, v -> ExtensionSamples.data((Extension) v), seeds));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void onlyAlertsComeOut(Target target) {
        Random rnd = new Random(0xC1A5F00DL ^ target.name().hashCode());
        for (int i = 0; i < RUNS; i++) {
            int len = rnd.nextInt(8) == 0 ? rnd.nextInt(600) : rnd.nextInt(48);
            byte[] input = new byte[len];
            rnd.nextBytes(input);
            run(target, input);
        }
        for (int i = 0; !target.seeds().isEmpty() && i < RUNS; i++) {
            run(target, mutate(target.seeds().get(rnd.nextInt(target.seeds().size())), rnd));
        }
    }

    private static byte[] mutate(byte[] seed, Random rnd) {
        byte[] b = seed.clone();
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits; e++) {
            switch (rnd.nextInt(5)) {
                case 0 -> { // flip a bit
                    if (b.length > 0) {
                        b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                case 1 -> { // set a byte to an interesting value
                    if (b.length > 0) {
                        int[] vals = {0, 1, 0x7F, 0x80, 0xFF, 3, 0x20, 0x21};
                        b[rnd.nextInt(b.length)] = (byte) vals[rnd.nextInt(vals.length)];
                    }
                }
                case 2 -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1)); // truncate
                case 3 -> { // append bytes
                    int at = b.length;
                    b = Arrays.copyOf(b, b.length + 1 + rnd.nextInt(4));
                    for (int k = at; k < b.length; k++) {
                        b[k] = (byte) rnd.nextInt(256);
                    }
                }
                default -> { // delete a byte
                    if (b.length > 0) {
                        int at = rnd.nextInt(b.length);
                        byte[] c = new byte[b.length - 1];
                        System.arraycopy(b, 0, c, 0, at);
                        System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                        b = c;
                    }
                }
            }
        }
        return b;
    }

    private static void run(Target target, byte[] input) {
        Object value;
        try {
            value = target.decoder().decode(new TlsReader(input));
        } catch (TlsAlertException expected) {
            return;
        } catch (RuntimeException e) {
            fail(target + " threw " + e + " for " + TestBytes.toHex(input), e);
            return;
        }
        byte[] again = target.reencode().apply(value);
        if (!Arrays.equals(input, again) && !isOmittedEmptyExtensionsBlock(value, input, again)) {
            assertArrayEquals(input, again, () -> target + " re-encoded " + value + " differently");
        }
        try {
            assertEquals(value, target.decoder().decode(new TlsReader(again)), target::toString);
        } catch (TlsAlertException e) {
            fail(target + " cannot decode its own encoding of " + value, e);
        }
    }

    /** Hellos encode "no extensions" by omitting the block, so a received empty block (00 00) is not echoed. */
    private static boolean isOmittedEmptyExtensionsBlock(Object value, byte[] input, byte[] again) {
        boolean noExtensions = value instanceof ClientHello c && c.extensions().isEmpty()
                || value instanceof ServerHello s && s.extensions().isEmpty();
        return noExtensions && input.length == again.length + 2 && input[again.length] == 0
                && input[again.length + 1] == 0 && Arrays.equals(again, Arrays.copyOf(input, again.length));
    }
}
