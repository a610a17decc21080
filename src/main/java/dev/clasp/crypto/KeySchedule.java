package dev.clasp.crypto;

import dev.clasp.suite.BulkCipher;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.PrfHash;
import java.util.Arrays;

/**
 * The TLS 1.2 key schedule as pure functions over byte arrays (RFC 5246 6.3, 7.4.9, 8.1; RFC 7627 4).
 * Inputs are never modified; intermediate key material is zero-filled before returning.
 */
public final class KeySchedule {
    /** RFC 5246 8.1: the master secret is always 48 bytes. */
    public static final int MASTER_SECRET_LENGTH = 48;
    /** RFC 5246 7.4.9: verify_data_length is 12 for every TLS 1.2 suite Clasp implements. */
    public static final int VERIFY_DATA_LENGTH = 12;

    private KeySchedule() {
    }

    /** RFC 5246 8.1: PRF(pre_master_secret, "master secret", ClientHello.random + ServerHello.random)[0..47]. */
    public static byte[] masterSecret(PrfHash h, byte[] preMaster, byte[] clientRandom, byte[] serverRandom) {
        byte[] seed = concat(clientRandom, serverRandom);
        return Prf.compute(h, preMaster, "master secret", seed, MASTER_SECRET_LENGTH);
    }

    /**
     * RFC 7627 4: PRF(pre_master_secret, "extended master secret", session_hash)[0..47], where session_hash is the
     * transcript hash up to and including ClientKeyExchange.
     */
    public static byte[] extendedMasterSecret(PrfHash h, byte[] preMaster, byte[] sessionHash) {
        return Prf.compute(h, preMaster, "extended master secret", sessionHash, MASTER_SECRET_LENGTH);
    }

    /**
     * RFC 5246 7.4.9: PRF(master_secret, finished_label, Hash(handshake_messages))[0..11], with finished_label
     * "client finished" or "server finished".
     */
    public static byte[] verifyData(PrfHash h, byte[] master, boolean fromClient, byte[] handshakeHash) {
        String label = fromClient ? "client finished" : "server finished";
        return Prf.compute(h, master, label, handshakeHash, VERIFY_DATA_LENGTH);
    }

    /**
     * RFC 5246 6.3: key_block = PRF(master_secret, "key expansion", server_random + client_random), partitioned
     * into client/server MAC keys, client/server write keys and client/server IVs (the implicit nonce part:
     * RFC 5288 3 salt, RFC 7905 2 fixed IV). AEAD suites have no MAC keys; CBC suites have MAC keys of the HMAC's
     * length and no IVs (their IV is explicit in each record, RFC 5246 6.2.3.2).
     */
    public static TrafficKeys trafficKeys(CipherSuite suite, byte[] master, byte[] clientRandom,
            byte[] serverRandom) {
        BulkCipher bulk = suite.bulkCipher();
        int macLength = bulk.mac().length(); // 0 for AEAD (RFC 5246 6.2.3.3)
        int keyLength = bulk.keyLength();
        int ivLength = bulk.fixedIvLength();
        byte[] seed = concat(serverRandom, clientRandom); // note: server first, unlike the master secret
        byte[] block = Prf.compute(suite.prfHash(), master, "key expansion", seed,
                2 * (macLength + keyLength + ivLength));
        try {
            int off = 0;
            byte[] clientMac = Arrays.copyOfRange(block, off, off += macLength);
            byte[] serverMac = Arrays.copyOfRange(block, off, off += macLength);
            byte[] clientKey = Arrays.copyOfRange(block, off, off += keyLength);
            byte[] serverKey = Arrays.copyOfRange(block, off, off += keyLength);
            byte[] clientIv = Arrays.copyOfRange(block, off, off += ivLength);
            byte[] serverIv = Arrays.copyOfRange(block, off, off += ivLength);
            return new TrafficKeys(clientMac, serverMac, clientKey, serverKey, clientIv, serverIv);
        } finally {
            Arrays.fill(block, (byte) 0);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
