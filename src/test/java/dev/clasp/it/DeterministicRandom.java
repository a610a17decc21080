package dev.clasp.it;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * A SecureRandom that is NOT random: SHA-256 in counter mode over a fixed seed, so that a whole handshake (hello
 * randoms, session ids, ECDHE keys, ECDSA nonces) repeats byte for byte. Tests only, for recorded flights.
 */
public final class DeterministicRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final long seed;
    private long counter;
    private final byte[] block = new byte[32];
    private int used = 32;

    public DeterministicRandom(long seed) {
        super(new byte[0]); // never used: every output method is overridden
        this.seed = seed;
    }

    @Override
    public synchronized void nextBytes(byte[] out) {
        for (int i = 0; i < out.length; i++) {
            if (used == block.length) {
                refill();
            }
            out[i] = block[used++];
        }
    }

    private void refill() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(ByteBuffer.allocate(16).putLong(seed).putLong(counter++).array());
            System.arraycopy(d.digest(), 0, block, 0, block.length);
            used = 0;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] generateSeed(int n) {
        byte[] b = new byte[n];
        nextBytes(b);
        return b;
    }

    @Override
    public void setSeed(long ignored) {
        // deterministic by construction (SecureRandom's constructor calls this too)
    }

    @Override
    public void setSeed(byte[] ignored) {
    }

    @Override
    public String getAlgorithm() {
        return "deterministic-test-only";
    }
}
