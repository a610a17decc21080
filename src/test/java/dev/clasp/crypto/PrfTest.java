package dev.clasp.crypto;

import static dev.clasp.crypto.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clasp.suite.PrfHash;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PrfTest {
    static Stream<Map.Entry<String, Map<String, String>>> vectors() {
        return Vectors.load("prf.txt").entrySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void knownAnswer(Map.Entry<String, Map<String, String>> v) {
        Map<String, String> c = v.getValue();
        PrfHash h = PrfHash.valueOf(c.get("hash"));
        byte[] secret = hex(c.get("secret"));
        byte[] seed = hex(c.get("seed"));
        byte[] expected = hex(c.get("output"));
        String label = c.get("label");

        byte[] out = Prf.compute(h, secret, label, seed, expected.length);

        assertEquals(Vectors.hex(expected), Vectors.hex(out));
        // The committed value is itself re-derived by two independent implementations.
        assertArrayEquals(expected, BcReference.hmacPrf(h, secret, label, seed, expected.length));
        assertArrayEquals(expected, BcReference.bctlsPrf(h, secret, label, seed, expected.length));
    }

    @Test
    void publishedPrefixes() {
        // The prefixes quoted with the community vectors, independent of the vector file.
        byte[] a = Prf.compute(PrfHash.SHA256, hex("9bbe436ba940f017b17652849a71db35"), "test label",
                hex("a0ba9f936cda311827a6f796ffd5198c"), 100);
        assertEquals("e3f229ba727be17b", Vectors.hex(a).substring(0, 16));
        byte[] b = Prf.compute(PrfHash.SHA384, hex("b80b733d6ceefcdc71566ea48e5567df"), "test label",
                hex("cd665cf6a8447dd6ff8b27555edb7465"), 148);
        assertEquals("7b0c18e9ced410ed", Vectors.hex(b).substring(0, 16));
    }

    @ParameterizedTest
    @EnumSource(PrfHash.class)
    void matchesBouncyCastleForManyLengths(PrfHash h) {
        Random r = new Random(h.ordinal() + 1);
        for (int len : new int[] {0, 1, 11, 12, 31, 32, 33, 47, 48, 49, 64, 95, 96, 97, 200}) {
            byte[] secret = new byte[1 + r.nextInt(80)];
            byte[] seed = new byte[r.nextInt(100)];
            r.nextBytes(secret);
            r.nextBytes(seed);
            assertArrayEquals(BcReference.bctlsPrf(h, secret, "key expansion", seed, len),
                    Prf.compute(h, secret, "key expansion", seed, len), "length " + len);
        }
    }

    @ParameterizedTest
    @EnumSource(PrfHash.class)
    void emptySecretBehavesAsHmacWithEmptyKey(PrfHash h) {
        byte[] seed = hex("00112233");
        assertArrayEquals(BcReference.hmacPrf(h, new byte[0], "x", seed, 70),
                Prf.compute(h, new byte[0], "x", seed, 70));
    }

    @Test
    void inputsAreNotModified() {
        byte[] secret = hex("0102030405");
        byte[] seed = hex("a0a1a2");
        Prf.compute(PrfHash.SHA256, secret, "l", seed, 100);
        assertArrayEquals(hex("0102030405"), secret);
        assertArrayEquals(hex("a0a1a2"), seed);
    }

    @Test
    void negativeLengthRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Prf.compute(PrfHash.SHA256, new byte[1], "l", new byte[0], -1));
    }
}
