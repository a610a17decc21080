package dev.clasp.bench;

import javax.net.ssl.SSLEngine;

/** Engine clean-up between operations. */
final class Pairs {
    private Pairs() {
    }

    /**
     * Conscrypt engines hold native BoringSSL objects that are freed when both directions are closed (else only
     * by a cleaner, long after thousands of handshakes). The Java providers need nothing: the engines become
     * garbage. No close_notify is exchanged for anyone, and a cached session stays valid.
     */
    static void release(Peer peer, SSLEngine client, SSLEngine server) {
        if (peer == Peer.Conscrypt) {
            close(client);
            close(server);
        }
    }

    private static void close(SSLEngine e) {
        e.closeOutbound();
        try {
            e.closeInbound();
        } catch (Exception ignored) {
            // truncation complaint: expected, we never sent close_notify
        }
    }
}
