package dev.clasp.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.suite.NamedGroup;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 7919 groups, DH public value validation (RFC 7919 5.1, SP 800-56A 5.6.2.3.1) and the premaster secret. */
class DheKeyShareTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BigInteger P = FfdheGroups.prime(NamedGroup.FFDHE2048);

    static Stream<NamedGroup> ffdhe() {
        return Stream.of(NamedGroup.values()).filter(g -> g.kind() == NamedGroup.Kind.FFDHE);
    }

    /** RFC 7919 A: p = 2^b - 2^{b-64} + {[2^{b-130} e] + X} * 2^64 - 1: 64 one bits at each end, a safe prime. */
    @ParameterizedTest
    @MethodSource("ffdhe")
    void groupsAreTheRfc7919SafePrimes(NamedGroup g) {
        BigInteger p = FfdheGroups.prime(g);
        int bits = g.fieldLength() * 8;
        assertEquals(bits, p.bitLength());
        BigInteger ones = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        assertEquals(ones, p.and(ones), "low 64 bits");
        assertEquals(ones, p.shiftRight(bits - 64), "high 64 bits");
        if (bits <= 3072) { // the larger ones take too long for every run; they share the construction
            assertTrue(p.isProbablePrime(20), "p prime");
            assertTrue(p.shiftRight(1).isProbablePrime(20), "q = (p-1)/2 prime");
        }
        assertEquals(g, FfdheGroups.identify(p, BigInteger.TWO));
        assertNull(FfdheGroups.identify(p, BigInteger.valueOf(5)));
        assertEquals("DH", g.jcaName());
        assertTrue(NamedGroup.isFfdheId(g.id()));
        assertFalse(g.kind().isElliptic());
    }

    @ParameterizedTest
    @MethodSource("ffdhe")
    void bothSidesAgree(NamedGroup g) throws Exception {
        if (g.fieldLength() > 512) {
            return; // ffdhe6144/8192 are exercised by the interop tests
        }
        DheKeyShare a = DheKeyShare.generate(g, RANDOM);
        DheKeyShare b = DheKeyShare.generate(a.p(), a.g(), RANDOM);
        assertEquals(g.fieldLength(), a.publicValue().length, "public value padded to the length of p");
        byte[] z1 = a.agree(b.publicValue());
        byte[] z2 = b.agree(a.publicValue());
        assertArrayEquals(z1, z2);
        assertNotEquals(0, z1[0], "RFC 5246 8.1.2: no leading zero byte");
        assertFalse(a.toString().contains(new BigInteger(1, a.publicValue()).toString(16)));
    }

    @Test
    void leadingZerosAreStripped() {
        assertArrayEquals(new byte[] {1, 2}, DheKeyShare.stripLeadingZeros(new byte[] {0, 0, 1, 2}));
        assertArrayEquals(new byte[] {5}, DheKeyShare.stripLeadingZeros(new byte[] {5}));
        assertArrayEquals(new byte[] {0}, DheKeyShare.stripLeadingZeros(new byte[] {0, 0}));
    }

    /** Many agreements: about 1 in 256 secrets starts with a zero byte, and both sides must strip it alike. */
    @Test
    void leadingZeroSecretsAgreeAcrossPeers() throws Exception {
        DheKeyShare a = DheKeyShare.generate(NamedGroup.FFDHE2048, RANDOM);
        int shorter = 0;
        for (int i = 0; i < 4000 && shorter == 0; i++) {
            DheKeyShare b = DheKeyShare.generate(P, BigInteger.TWO, RANDOM);
            byte[] z = a.agree(b.publicValue());
            assertArrayEquals(z, b.agree(a.publicValue()));
            if (z.length < 256) {
                shorter++;
            }
        }
        assertTrue(shorter > 0, "no secret with a leading zero in 4000 tries (chance ~2e-7)");
    }

    static Stream<BigInteger> badPublicValues() {
        return Stream.of(BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE), P, P.add(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(4096));
    }

    @ParameterizedTest
    @MethodSource("badPublicValues")
    void badPublicValuesAreIllegalParameter(BigInteger y) {
        DheKeyShare share = DheKeyShare.generate(NamedGroup.FFDHE2048, RANDOM);
        byte[] wire = y.signum() == 0 ? new byte[256] : DheKeyShare.unsignedBytes(y);
        TlsAlertException e = assertThrows(TlsAlertException.class, () -> share.agree(wire));
        assertEquals(AlertDescription.ILLEGAL_PARAMETER, e.description());
        assertTrue(e.getMessage().contains("RFC 7919 5.1"), e.getMessage());
    }

    @Test
    void smallPrimeIsInsufficientSecurity() {
        BigInteger p1024 = new BigInteger(1, DheKeyShare.unsignedBytes(BigInteger.ONE.shiftLeft(1023).add(BigInteger.valueOf(1155))));
        TlsAlertException e = assertThrows(TlsAlertException.class,
                () -> DheKeyShare.checkGroup(p1024, BigInteger.TWO, DheKeyShare.MIN_PRIME_BITS));
        assertEquals(AlertDescription.INSUFFICIENT_SECURITY, e.description());
        BigInteger p2047 = P.shiftRight(1);
        e = assertThrows(TlsAlertException.class,
                () -> DheKeyShare.checkGroup(p2047, BigInteger.TWO, DheKeyShare.MIN_PRIME_BITS));
        assertEquals(AlertDescription.INSUFFICIENT_SECURITY, e.description());
    }

    @Test
    void malformedGroupsAreIllegalParameter() throws Exception {
        DheKeyShare.checkGroup(P, BigInteger.TWO, DheKeyShare.MIN_PRIME_BITS);
        for (BigInteger g : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE), P}) {
            TlsAlertException e = assertThrows(TlsAlertException.class,
                    () -> DheKeyShare.checkGroup(P, g, DheKeyShare.MIN_PRIME_BITS));
            assertEquals(AlertDescription.ILLEGAL_PARAMETER, e.description(), "g=" + g);
        }
        TlsAlertException e = assertThrows(TlsAlertException.class,
                () -> DheKeyShare.checkGroup(P.add(BigInteger.ONE), BigInteger.TWO, DheKeyShare.MIN_PRIME_BITS));
        assertEquals(AlertDescription.ILLEGAL_PARAMETER, e.description(), "even p");
        BigInteger huge = BigInteger.ONE.shiftLeft(8200).add(BigInteger.ONE);
        e = assertThrows(TlsAlertException.class,
                () -> DheKeyShare.checkGroup(huge, BigInteger.TWO, DheKeyShare.MIN_PRIME_BITS));
        assertEquals(AlertDescription.ILLEGAL_PARAMETER, e.description(), "p above 8192 bits");
    }

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"X25519", "SECP256R1"})
    void curvesAreNotFiniteFieldGroups(NamedGroup g) {
        assertThrows(IllegalArgumentException.class, () -> DheKeyShare.generate(g, RANDOM));
        assertThrows(IllegalArgumentException.class, () -> FfdheGroups.prime(g));
    }
}
