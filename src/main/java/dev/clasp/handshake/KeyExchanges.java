package dev.clasp.handshake;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.crypto.DheKeyShare;
import dev.clasp.crypto.EcdheKeyShare;
import dev.clasp.crypto.FfdheGroups;
import dev.clasp.crypto.RsaPremasterSecret;
import dev.clasp.message.ClientKeyExchangeDhe;
import dev.clasp.message.ClientKeyExchangeEcdhe;
import dev.clasp.message.ClientKeyExchangeRsa;
import dev.clasp.message.HandshakeMessage;
import dev.clasp.message.ServerKeyExchangeEcdhe;
import dev.clasp.message.TlsReader;
import dev.clasp.suite.NamedGroup;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.List;

/**
 * The three ways a TLS 1.2 premaster secret comes about (RFC 5246 7.4.3, 7.4.7; RFC 8422; RFC 7919), seen from
 * each side: what a client learnt from the server ({@link ServerOffer}) and what a server keeps until the
 * ClientKeyExchange arrives ({@link ServerSecret}). The handshake states hold one of these and stay the same for
 * every key exchange.
 */
final class KeyExchanges {
    private KeyExchanges() {
    }

    /** What the client sends and the premaster secret it keeps. */
    record ClientShare(HandshakeMessage message, byte[] preMasterSecret) {
    }

    /** The server's authenticated key exchange input, as the client holds it. */
    sealed interface ServerOffer permits EcdheOffer, DheOffer, RsaOffer {
        /** Generates the client's share for this offer (RFC 5246 7.4.7). */
        ClientShare respond(SecureRandom random, int clientVersion) throws TlsAlertException;

        /** The group for the session's records, or null (static RSA, or a DHE group that is no RFC 7919 one). */
        NamedGroup group();
    }

    /** RFC 8422 5.4: a named curve and the server's point. */
    record EcdheOffer(NamedGroup group, byte[] serverPublic) implements ServerOffer {
        @Override
        public ClientShare respond(SecureRandom random, int clientVersion) throws TlsAlertException {
            EcdheKeyShare share = EcdheKeyShare.generate(group, random);
            try {
                byte[] pms = share.agree(serverPublic);
                return new ClientShare(new ClientKeyExchangeEcdhe(share.publicValue()), pms);
            } finally {
                share.destroy(); // used once: the ephemeral key goes as soon as the premaster secret exists
            }
        }
    }

    /** RFC 5246 7.4.3: the server's checked (p, g) and Ys. */
    record DheOffer(BigInteger p, BigInteger g, byte[] serverPublic, NamedGroup group) implements ServerOffer {
        /**
         * Validates a received ServerDHParams (RFC 7919 5.1: p large enough, 1 &lt; g &lt; p-1, 1 &lt; Ys &lt; p-1)
         * before its signature is even checked, so that nothing is computed with a bad group.
         */
        static DheOffer of(byte[] pBytes, byte[] gBytes, byte[] ys) throws TlsAlertException {
            BigInteger p = new BigInteger(1, pBytes);
            BigInteger g = new BigInteger(1, gBytes);
            DheKeyShare.checkGroup(p, g, DheKeyShare.MIN_PRIME_BITS);
            DheKeyShare.checkPublicValue(new BigInteger(1, ys), p);
            return new DheOffer(p, g, ys, FfdheGroups.identify(p, g));
        }

        @Override
        public ClientShare respond(SecureRandom random, int clientVersion) throws TlsAlertException {
            DheKeyShare share = DheKeyShare.generate(p, g, random);
            try {
                byte[] pms = share.agree(serverPublic);
                return new ClientShare(new ClientKeyExchangeDhe(share.publicValue()), pms);
            } finally {
                share.destroy();
            }
        }
    }

    /** RFC 5246 7.4.7.1: the server's certified RSA key; the client picks the premaster secret. */
    record RsaOffer(PublicKey serverKey) implements ServerOffer {
        @Override
        public ClientShare respond(SecureRandom random, int clientVersion) throws TlsAlertException {
            RsaPremasterSecret.Encrypted e = RsaPremasterSecret.encrypt(serverKey, clientVersion, random);
            return new ClientShare(new ClientKeyExchangeRsa(e.encrypted()), e.preMasterSecret());
        }

        @Override
        public NamedGroup group() {
            return null;
        }
    }

    /**
     * The server's private half, kept from its first flight to the ClientKeyExchange. {@link #receive} uses it
     * once and destroys an ephemeral key whatever the outcome; {@link #destroy} does so for a handshake that ends
     * before the ClientKeyExchange.
     */
    sealed interface ServerSecret permits EcdheSecret, DheSecret, RsaSecret {
        /** Decodes the ClientKeyExchange body and returns the premaster secret. */
        byte[] receive(TlsReader body) throws TlsAlertException;

        /** Drops the ephemeral private key (a no-op for RSA: the certificate key is not ours to destroy). */
        void destroy();
    }

    record EcdheSecret(EcdheKeyShare share) implements ServerSecret {
        @Override
        public byte[] receive(TlsReader body) throws TlsAlertException {
            try {
                return share.agree(ClientKeyExchangeEcdhe.decode(body).publicValue());
            } finally {
                share.destroy();
            }
        }

        @Override
        public void destroy() {
            share.destroy();
        }
    }

    record DheSecret(DheKeyShare share) implements ServerSecret {
        @Override
        public byte[] receive(TlsReader body) throws TlsAlertException {
            try {
                // RFC 7919 5.1: the server checks dh_Yc as the client checked dh_Ys (DheKeyShare.agree).
                return share.agree(ClientKeyExchangeDhe.decode(body).publicValue());
            } finally {
                share.destroy();
            }
        }

        @Override
        public void destroy() {
            share.destroy();
        }
    }

    /**
     * RFC 5246 7.4.7.1: the server's RSA key and the version the client offered in its ClientHello, against which
     * the premaster secret's first two bytes are checked (inside the constant-time selection).
     */
    record RsaSecret(PrivateKey key, int clientHelloVersion, SecureRandom random) implements ServerSecret {
        @Override
        public byte[] receive(TlsReader body) throws TlsAlertException {
            ClientKeyExchangeRsa cke = ClientKeyExchangeRsa.decode(body);
            return RsaPremasterSecret.decrypt(RsaPremasterSecret.JCA, key, cke.encryptedPreMasterSecret(),
                    clientHelloVersion, random);
        }

        @Override
        public void destroy() {
            // The server's long-term key: it belongs to the key manager.
        }

        @Override
        public String toString() {
            return "RsaSecret[version=" + clientHelloVersion + "]";
        }
    }

    /**
     * RFC 7919 4: the finite field group for a DHE suite. When the client offered any FFDHE group (a known or
     * unknown code point in 256..511), the server's most preferred one among those, or null: then no DHE suite
     * may be selected. When it offered none, {@code fallback} (SunJSSE's {@code jdk.tls.ephemeralDHKeySize}).
     */
    static NamedGroup dheGroup(List<Integer> offeredIds, List<NamedGroup> enabled, NamedGroup fallback) {
        boolean anyFfdhe = false;
        if (offeredIds != null) {
            for (int id : offeredIds) {
                anyFfdhe |= NamedGroup.isFfdheId(id);
            }
        }
        if (!anyFfdhe) {
            return fallback;
        }
        for (NamedGroup g : enabled) {
            if (g.kind() == NamedGroup.Kind.FFDHE && offeredIds.contains(g.id())) {
                return g;
            }
        }
        return null;
    }
}
