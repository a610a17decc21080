package dev.clasp.handshake;

import dev.clasp.alert.TlsAlertException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals session state into RFC 5077 tickets and opens them again, under keys it rotates. One per server session
 * context (no static state); keys come from that context's {@link SecureRandom}.
 *
 * <p>Ticket layout, RFC 5077 4's recommended one with AES-256-GCM in place of AES-CBC + HMAC:
 * {@code key_name[16] || nonce[12] || AES-256-GCM(key, nonce, aad = key_name, StatePlaintext) (tag 16)}.
 * Only the key name is in the clear. A new key is made every {@code rotationMillis}; the previous one still
 * opens tickets for one more period (so a ticket stays usable for at least one rotation period), older ones
 * are forgotten. {@link #open} never throws: every failure (unknown key, tampering, malformed, expired) is
 * {@code null}, and the caller does a full handshake.
 */
public final class TicketSealer {
    static final int KEY_NAME_LENGTH = 16;
    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;

    private final SecureRandom random;
    private final LongSupplier clock;
    private final long rotationMillis;
    private final LongSupplier lifetimeSeconds;
    private final ReentrantLock lock = new ReentrantLock();
    private TicketKey current;
    private TicketKey previous;
    /** Most local chains remembered for tickets (a key manager may make chains on the fly, e.g. per host). */
    static final int MAX_LOCAL_CHAINS = 64;
    /**
     * The server chains tickets were sealed for, by {@link SessionTicketCodec#chainId}, least recently used first:
     * a ticket names its chain instead of carrying it. A ticket whose chain was forgotten does not open (a full
     * handshake follows), as one whose key was.
     */
    private final Map<ByteBuffer, X509Certificate[]> localChains = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, X509Certificate[]> eldest) {
            return size() > MAX_LOCAL_CHAINS;
        }
    };

    /** One AES-256 key with its public name and the time it was made. */
    private record TicketKey(byte[] name, SecretKey key, long created) {
        @Override
        public String toString() {
            return "TicketKey";
        }
    }

    /** A ticket that opened: the session, and whether it was sealed under the current key (else renew it). */
    public record Opened(SessionState session, boolean currentKey) {
    }

    /**
     * @param random          the context's randomness, for keys and nonces
     * @param clock           milliseconds since the epoch
     * @param rotationMillis  how long a key seals new tickets
     * @param lifetimeSeconds the session timeout now (0: no limit); tickets older than that do not open
     */
    public TicketSealer(SecureRandom random, LongSupplier clock, long rotationMillis, LongSupplier lifetimeSeconds) {
        this.random = random;
        this.clock = clock;
        this.rotationMillis = rotationMillis;
        this.lifetimeSeconds = lifetimeSeconds;
    }

    /** The ticket_lifetime_hint to send (RFC 5077 3.3): the session timeout, in seconds. */
    public long lifetimeHintSeconds() {
        return Math.max(0, Math.min(lifetimeSeconds.getAsLong(), 0xFFFFFFFFL));
    }

    private TicketKey currentKey(long now) {
        lock.lock();
        try {
            if (current == null || now - current.created >= rotationMillis || now < current.created) {
                byte[] raw = new byte[32];
                random.nextBytes(raw);
                byte[] name = new byte[KEY_NAME_LENGTH];
                random.nextBytes(name);
                previous = current;
                current = new TicketKey(name, new SecretKeySpec(raw, "AES"), now);
                Arrays.fill(raw, (byte) 0);
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    /** Seals {@code session} with {@code masterSecret} under the current key. */
    public byte[] seal(SessionState session, byte[] masterSecret) throws TlsAlertException {
        TicketKey k = currentKey(clock.getAsLong());
        byte[] chainId = SessionTicketCodec.chainId(session.localCertificates);
        if (chainId.length > 0) {
            lock.lock();
            try {
                localChains.put(ByteBuffer.wrap(chainId), session.localCertificates.clone());
            } finally {
                lock.unlock();
            }
        }
        byte[] plaintext = SessionTicketCodec.encode(session, masterSecret, chainId);
        try {
            byte[] nonce = new byte[NONCE_LENGTH];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, k.key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            c.updateAAD(k.name);
            byte[] out = new byte[KEY_NAME_LENGTH + NONCE_LENGTH + plaintext.length + TAG_LENGTH];
            System.arraycopy(k.name, 0, out, 0, KEY_NAME_LENGTH);
            System.arraycopy(nonce, 0, out, KEY_NAME_LENGTH, NONCE_LENGTH);
            c.doFinal(plaintext, 0, plaintext.length, out, KEY_NAME_LENGTH + NONCE_LENGTH);
            return out;
        } catch (GeneralSecurityException e) {
            throw TlsAlertException.internalError("cannot seal a session ticket: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** The chain remembered under {@code id} (a copy of the array), or null. */
    private X509Certificate[] localChain(byte[] id) {
        lock.lock();
        try {
            X509Certificate[] chain = localChains.get(ByteBuffer.wrap(id));
            return chain == null ? null : chain.clone();
        } finally {
            lock.unlock();
        }
    }

    /** Opens a ticket, or null when it is not one of ours, was altered, is malformed or has expired. */
    public Opened open(byte[] ticket) {
        if (ticket == null || ticket.length < KEY_NAME_LENGTH + NONCE_LENGTH + TAG_LENGTH) {
            return null;
        }
        long now = clock.getAsLong();
        TicketKey k;
        boolean isCurrent;
        lock.lock();
        try {
            currentKey(now);
            byte[] name = Arrays.copyOf(ticket, KEY_NAME_LENGTH);
            if (MessageDigest.isEqual(name, current.name)) {
                k = current;
                isCurrent = true;
            } else if (previous != null && now - previous.created < 2 * rotationMillis
                    && MessageDigest.isEqual(name, previous.name)) {
                k = previous;
                isCurrent = false;
            } else {
                return null;
            }
        } finally {
            lock.unlock();
        }
        byte[] plaintext = null;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, k.key, new GCMParameterSpec(TAG_LENGTH * 8, ticket, KEY_NAME_LENGTH,
                    NONCE_LENGTH));
            c.updateAAD(ticket, 0, KEY_NAME_LENGTH);
            plaintext = c.doFinal(ticket, KEY_NAME_LENGTH + NONCE_LENGTH,
                    ticket.length - KEY_NAME_LENGTH - NONCE_LENGTH);
            SessionState s = SessionTicketCodec.decode(plaintext, this::localChain);
            long lifetime = lifetimeSeconds.getAsLong();
            if (lifetime > 0 && (now - s.creationTime > lifetime * 1000L || s.creationTime > now + 60_000L)) {
                s.destroyMasterSecret(); // expired: nobody resumes it
                return null;
            }
            return new Opened(s, isCurrent);
        } catch (GeneralSecurityException | TlsAlertException | RuntimeException e) {
            return null; // RFC 5077 3.4: a ticket that does not open means a full handshake, not an error
        } finally {
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }
}
