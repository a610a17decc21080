package dev.clasp.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clasp.suite.PrfHash;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TranscriptHashTest {
    @ParameterizedTest
    @EnumSource(PrfHash.class)
    void currentMatchesMessageDigestBeforeAndAfterSelect(PrfHash h) throws Exception {
        Random r = new Random(42);
        TranscriptHash t = new TranscriptHash();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        assertNull(t.hash());
        // Bytes fed before the hash is known (ClientHello, ServerHello) ...
        for (int i = 0; i < 3; i++) {
            feed(t, all, r, 1 + r.nextInt(3000));
        }
        t.select(h);
        assertEquals(h, t.hash());
        assertArrayEquals(digest(h, all.toByteArray()), t.current());
        // ... then more, with current() taken in between several times: it must not disturb the running hash.
        for (int i = 0; i < 5; i++) {
            feed(t, all, r, r.nextInt(5000));
            assertArrayEquals(digest(h, all.toByteArray()), t.current());
            assertArrayEquals(digest(h, all.toByteArray()), t.current());
        }
        assertArrayEquals(all.toByteArray(), t.messagesSoFar());
        assertEquals(all.size(), t.length());
    }

    @Test
    void selectOnEmptyTranscript() throws Exception {
        TranscriptHash t = new TranscriptHash();
        t.select(PrfHash.SHA384);
        assertArrayEquals(digest(PrfHash.SHA384, new byte[0]), t.current());
        assertArrayEquals(new byte[0], t.messagesSoFar());
    }

    @Test
    void updateHonoursOffsetAndLength() throws Exception {
        TranscriptHash t = new TranscriptHash();
        byte[] b = {9, 9, 1, 2, 3, 9};
        t.update(b, 2, 3);
        t.select(PrfHash.SHA256);
        t.update(b, 0, 0);
        assertArrayEquals(new byte[] {1, 2, 3}, t.messagesSoFar());
        assertArrayEquals(digest(PrfHash.SHA256, new byte[] {1, 2, 3}), t.current());
        assertThrows(IndexOutOfBoundsException.class, () -> t.update(b, 4, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> t.update(b, -1, 1));
    }

    @Test
    void misuseIsAnIllegalState() {
        TranscriptHash t = new TranscriptHash();
        assertThrows(IllegalStateException.class, t::current);
        t.select(PrfHash.SHA256);
        assertThrows(IllegalStateException.class, () -> t.select(PrfHash.SHA384));
    }

    @Test
    void messagesSoFarIsACopy() {
        TranscriptHash t = new TranscriptHash();
        t.update(new byte[] {1, 2}, 0, 2);
        byte[] copy = t.messagesSoFar();
        copy[0] = 7;
        assertArrayEquals(new byte[] {1, 2}, t.messagesSoFar());
    }

    @Test
    void releasedMessagesKeepTheRunningDigest() throws Exception {
        TranscriptHash t = new TranscriptHash();
        assertThrows(IllegalStateException.class, t::releaseMessages); // nothing selected yet
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Random r = new Random(11);
        feed(t, all, r, 5000);
        t.select(PrfHash.SHA256);
        t.releaseMessages();
        assertThrows(IllegalStateException.class, t::messagesSoFar);
        assertArrayEquals(digest(PrfHash.SHA256, all.toByteArray()), t.current());
        feed(t, all, r, 300); // e.g. a later handshake message: still hashed, no longer kept
        assertArrayEquals(digest(PrfHash.SHA256, all.toByteArray()), t.current());
    }

    /** A closed transcript (handshake over) keeps nothing and refuses every later use rather than hashing on. */
    @Test
    void closedTranscriptRefusesUse() throws Exception {
        TranscriptHash t = new TranscriptHash();
        feed(t, new ByteArrayOutputStream(), new Random(12), 3000);
        t.select(PrfHash.SHA384);
        t.close();
        assertThrows(IllegalStateException.class, t::current);
        assertThrows(IllegalStateException.class, t::messagesSoFar);
        assertThrows(IllegalStateException.class, () -> t.update(new byte[4], 0, 4));
        assertThrows(IllegalStateException.class, () -> t.select(PrfHash.SHA256));
    }

    private static void feed(TranscriptHash t, ByteArrayOutputStream all, Random r, int n) {
        byte[] b = new byte[n + 10];
        r.nextBytes(b);
        t.update(b, 5, n);
        all.write(b, 5, n);
    }

    private static byte[] digest(PrfHash h, byte[] b) throws Exception {
        return MessageDigest.getInstance(h.digestAlgorithm()).digest(b);
    }
}
