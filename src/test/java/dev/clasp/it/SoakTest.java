package dev.clasp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.ClaspSSLSession;
import dev.clasp.it.TestPki.Peer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 6 "Concurrency and load": a loopback soak. 32 concurrent Clasp SSLSocket clients run echo
 * connections, mixed full and resumed handshakes, random payloads of 0..40000 bytes written in chunks up to
 * 20000 (so records are both split and full), every byte checked on the way back, against (a) a Clasp
 * SSLServerSocket and (b) an NIO Selector server driving Clasp SSLEngines ({@link NioEchoServer}).
 * Bounded by count and time: {@code -Dclasp.soak.connections=5000 -Dclasp.soak.seconds=120} runs a big one.
 * Afterwards the threads are gone, every socket and engine is collectable (weak references cleared after GC:
 * a session cache or server that kept them would fail this), and the heap is back near its baseline.
 */
@Timeout(600)
class SoakTest {
    private static final int CLIENTS = Integer.getInteger("clasp.soak.clients", 32);
    private static final int CONNECTIONS = Integer.getInteger("clasp.soak.connections", 160);
    private static final int SECONDS = Integer.getInteger("clasp.soak.seconds", 5);
    /** Weak references kept for the leak check; bounded so a big soak does not itself hold memory. */
    private static final int TRACKED = 2000;

    interface Server extends AutoCloseable {
        int port();

        @Override
        void close() throws Exception;
    }

    @Test
    void socketServer() throws Exception {
        SSLContext sctx = TestPki.context(Peer.CLASP, "server-ec256.p12");
        soak(tracked -> {
            SSLServerSocket ss = (SSLServerSocket) sctx.getServerSocketFactory()
                    .createServerSocket(0, CLIENTS * 2, InetAddress.getLoopbackAddress());
            ExecutorService handlers = Executors.newCachedThreadPool();
            Thread acceptor = new Thread(() -> {
                while (!ss.isClosed()) {
                    try {
                        SSLSocket s = (SSLSocket) ss.accept();
                        track(tracked, s);
                        handlers.submit(() -> echo(s));
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            }, "soak-acceptor");
            acceptor.start();
            return new Server() {
                @Override
                public int port() {
                    return ss.getLocalPort();
                }

                @Override
                public void close() throws Exception {
                    ss.close();
                    acceptor.join(10_000);
                    handlers.shutdown();
                    assertTrue(handlers.awaitTermination(30, TimeUnit.SECONDS), "socket handlers finished");
                }
            };
        });
    }

    @Test
    void nioEngineServer() throws Exception {
        SSLContext sctx = TestPki.context(Peer.CLASP, "server-ec256.p12");
        soak(tracked -> {
            NioEchoServer server = new NioEchoServer(sctx, e -> track(tracked, e));
            return new Server() {
                @Override
                public int port() {
                    return server.port();
                }

                @Override
                public void close() throws Exception {
                    server.close();
                    assertEquals(null, server.failure(), "the NIO server loop failed");
                }
            };
        });
    }

    private static Void echo(SSLSocket s) {
        try (s) {
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[24_000];
            for (int n; (n = in.read(buf)) >= 0;) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the client checks every byte; a failure on this side shows up there
        }
        return null;
    }

    private static void track(Queue<WeakReference<Object>> tracked, Object o) {
        if (tracked.size() < TRACKED) {
            tracked.add(new WeakReference<>(o));
        }
    }

    interface ServerFactory {
        Server start(Queue<WeakReference<Object>> tracked) throws Exception;
    }

    private static void soak(ServerFactory factory) throws Exception {
        long heapBefore = usedHeapAfterGc();
        int threadsBefore = Thread.activeCount();
        Queue<WeakReference<Object>> tracked = new ConcurrentLinkedQueue<>();
        SSLContext cctx = TestPki.context(Peer.CLASP, null);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger resumed = new AtomicInteger();
        AtomicInteger full = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (Server server = factory.start(tracked)) {
            List<Future<Void>> runs = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                runs.add(clients.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < CONNECTIONS && System.nanoTime() < deadline;) {
                        bytes.addAndGet(connection(cctx, server.port(), i, tracked, resumed, full));
                    }
                    return null;
                }));
            }
            for (Future<Void> f : runs) {
                f.get(SECONDS + 120L, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
            assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
        }
        int done = resumed.get() + full.get();
        assertTrue(done >= Math.min(CONNECTIONS, 2 * CLIENTS), "only " + done + " connections in " + SECONDS + " s");
        assertTrue(resumed.get() > 0 && full.get() > 0, "mixed handshakes: " + full + " full, " + resumed + " resumed");
        System.out.printf("soak: %d connections (%d resumed), %d bytes echoed%n", done, resumed.get(), bytes.get());

        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (Thread.activeCount() > threadsBefore + 2 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertTrue(Thread.activeCount() <= threadsBefore + 2,
                "threads released: before " + threadsBefore + ", after " + Thread.activeCount());
        int alive = 0;
        for (int round = 0; round < 50; round++) {
            System.gc();
            alive = 0;
            for (WeakReference<Object> r : tracked) {
                alive += r.get() == null ? 0 : 1;
            }
            if (alive == 0) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(0, alive, "sockets/engines still reachable after the soak, of " + tracked.size());
        long heapAfter = usedHeapAfterGc();
        assertTrue(heapAfter < heapBefore + (64L << 20), "heap " + (heapBefore >> 20) + " MiB before, "
                + (heapAfter >> 20) + " MiB after");
    }

    /** One echo connection: 1..3 payloads, each written in chunks and read back before the next chunk. */
    private static long connection(SSLContext cctx, int port, int i, Queue<WeakReference<Object>> tracked,
            AtomicInteger resumed, AtomicInteger full) throws Exception {
        Random r = new Random(i);
        long echoed = 0;
        try (SSLSocket s = (SSLSocket) cctx.getSocketFactory().createSocket()) {
            track(tracked, s);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 30_000);
            s.setSoTimeout(30_000);
            s.startHandshake();
            ClaspSSLSession session = (ClaspSSLSession) s.getSession();
            (session.isResumed() ? resumed : full).incrementAndGet();
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (int p = 1 + r.nextInt(3); p > 0; p--) {
                byte[] payload = new byte[r.nextInt(40_001)];
                r.nextBytes(payload);
                for (int off = 0; off < payload.length;) {
                    int n = Math.min(payload.length - off, 1 + r.nextInt(20_000));
                    out.write(payload, off, n);
                    out.flush();
                    byte[] back = in.readNBytes(n);
                    assertArrayEquals(java.util.Arrays.copyOfRange(payload, off, off + n), back,
                            "connection " + i + " echoed bytes " + off + ".." + (off + n));
                    off += n;
                    echoed += n;
                }
            }
            if (i % 4 == 0) {
                session.invalidate(); // the next connection from this context makes a full handshake
            }
        }
        return echoed;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
