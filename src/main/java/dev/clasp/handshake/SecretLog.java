package dev.clasp.handshake;

/**
 * Where a completed handshake reports its secrets for debugging (the NSS key log format that Wireshark reads).
 * Off unless the application configured it; implementations must never put these values anywhere else.
 */
public interface SecretLog {
    /** Called once per completed handshake, full or abbreviated, in either role. */
    void masterSecret(byte[] clientRandom, byte[] masterSecret);

    SecretLog NONE = (clientRandom, masterSecret) -> { };
}
