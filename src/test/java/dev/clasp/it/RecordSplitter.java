package dev.clasp.it;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Re-frames one direction of a TLS byte stream: every plaintext handshake record (those before the sender's
 * ChangeCipherSpec) is cut into records of at most {@code size} bytes, so each handshake message spans many
 * records. Protected records pass unchanged. Works on whole records; a partial record is kept for the next call.
 */
final class RecordSplitter {
    private final int size;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean ccsSeen;
    int recordsOut;

    RecordSplitter(int size) {
        this.size = size;
    }

    /** Takes newly wrapped bytes, returns the re-framed bytes of every complete record so far. */
    byte[] apply(byte[] in) {
        pending.writeBytes(in);
        byte[] buf = pending.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (buf.length - pos >= 5) {
            int type = buf[pos] & 0xFF;
            int len = ((buf[pos + 3] & 0xFF) << 8) | (buf[pos + 4] & 0xFF);
            if (buf.length - pos < 5 + len) {
                break;
            }
            if (type == 22 && !ccsSeen) {
                for (int off = 0; off < len; off += size) {
                    int n = Math.min(size, len - off);
                    out.write(buf, pos, 3);
                    out.write(n >>> 8);
                    out.write(n);
                    out.write(buf, pos + 5 + off, n);
                    recordsOut++;
                }
            } else {
                if (type == 20) {
                    ccsSeen = true;
                }
                out.write(buf, pos, 5 + len);
                recordsOut++;
            }
            pos += 5 + len;
        }
        pending.reset();
        pending.write(buf, pos, buf.length - pos);
        return out.toByteArray();
    }

    static byte[] drain(ByteBuffer b) {
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        b.clear();
        return out;
    }
}
