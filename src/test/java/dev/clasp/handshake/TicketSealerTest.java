package dev.clasp.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SNIHostName;
import org.junit.jupiter.api.Test;

/** RFC 5077 4 tickets: the sealed state round-trips, and every kind of bad ticket opens as null (full handshake). */
class TicketSealerTest {
    private static final long HOUR = 3_600_000L;
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final TicketSealer sealer = new TicketSealer(new SecureRandom(), now::get, HOUR, () -> 86400);

    private static SessionState session() throws Exception {
        KeyStore ks = TestPki.load("client-ec.p12");
        String alias = ks.aliases().nextElement();
        SessionState s = new SessionState();
        s.sessionId = new byte[32];
        Arrays.fill(s.sessionId, (byte) 7);
        s.cipherSuite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384;
        s.namedGroup = NamedGroup.SECP384R1;
        s.localSignatureScheme = SignatureScheme.ECDSA_SECP256R1_SHA256;
        s.peerSignatureScheme = SignatureScheme.RSA_PSS_RSAE_SHA256;
        s.peerSupportedSignatureSchemes = List.of(SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.ED25519);
        s.peerCertificates = new X509Certificate[] {(X509Certificate) ks.getCertificate(alias)};
        s.requestedServerNames = List.of(new SNIHostName("secret-host.example.org"));
        s.extendedMasterSecret = true;
        s.applicationProtocol = "h2";
        s.creationTime = 1_699_999_000_000L;
        return s;
    }

    private static byte[] master() {
        byte[] m = new byte[48];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) (0xA0 + i);
        }
        return m;
    }

    @Test
    void roundTripKeepsEverythingTheSessionExposes() throws Exception {
        SessionState in = session();
        byte[] ticket = sealer.seal(in, master());
        TicketSealer.Opened o = sealer.open(ticket);
        assertNotNull(o);
        assertTrue(o.currentKey());
        SessionState out = o.session();
        assertArrayEquals(master(), out.masterSecret());
        assertArrayEquals(in.sessionId, out.sessionId);
        assertEquals(in.cipherSuite, out.cipherSuite);
        assertEquals(in.namedGroup, out.namedGroup);
        assertEquals(in.localSignatureScheme, out.localSignatureScheme);
        assertEquals(in.peerSignatureScheme, out.peerSignatureScheme);
        assertEquals(in.peerSupportedSignatureSchemes, out.peerSupportedSignatureSchemes);
        assertArrayEquals(in.peerCertificates, out.peerCertificates);
        assertNull(out.localCertificates);
        assertEquals(in.requestedServerNames, out.requestedServerNames);
        assertTrue(out.extendedMasterSecret);
        assertEquals("h2", out.applicationProtocol);
        assertEquals(in.creationTime, out.creationTime);
        assertTrue(out.isResumable());
    }

    /**
     * The server's own chain comes back from the sealer's memory, not from the ticket, which is then much smaller
     * than the chain; a ticket whose chain the sealer has since forgotten (more than MAX_LOCAL_CHAINS other chains
     * sealed after it) does not open.
     */
    @Test
    void localChainIsNamedNotCarried() throws Exception {
        KeyStore ks = TestPki.load("server-ec256.p12");
        String alias = ks.aliases().nextElement();
        X509Certificate[] chain = Arrays.stream(ks.getCertificateChain(alias))
                .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        SessionState without = session();
        int base = sealer.seal(without, master()).length;
        SessionState in = session();
        in.localCertificates = chain;
        byte[] ticket = sealer.seal(in, master());
        int chainBytes = 0;
        for (X509Certificate c : chain) {
            chainBytes += c.getEncoded().length;
        }
        assertTrue(ticket.length <= base + 33, ticket.length + " bytes; " + base + " without a chain of "
                + chainBytes);
        SessionState out = sealer.open(ticket).session();
        assertArrayEquals(chain, out.localCertificates);
        assertTrue(out.localCertificates != chain, "a copy of the array");

        KeyStore other = TestPki.load("client-ec.p12");
        X509Certificate otherCert = (X509Certificate) other.getCertificate(other.aliases().nextElement());
        for (int i = 0; i < TicketSealer.MAX_LOCAL_CHAINS; i++) {
            SessionState s = session();
            s.localCertificates = new X509Certificate[i + 1];
            Arrays.fill(s.localCertificates, otherCert); // a different chain each time
            sealer.seal(s, master());
        }
        assertNull(sealer.open(ticket));
    }

    @Test
    void ticketRevealsNothingInTheClear() throws Exception {
        byte[] ticket = sealer.seal(session(), master());
        assertFalse(contains(ticket, master()), "master secret in the clear");
        assertFalse(contains(ticket, Arrays.copyOf(master(), 8)), "part of the master secret in the clear");
        assertFalse(contains(ticket, "secret-host".getBytes(StandardCharsets.US_ASCII)), "SNI in the clear");
        byte[] certPart = Arrays.copyOfRange(session().peerCertificates[0].getEncoded(), 20, 40);
        assertFalse(contains(ticket, certPart), "certificate in the clear");
        // and two tickets for the same state differ (fresh nonce): no linking by ciphertext
        assertFalse(Arrays.equals(ticket, sealer.seal(session(), master())));
    }

    @Test
    void everyTamperedByteIsRefused() throws Exception {
        byte[] ticket = sealer.seal(session(), master());
        for (int i = 0; i < ticket.length; i += Math.max(1, ticket.length / 97)) {
            byte[] t = ticket.clone();
            t[i] ^= 0x01;
            assertNull(sealer.open(t), "flipped byte " + i + " of " + ticket.length);
        }
        assertNull(sealer.open(Arrays.copyOf(ticket, ticket.length - 1)), "truncated");
        assertNull(sealer.open(Arrays.copyOf(ticket, ticket.length + 1)), "extended");
        assertNull(sealer.open(new byte[0]));
        assertNull(sealer.open(new byte[20]));
        assertNotNull(sealer.open(ticket), "the original still opens");
    }

    @Test
    void anotherSealersTicketIsRefused() throws Exception {
        TicketSealer other = new TicketSealer(new SecureRandom(), now::get, HOUR, () -> 86400);
        byte[] ticket = other.seal(session(), master());
        assertNull(sealer.open(ticket), "unknown key name");
        // same key name, other key: the AEAD refuses it
        byte[] mine = sealer.seal(session(), master());
        System.arraycopy(mine, 0, ticket, 0, TicketSealer.KEY_NAME_LENGTH);
        assertNull(sealer.open(ticket), "right key name, wrong key");
    }

    @Test
    void expiredTicketIsRefused() throws Exception {
        SessionState s = session();
        s.creationTime = now.get();
        byte[] ticket = sealer.seal(s, master());
        now.addAndGet(50 * 60_000L);
        assertNotNull(sealer.open(ticket), "within the session timeout");
        TicketSealer shortLived = new TicketSealer(new SecureRandom(), now::get, HOUR, () -> 60);
        byte[] t2 = shortLived.seal(s, master());
        assertNull(shortLived.open(t2), "older than the 60 s timeout");
        s.creationTime = now.get() + 3_600_000L;
        assertNull(shortLived.open(shortLived.seal(s, master())), "created in the future");
    }

    @Test
    void oldKeyOpensForOneRotationThenNot() throws Exception {
        SessionState s = session();
        s.creationTime = now.get();
        byte[] ticket = sealer.seal(s, master());
        now.addAndGet(HOUR + 1);
        TicketSealer.Opened o = sealer.open(ticket);
        assertNotNull(o, "the previous key still opens");
        assertFalse(o.currentKey(), "so the server renews the ticket");
        byte[] fresh = sealer.seal(s, master());
        assertFalse(Arrays.equals(Arrays.copyOf(ticket, 16), Arrays.copyOf(fresh, 16)), "a new key name");
        assertTrue(sealer.open(fresh).currentKey());
        now.addAndGet(HOUR + 1);
        assertNull(sealer.open(ticket), "two rotations later the old key is gone");
        assertNotNull(sealer.open(fresh), "the previous key still opens");
    }

    @Test
    void lifetimeHintIsTheSessionTimeout() {
        assertEquals(86400, sealer.lifetimeHintSeconds());
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
