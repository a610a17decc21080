package dev.clasp.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Retained heap per idle connected engine pair: {@code java ... RetainedHeap PROVIDER [PAIRS]} handshakes PAIRS
 * client/server pairs (ECDSA P-256, AES-128-GCM, x25519), keeps them referenced, and prints the growth of the
 * live heap after full collections divided by PAIRS, as {@code retained PROVIDER BYTES}. Whatever the pairs keep
 * alive counts (the server's session cache entries too); native memory (Conscrypt's BoringSSL objects) does not.
 * Run it in its own JVM with a non-concurrent collector (BenchRunner uses -XX:+UseSerialGC).
 */
public final class RetainedHeap {
    private RetainedHeap() {
    }

    public static void main(String[] args) throws Exception {
        Peer peer = Peer.valueOf(args[0]);
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        SSLContext ctx = peer.context(Peer.keyStore("EC"));
        String suite = Peer.bulkSuite("AES128GCM");
        Pipe pipe = new Pipe(false);
        // Warm up: class loading, caches, JIT-built structures, then a baseline with everything shared in place.
        List<SSLEngine> keep = new ArrayList<>(2 * pairs);
        connect(peer, ctx, suite, pipe, 50, keep);
        keep.clear();
        long before = liveHeap();
        connect(peer, ctx, suite, pipe, pairs, keep);
        long after = liveHeap();
        System.out.println("retained " + peer + " " + (after - before) / pairs + " " + keep.size());
    }

    private static void connect(Peer peer, SSLContext ctx, String suite, Pipe pipe, int n, List<SSLEngine> keep)
            throws Exception {
        for (int i = 0; i < n; i++) {
            SSLEngine client = peer.engine(ctx, true, suite, null, 0);
            SSLEngine server = peer.engine(ctx, false, suite, null, 0);
            pipe.handshake(client, server, false);
            keep.add(client);
            keep.add(server);
        }
    }

    private static long liveHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
