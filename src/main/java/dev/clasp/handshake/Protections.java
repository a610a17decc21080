package dev.clasp.handshake;

import dev.clasp.crypto.KeySchedule;
import dev.clasp.crypto.TrafficKeys;
import dev.clasp.record.RecordProtection;
import dev.clasp.suite.CipherSuite;

/** The pending record protection for both directions, built from the key block (RFC 5246 6.3). */
record Protections(RecordProtection read, RecordProtection write) {

    /**
     * Derives the keys for {@code suite} and builds the read and write protection of this side ({@code client}
     * true for the client). CBC suites use encrypt-then-MAC when the session negotiated it (RFC 7366); their
     * explicit IVs come from the configured SecureRandom. The key block is zero-filled afterwards.
     */
    static Protections derive(HandshakeContext ctx, CipherSuite suite, byte[] master, byte[] clientRandom,
            byte[] serverRandom, boolean client) {
        TrafficKeys keys = KeySchedule.trafficKeys(suite, master, clientRandom, serverRandom);
        try {
            boolean etm = ctx.session().encryptThenMac;
            RecordProtection clientWrite = RecordProtection.forCipher(suite.bulkCipher(), keys.clientMacKey(),
                    keys.clientKey(), keys.clientIv(), client, etm, ctx.config().random());
            RecordProtection serverWrite = RecordProtection.forCipher(suite.bulkCipher(), keys.serverMacKey(),
                    keys.serverKey(), keys.serverIv(), !client, etm, ctx.config().random());
            return client ? new Protections(serverWrite, clientWrite) : new Protections(clientWrite, serverWrite);
        } finally {
            keys.destroy();
        }
    }
}
