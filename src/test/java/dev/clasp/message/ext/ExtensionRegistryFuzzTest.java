package dev.clasp.message.ext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.it.FuzzSeeds;
import dev.clasp.message.HandshakeMessages;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tier 7: every extension decoder, reached the way the hellos reach them, through {@link ExtensionRegistry}.
 * Input: one byte whose low bit picks the carrying message (0 ClientHello, 1 ServerHello), then the contents of
 * an {@code extensions} vector.
 *
 * <p>Invariants: only {@link TlsAlertException} with decode_error or illegal_parameter; whatever decodes
 * re-encodes to the same bytes and decodes again to an equal list; every extension has a trace summary.
 *
 * <p>{@code JAZZER_FUZZ=1 mvn test -Dtest='ExtensionRegistryFuzzTest#decode'} fuzzes.
 */
class ExtensionRegistryFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        HandshakeType message = (input[0] & 1) == 0 ? HandshakeType.CLIENT_HELLO : HandshakeType.SERVER_HELLO;
        byte[] block = Arrays.copyOfRange(input, 1, input.length);
        List<Extension> list;
        try {
            list = ExtensionRegistry.decode(new TlsReader(block), message);
        } catch (TlsAlertException e) {
            AlertDescription d = e.description();
            assertTrue(d == AlertDescription.DECODE_ERROR || d == AlertDescription.ILLEGAL_PARAMETER,
                    () -> message + ": alert " + d + " (" + e.getMessage() + ")");
            return;
        } catch (RuntimeException e) {
            fail("ExtensionRegistry in " + message + " threw " + e, e);
            return;
        }
        assertNotNull(HandshakeMessages.describe(list));
        TlsWriter w = new TlsWriter();
        ExtensionRegistry.encode(w, list);
        byte[] encoded = w.toByteArray();
        byte[] again = Arrays.copyOfRange(encoded, 2, encoded.length);
        assertArrayEquals(block, again, () -> message + " re-encoded " + list + " differently");
        try {
            assertEquals(list, ExtensionRegistry.decode(new TlsReader(again), message));
        } catch (TlsAlertException e) {
            fail("cannot decode own encoding of " + list, e);
        }
    }

    @Test
    void seedsAreCommitted() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("client-hello-all", seed(0, ExtensionSamples.clientHello()));
        seeds.put("server-hello-all", seed(1, ExtensionSamples.serverHello()));
        int i = 0;
        for (Extension e : ExtensionSamples.clientHello()) {
            seeds.put(String.format("client-%02d-%s", i++, ExtensionType.nameOf(e.type()).replaceAll("\\W", "_")),
                    seed(0, List.of(e)));
        }
        i = 0;
        for (Extension e : ExtensionSamples.serverHello()) {
            seeds.put(String.format("server-%02d-%s", i++, ExtensionType.nameOf(e.type()).replaceAll("\\W", "_")),
                    seed(1, List.of(e)));
        }
        seeds.values().removeIf(b -> b.length > 4000);
        FuzzSeeds.sync(ExtensionRegistryFuzzTest.class, "decode", seeds);
    }

    private static byte[] seed(int message, List<Extension> list) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(message);
        for (Extension e : list) {
            b.writeBytes(ExtensionSamples.encodeOne(e));
        }
        return b.toByteArray();
    }
}
