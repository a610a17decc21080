package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * A pass-through {@link MitmPair.Tamper} that notes every record on the wire: direction, content type, fragment
 * length, and whether it was protected (sent after that side's ChangeCipherSpec). For tests of record size limits.
 */
final class RecordLog implements MitmPair.Tamper {
    record Rec(boolean fromClient, int index, int type, int length, boolean protectedRecord) {
    }

    final List<Rec> records = new ArrayList<>();
    private boolean clientCcs;
    private boolean serverCcs;

    @Override
    public List<byte[]> onRecord(boolean fromClient, int index, byte[] record) {
        int type = MitmPair.type(record);
        records.add(new Rec(fromClient, index, type, record.length - 5, fromClient ? clientCcs : serverCcs));
        if (type == 20) {
            if (fromClient) {
                clientCcs = true;
            } else {
                serverCcs = true;
            }
        }
        return List.of(record);
    }

    /** The records of one direction that match {@code filter}. */
    List<Rec> of(boolean fromClient, Predicate<Rec> filter) {
        return records.stream().filter(r -> r.fromClient() == fromClient && filter.test(r)).toList();
    }

    /**
     * Every record of one direction sent after the hellos began is within the limit: plaintext records at most
     * {@code limit}, protected ones at most {@code limit + expansion}. The server's records count from its first;
     * the client's from the first it sent after the server's first (its ClientHello may span several records).
     */
    void assertWithin(boolean fromClient, int limit, int expansion) {
        int firstServer = 0;
        while (firstServer < records.size() && records.get(firstServer).fromClient()) {
            firstServer++;
        }
        for (Rec r : records.subList(fromClient ? firstServer : 0, records.size()).stream()
                .filter(r -> r.fromClient() == fromClient).toList()) {
            int max = r.protectedRecord() ? limit + expansion : limit;
            assertTrue(r.length() <= max, (fromClient ? "client" : "server") + " sent " + r + " over " + max
                    + "\n" + this);
        }
    }

    /** The largest fragment of one direction's protected (or plaintext) records. */
    int largest(boolean fromClient, boolean protectedRecords, int type) {
        return of(fromClient, r -> r.protectedRecord() == protectedRecords && r.type() == type).stream()
                .mapToInt(Rec::length).max().orElse(0);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Rec r : records) {
            sb.append(r).append('\n');
        }
        return sb.toString();
    }

    /** Runs a handshake through the log, then {@code up} and {@code down} both ways; checks they arrived. */
    static MitmPair exchange(SSLEngine client, SSLEngine server, RecordLog log, int size) {
        byte[] up = data(size, 1);
        byte[] down = data(size, 2);
        MitmPair p = new MitmPair(client, server, log);
        p.offer(true, up);
        p.offer(false, down);
        p.run();
        assertNull(p.clientError(), () -> "client: " + p.clientError() + "\n" + log);
        assertNull(p.serverError(), () -> "server: " + p.serverError() + "\n" + log);
        assertTrue(p.handshakeDone(), "handshake done");
        assertArrayEquals(up, p.serverReceived(), "client to server");
        assertArrayEquals(down, p.clientReceived(), "server to client");
        return p;
    }

    static byte[] data(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A field of Clasp's session state (ClaspSSLSession.state() is package-private), read reflectively. */
    static int stateField(SSLSession session, String name) throws Exception {
        Method state = session.getClass().getDeclaredMethod("state");
        state.setAccessible(true);
        Object s = state.invoke(session);
        Field f = s.getClass().getField(name);
        return f.getInt(s);
    }
}
