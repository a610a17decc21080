package dev.clasp.it.nativepeer;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A native peer program ({@code openssl}, {@code gnutls-*}) run for one test: stderr merged into stdout, output
 * collected by a thread into a buffer (so the program never blocks on a full pipe), every wait bounded, and
 * {@link #close()} always ends the process (destroy, then destroyForcibly after a grace period).
 */
final class NativeProcess implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final Thread reader;
    private final StringBuilder output = new StringBuilder();

    private NativeProcess(List<String> command, Process process) {
        this.command = command;
        this.process = process;
        this.reader = new Thread(this::pump, "native-output-" + command.get(0));
        reader.setDaemon(true);
        reader.start();
    }

    static NativeProcess start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(dev.clasp.it.TestPki.dir().toFile());
        return new NativeProcess(List.copyOf(command), pb.start());
    }

    /**
     * Skips the calling test when {@code program} is not on the PATH (called per test, so skips stay visible
     * in the report), unless {@code CI=true}: there a missing program fails the run (ENGINEERING.md section 4,
     * tier 6), so a missing install step cannot hide.
     */
    static void require(String program) {
        String path = System.getenv("PATH");
        boolean found = false;
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir, program);
                if (f.isFile() && f.canExecute()) {
                    found = true;
                    break;
                }
            }
        }
        if (!found) {
            String msg = "native peer program '" + program + "' is not on the PATH";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(msg + " (CI=true: install openssl and gnutls-bin, see .ci/run)");
            }
            Assumptions.abort(msg + " (skipped outside CI)");
        }
    }

    private void pump() {
        byte[] buf = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                String s = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                synchronized (output) {
                    output.append(s);
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (output) {
                output.append("\n[output reader: ").append(e).append("]\n");
            }
        } finally {
            synchronized (output) {
                output.notifyAll();
            }
        }
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the program may already be gone
        }
    }

    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Waits until the output contains {@code marker}; false when the program ended first or time ran out. */
    boolean awaitOutput(String marker, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (output.indexOf(marker) < 0) {
                long left = end - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    return output.indexOf(marker) >= 0;
                }
                output.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
            }
            return true;
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Asks the program to stop (SIGTERM) and waits up to {@code grace} for it to finish on its own, for programs
     * that must flush on the way out (a capture); {@link #close()} kills after 2 s.
     */
    boolean terminate(Duration grace) throws InterruptedException {
        process.destroy();
        return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for the program to exit; returns its exit code, or fails (with the output) on timeout. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            Assertions.fail("program did not exit within " + timeout + "\n" + describe());
        }
        reader.join(2000);
        return process.exitValue();
    }

    /** The command line and everything it printed so far, for assertion messages. */
    String describe() {
        return "$ " + String.join(" ", command) + "\n" + output() + "\n[end of output]";
    }

    @Override
    public void close() {
        closeStdin();
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
