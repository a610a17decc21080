package dev.clasp.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * The traffic keys cut from the TLS 1.2 key block (RFC 5246 6.3), in key-block order. MAC keys are empty for AEAD
 * suites. The arrays are shared, not copied: {@link #destroy()} zero-fills them all once the record protection
 * objects have been built. {@link #toString()} prints only lengths.
 */
public record TrafficKeys(byte[] clientMacKey, byte[] serverMacKey, byte[] clientKey, byte[] serverKey,
        byte[] clientIv, byte[] serverIv) {

    public TrafficKeys {
        Objects.requireNonNull(clientMacKey, "clientMacKey");
        Objects.requireNonNull(serverMacKey, "serverMacKey");
        Objects.requireNonNull(clientKey, "clientKey");
        Objects.requireNonNull(serverKey, "serverKey");
        Objects.requireNonNull(clientIv, "clientIv");
        Objects.requireNonNull(serverIv, "serverIv");
    }

    /** Zero-fills every key and IV. */
    public void destroy() {
        Arrays.fill(clientMacKey, (byte) 0);
        Arrays.fill(serverMacKey, (byte) 0);
        Arrays.fill(clientKey, (byte) 0);
        Arrays.fill(serverKey, (byte) 0);
        Arrays.fill(clientIv, (byte) 0);
        Arrays.fill(serverIv, (byte) 0);
    }

    @Override
    public String toString() {
        return "TrafficKeys[macKey=" + clientMacKey.length + "B, key=" + clientKey.length + "B, iv="
                + clientIv.length + "B]";
    }
}
