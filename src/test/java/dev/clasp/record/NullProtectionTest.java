package dev.clasp.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class NullProtectionTest {
    @Test
    void copiesBytesBothWays() throws Exception {
        NullProtection p = NullProtection.INSTANCE;
        assertEquals(0, p.expansion());
        byte[] pt = {1, 2, 3, 4, 5};
        ByteBuffer src = ByteBuffer.wrap(pt);
        ByteBuffer dst = ByteBuffer.allocateDirect(10).position(2);
        assertEquals(5, p.seal(ContentType.HANDSHAKE, 0x0303, 0, src, dst));
        assertEquals(5, src.position());
        assertEquals(7, dst.position());
        ByteBuffer out = ByteBuffer.allocate(5);
        assertEquals(5, p.open(ContentType.HANDSHAKE, 0x0303, 0, dst.flip().position(2), out));
        assertArrayEquals(pt, out.array());
    }

    @Test
    void emptyAndInPlace() throws Exception {
        NullProtection p = NullProtection.INSTANCE;
        assertEquals(0, p.seal(ContentType.ALERT, 0x0303, 1, ByteBuffer.allocate(0), ByteBuffer.allocate(0)));
        byte[] arr = {9, 1, 2, 3, 0};
        ByteBuffer whole = ByteBuffer.wrap(arr);
        ByteBuffer src = whole.duplicate().position(1).limit(4);
        ByteBuffer dst = whole.duplicate().position(2);
        assertEquals(3, p.open(ContentType.ALERT, 0x0303, 1, src, dst));
        assertArrayEquals(new byte[] {9, 1, 1, 2, 3}, arr);
        ByteBuffer same = ByteBuffer.wrap(new byte[] {4, 5});
        assertEquals(2, p.seal(ContentType.ALERT, 0x0303, 1, same, same));
        assertEquals(2, same.position());
    }
}
