package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki.Peer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 6 "Concurrency and load", CI-sized: one SSLEngine wrapped by one thread while another unwraps (the JSSE
 * spec allows it), and many concurrent SSLSocket clients against one SSLServerSocket, every byte checked.
 */
@Timeout(120)
class ConcurrencyTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Each engine has a wrap thread and an unwrap thread; records travel through queues. */
    @Test
    void wrapAndUnwrapOnDifferentThreadsAtOnce() throws Exception {
        SSLEngine client = TestPki.context(Peer.CLASP, null).createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        SSLEngine server = TestPki.context(Peer.CLASP, "server-ec256.p12").createSSLEngine();
        server.setUseClientMode(false);
        new EnginePair(client, server).handshake();

        int total = 4 << 20;
        BlockingQueue<byte[]> c2s = new ArrayBlockingQueue<>(64);
        BlockingQueue<byte[]> s2c = new ArrayBlockingQueue<>(64);
        byte[] fromClient = new byte[total];
        byte[] fromServer = new byte[total];
        new Random(3).nextBytes(fromClient);
        new Random(4).nextBytes(fromServer);
        List<Future<byte[]>> readers = new ArrayList<>();
        List<Future<Void>> writers = new ArrayList<>();
        writers.add(pool.submit(() -> pump(client, fromClient, c2s)));
        writers.add(pool.submit(() -> pump(server, fromServer, s2c)));
        readers.add(pool.submit(() -> drain(server, c2s, total)));
        readers.add(pool.submit(() -> drain(client, s2c, total)));
        for (Future<Void> w : writers) {
            w.get(60, TimeUnit.SECONDS);
        }
        assertArrayEquals(fromClient, readers.get(0).get(60, TimeUnit.SECONDS));
        assertArrayEquals(fromServer, readers.get(1).get(60, TimeUnit.SECONDS));
    }

    private static Void pump(SSLEngine e, byte[] data, BlockingQueue<byte[]> out) throws Exception {
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteBuffer net = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        Random r = new Random(data.length);
        for (int i = 0; i < 1_000_000 && src.hasRemaining(); i++) {
            ByteBuffer slice = src.slice();
            slice.limit(Math.min(slice.remaining(), 1 + r.nextInt(20_000)));
            net.clear();
            SSLEngineResult res = e.wrap(slice, net);
            src.position(src.position() + res.bytesConsumed());
            net.flip();
            byte[] rec = new byte[net.remaining()];
            net.get(rec);
            out.put(rec);
        }
        return null;
    }

    private static byte[] drain(SSLEngine e, BlockingQueue<byte[]> in, int total) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream(total);
        ByteBuffer app = ByteBuffer.allocate(e.getSession().getApplicationBufferSize());
        while (got.size() < total) {
            byte[] rec = in.poll(30, TimeUnit.SECONDS);
            if (rec == null) {
                throw new AssertionError("no record within 30 s after " + got.size() + " bytes");
            }
            ByteBuffer net = ByteBuffer.wrap(rec);
            while (net.hasRemaining()) {
                app.clear();
                SSLEngineResult res = e.unwrap(net, app);
                assertEquals(SSLEngineResult.Status.OK, res.getStatus());
                got.write(app.array(), 0, app.position());
            }
        }
        return got.toByteArray();
    }

    /** 24 concurrent clients, each echoing 200 KB through one SSLServerSocket; threads are released after. */
    @Test
    void concurrentSocketClientsEchoEveryByte() throws Exception {
        SSLContext sctx = TestPki.context(Peer.CLASP, "server-rsa.p12");
        SSLContext cctx = TestPki.context(Peer.CLASP, null);
        int clients = 24;
        int size = 200_000;
        int threadsBefore = Thread.activeCount();
        try (SSLServerSocket ss = (SSLServerSocket) sctx.getServerSocketFactory()
                .createServerSocket(0, clients, InetAddress.getLoopbackAddress())) {
            ss.setSoTimeout(60_000);
            Future<Void> acceptor = pool.submit(() -> {
                for (int i = 0; i < clients; i++) {
                    SSLSocket s = (SSLSocket) ss.accept();
                    pool.submit(() -> {
                        try (s) {
                            s.setSoTimeout(60_000);
                            DataInputStream in = new DataInputStream(s.getInputStream());
                            int n = in.readInt();
                            byte[] buf = in.readNBytes(n);
                            s.getOutputStream().write(buf);
                            s.getOutputStream().flush();
                        }
                        return null;
                    });
                }
                return null;
            });
            List<Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int seed = c;
                results.add(pool.submit(() -> {
                    byte[] data = new byte[size];
                    new Random(seed).nextBytes(data);
                    try (SSLSocket s = (SSLSocket) cctx.getSocketFactory().createSocket("localhost", ss.getLocalPort())) {
                        s.setSoTimeout(60_000);
                        Future<Void> w = pool.submit(() -> {
                            DataOutputStream out = new DataOutputStream(s.getOutputStream());
                            out.writeInt(size);
                            out.write(data);
                            out.flush();
                            return null;
                        });
                        byte[] back = s.getInputStream().readNBytes(size);
                        w.get(60, TimeUnit.SECONDS);
                        return java.util.Arrays.equals(data, back);
                    }
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(90, TimeUnit.SECONDS), "every byte came back");
            }
            acceptor.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Thread.activeCount() > threadsBefore + 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Thread.activeCount() <= threadsBefore + 2,
                "threads released: before " + threadsBefore + ", after " + Thread.activeCount());
    }
}
