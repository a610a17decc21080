package dev.clasp.it.nativepeer;

import static dev.clasp.it.nativepeer.NativePeers.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's key log against Wireshark's engine: tshark captures a Clasp client <-> Clasp server session on the
 * loopback interface, and decrypts the application data with the NSS key log Clasp wrote (and cannot without it).
 * Needs the Debian {@code tshark} package and capture rights on {@code lo} (root, or dumpcap's capabilities);
 * skipped without tshark unless CI=true.
 */
class TsharkDecryptTest {
    private static final String MARKER = "clasp-keylog-marker-7f3a";
    private static final int BULK = 4 << 20;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void requireTshark() {
        NativeProcess.require("tshark");
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static void awaitCaptureSees(NativeProcess tshark, java.net.ServerSocket probe) throws Exception {
        String port = Integer.toString(probe.getLocalPort());
        long end = System.nanoTime() + TIMEOUT.toNanos();
        while (!tshark.output().contains(port)) {
            assertTrue(System.nanoTime() < end, "capture never saw the probe:\n" + tshark.describe());
            try (java.net.Socket s = new java.net.Socket(NativePeers.LOOPBACK, probe.getLocalPort())) {
                s.setSoLinger(true, 0);
            }
            Thread.sleep(200);
        }
    }

    private static boolean awaitCount(NativeProcess p, String what, int count) throws InterruptedException {
        long end = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            if (p.output().split(what, -1).length - 1 >= count) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static String follow(Path capture, int port, int clientPort, Path keyLog) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", capture.toString(), "-d", "tcp.port==" + port + ",tls"));
        if (keyLog != null) {
            cmd.addAll(List.of("-o", "tls.keylog_file:" + keyLog));
        }
        String host = NativePeers.LOOPBACK.getHostAddress();
        cmd.addAll(List.of("-q", "-z", "follow,tls,ascii," + host + ":" + port + "," + host + ":" + clientPort));
        try (NativeProcess p = NativeProcess.start(cmd)) {
            assertEquals(0, p.awaitExit(TIMEOUT), p.describe());
            return p.output();
        }
    }

    @Test
    void tsharkDecryptsACapturedClaspSessionWithTheKeyLog(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("clasp.keys");
        Path capture = dir.resolve("clasp.pcapng");
        SSLContext client = KeyLogTest.withKeyLog(keys, () -> NativePeers.clasp(null));
        SSLContext server = NativePeers.clasp("server-ec256");
        try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 5, NativePeers.LOOPBACK)) {
            int port = ss.getLocalPort();
            int[] clientPort = new int[1];
            ss.setSoTimeout((int) TIMEOUT.toMillis());
            // -P prints each packet as it is written, so the test can wait until the capture has the whole session.
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 50, NativePeers.LOOPBACK);
                    NativeProcess tshark = NativeProcess.start(List.of("tshark", "-i", "lo", "-f",
                            "tcp port " + port + " or tcp port " + probe.getLocalPort(),
                            "-d", "tcp.port==" + port + ",tls", "-P", "-w", capture.toString(),
                            "-a", "duration:120"))) {
                assertTrue(tshark.awaitOutput("Capturing on", TIMEOUT), "tshark cannot capture on lo:\n"
                        + tshark.describe());
                // "Capturing on" can come before packets are really seen (a loaded machine): connect to a probe
                // port until the capture shows it, so the TLS session is captured from its first packet.
                awaitCaptureSees(tshark, probe);
                Future<Void> echo = pool.submit(() -> {
                    try (SSLSocket s = (SSLSocket) ss.accept()) {
                        s.setSoTimeout((int) TIMEOUT.toMillis());
                        byte[] line = s.getInputStream().readNBytes(MARKER.length() + 1);
                        s.getOutputStream().write(line);
                        s.getOutputStream().flush();
                        s.getInputStream().readNBytes(BULK);
                    }
                    return null;
                });
                try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket(NativePeers.LOOPBACK, port)) {
                    c.setSoTimeout((int) TIMEOUT.toMillis());
                    clientPort[0] = c.getLocalPort();
                    c.getOutputStream().write((MARKER + "\n").getBytes(StandardCharsets.US_ASCII));
                    c.getOutputStream().flush();
                    assertEquals(MARKER + "\n",
                            new String(c.getInputStream().readNBytes(MARKER.length() + 1), StandardCharsets.US_ASCII));
                    // Bulk data after the marker: libpcap's TPACKET_V3 ring hands packets to dumpcap a block at a
                    // time, and a few small packets may sit in a block that is not yet retired when we stop.
                    c.getOutputStream().write(new byte[BULK]);
                    c.getOutputStream().flush();
                }
                echo.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                // The marker, its echo and bulk records after them: once the capture shows bulk records, the
                // handshake and the marker are in the file (the tail of the session may still be in the ring).
                assertTrue(awaitCount(tshark, "Application Data", 4), "capture incomplete:\n" + tshark.describe());
                // SIGTERM: tshark stops dumpcap, which writes out what it holds; a kill would lose packets.
                assertTrue(tshark.terminate(Duration.ofSeconds(30)), "tshark did not stop:\n" + tshark.describe());
            }
            assertTrue(Files.size(capture) > 0, "empty capture");
            assertEquals(1, KeyLogTest.lines(keys).size(), "one CLIENT_RANDOM line");

            String decrypted = follow(capture, port, clientPort[0], keys);
            if (!decrypted.contains(MARKER)) {
                String packets;
                try (NativeProcess list = NativeProcess.start(List.of("tshark", "-r", capture.toString()))) {
                    list.awaitExit(TIMEOUT);
                    packets = list.output();
                }
                throw new AssertionError("tshark did not decrypt the session:\n" + decrypted + "\npackets:\n" + packets
                        + "\nkey log: " + Files.readString(keys).length() + " chars");
            }
            String withoutKeys = follow(capture, port, clientPort[0], null);
            assertFalse(withoutKeys.contains(MARKER), "the marker is readable without keys:\n" + withoutKeys);
        }
    }
}
