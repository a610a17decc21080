package dev.clasp.engine;

import dev.clasp.handshake.SecretLog;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/**
 * Appends NSS key log lines ({@code CLIENT_RANDOM <client random> <master secret>}, lower-case hex) to a file, as
 * curl and browsers do with SSLKEYLOGFILE, so Wireshark or tshark can decrypt a capture. For debugging only:
 * anyone who reads the file can decrypt the logged connections.
 */
public final class NssKeyLog implements SecretLog {
    private static final System.Logger LOG = System.getLogger("dev.clasp");

    private final Path file;
    private volatile boolean failed;

    public NssKeyLog(Path file) {
        this.file = file;
    }

    /**
     * The key log the environment asks for: the {@code clasp.keyLogFile} system property, else the
     * {@code SSLKEYLOGFILE} environment variable; {@link SecretLog#NONE} when neither is set.
     */
    public static SecretLog fromEnvironment() {
        String path = System.getProperty("clasp.keyLogFile");
        if (path == null || path.isBlank()) {
            path = System.getenv("SSLKEYLOGFILE");
        }
        if (path == null || path.isBlank()) {
            return SecretLog.NONE;
        }
        LOG.log(Level.WARNING, "Clasp TLS key logging is ON: master secrets are appended to " + path
                + " (clasp.keyLogFile / SSLKEYLOGFILE); anyone with that file can decrypt these connections");
        return new NssKeyLog(Path.of(path));
    }

    public Path file() {
        return file;
    }

    @Override
    public void masterSecret(byte[] clientRandom, byte[] masterSecret) {
        HexFormat hex = HexFormat.of();
        String line = "CLIENT_RANDOM " + hex.formatHex(clientRandom) + " " + hex.formatHex(masterSecret) + "\n";
        synchronized (this) {
            try {
                Files.writeString(file, line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                if (!failed) {
                    failed = true;
                    LOG.log(Level.WARNING, "Clasp cannot write the TLS key log " + file + ": " + e.getMessage());
                }
            }
        }
    }

    @Override
    public String toString() {
        return "NssKeyLog[" + file + "]";
    }
}
