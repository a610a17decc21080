package dev.clasp.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.message.ClientHello;
import dev.clasp.message.ext.Extension;
import dev.clasp.message.ext.MaxFragmentLengthExtension;
import dev.clasp.message.ext.RecordSizeLimitExtension;
import dev.clasp.suite.CipherSuite;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server's rules for max_fragment_length beside record_size_limit (RFC 8449 5) and across resumption
 * (RFC 6066 4), and the ticket carrying the length (RFC 5077 4 StatePlaintext).
 */
class RecordSizeNegotiationTest {

    static ClientHello hello(Extension... ext) {
        return new ClientHello(0x0303, new byte[32], new byte[0],
                List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.id()), new byte[] {0},
                new ArrayList<>(List.of(ext)));
    }

    @Test
    void recordSizeLimitMakesTheServerIgnoreMaxFragmentLength() {
        assertEquals(1024, RecordSizeNegotiation.requested(hello(MaxFragmentLengthExtension.ofLength(1024))));
        assertEquals(0, RecordSizeNegotiation.requested(hello(MaxFragmentLengthExtension.ofLength(1024),
                new RecordSizeLimitExtension(1024))));
        assertEquals(0, RecordSizeNegotiation.requested(hello()));
    }

    @Test
    void aSessionResumesOnlyWithItsOwnLength() {
        SessionState cached = new SessionState();
        cached.maxFragmentLength = 2048;
        assertTrue(RecordSizeNegotiation.mayResume(hello(MaxFragmentLengthExtension.ofLength(2048)), cached));
        assertFalse(RecordSizeNegotiation.mayResume(hello(MaxFragmentLengthExtension.ofLength(512)), cached));
        assertFalse(RecordSizeNegotiation.mayResume(hello(), cached));
        assertFalse(RecordSizeNegotiation.mayResume(hello(MaxFragmentLengthExtension.ofLength(2048),
                new RecordSizeLimitExtension(2048)), cached));
        cached.maxFragmentLength = 0;
        assertTrue(RecordSizeNegotiation.mayResume(hello(new RecordSizeLimitExtension(100)), cached));
        assertFalse(RecordSizeNegotiation.mayResume(hello(MaxFragmentLengthExtension.ofLength(4096)), cached));
    }

    @Test
    void ticketsCarryTheLength() throws Exception {
        for (int length : new int[] {0, 512, 1024, 2048, 4096}) {
            SessionState s = new SessionState();
            s.sessionId = new byte[32];
            s.cipherSuite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
            s.extendedMasterSecret = true;
            s.encryptThenMac = length == 1024;
            s.maxFragmentLength = length;
            SessionState back = SessionTicketCodec.decode(SessionTicketCodec.encode(s, new byte[48], new byte[0]),
                    id -> null);
            assertEquals(length, back.maxFragmentLength);
            assertEquals(length == 1024, back.encryptThenMac);
            assertTrue(back.extendedMasterSecret);
        }
    }
}
