package dev.clasp.handshake;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.ProtocolVersion;
import dev.clasp.suite.SignatureScheme;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SNIServerName;

/**
 * The session state a server seals into a ticket (RFC 5077 4, {@code StatePlaintext}): everything a resumed
 * session exposes, in TLS presentation language. Only ever seen inside the AEAD of {@link TicketSealer}.
 *
 * <pre>
 * struct {
 *     uint16 format = 1;  ProtocolVersion version;  CipherSuite suite;
 *     opaque master_secret&lt;1..255&gt;;  uint8 flags;  (1: extended_master_secret, 2: encrypt_then_mac,
 *                                                  bits 2..4: the max_fragment_length code, 0 for none)
 *     opaque session_id&lt;0..32&gt;;  uint32 creation_time_hi; uint32 creation_time_lo;
 *     NamedGroup group;  SignatureScheme local_scheme;  SignatureScheme peer_scheme;
 *     SignatureScheme peer_supported&lt;0..2^16-1&gt;;
 *     ASN.1Cert peer_certificates&lt;0..2^24-1&gt;;  opaque local_chain_id&lt;0..32&gt;;
 *     ServerName requested_names&lt;0..2^16-1&gt;;  opaque alpn&lt;0..255&gt;;
 * } StatePlaintext;
 * </pre>
 *
 * <p>The server's own chain is not copied into the ticket (a client keeps its ticket for the session's life, and
 * the chain is most of it): {@code local_chain_id} is the SHA-256 of the chain's DER encodings, which the sealer
 * maps back to the chain it served (empty: no local chain, an anonymous suite).
 */
final class SessionTicketCodec {
    static final int FORMAT = 2;

    private SessionTicketCodec() {
    }

    /** {@code localChainId}: {@link #chainId} of the session's local chain, or empty for none. */
    static byte[] encode(SessionState s, byte[] masterSecret, byte[] localChainId) {
        TlsWriter w = TlsWriter.sensitive(2048);
        try {
            return encode(w, s, masterSecret, localChainId);
        } finally {
            w.wipe(); // the caller zero-fills the returned copy once it is sealed
        }
    }

    private static byte[] encode(TlsWriter w, SessionState s, byte[] masterSecret, byte[] localChainId) {
        w.u16(FORMAT);
        w.u16(ProtocolVersion.TLS12.wire());
        w.u16(s.cipherSuite.id());
        w.opaque8(masterSecret);
        // RFC 7366 3.1: a resumed session keeps its encrypt-then-MAC mode, so the ticket carries it.
        // RFC 6066 4: the negotiated max_fragment_length is part of the session state, so it travels too.
        w.u8((s.extendedMasterSecret ? 1 : 0) | (s.encryptThenMac ? 2 : 0) | (mflCode(s.maxFragmentLength) << 2));
        w.opaque8(s.sessionId);
        w.u32(s.creationTime >>> 32);
        w.u32(s.creationTime & 0xFFFFFFFFL);
        w.u16(s.namedGroup == null ? 0 : s.namedGroup.id());
        w.u16(s.localSignatureScheme == null ? 0 : s.localSignatureScheme.id());
        w.u16(s.peerSignatureScheme == null ? 0 : s.peerSignatureScheme.id());
        w.vector16(v -> {
            for (SignatureScheme scheme : s.peerSupportedSignatureSchemes) {
                v.u16(scheme.id());
            }
        });
        writeChain(w, s.peerCertificates);
        w.opaque8(localChainId);
        w.vector16(v -> {
            for (SNIServerName n : s.requestedServerNames) {
                v.u8(n.getType());
                v.opaque16(n.getEncoded());
            }
        });
        w.opaque8(s.applicationProtocol == null ? new byte[0]
                : s.applicationProtocol.getBytes(StandardCharsets.UTF_8));
        return w.toByteArray();
    }

    /** RFC 6066 4: 512 -> 1, ..., 4096 -> 4; 0 for none. */
    private static int mflCode(int length) {
        return length == 0 ? 0 : Integer.numberOfTrailingZeros(length) - 8;
    }

    private static void writeChain(TlsWriter w, X509Certificate[] chain) {
        w.vector24(v -> {
            if (chain != null) {
                for (X509Certificate c : chain) {
                    try {
                        v.opaque24(c.getEncoded());
                    } catch (CertificateEncodingException e) {
                        throw new IllegalStateException("certificate cannot be encoded", e);
                    }
                }
            }
        });
    }

    /**
     * Decodes a ticket's plaintext into a session that can be resumed, or throws: an unknown format, suite or
     * version, or any malformed field. The caller treats every failure alike (a full handshake).
     */
    static SessionState decode(byte[] plaintext, Function<byte[], X509Certificate[]> localChains)
            throws TlsAlertException {
        SessionState s = new SessionState();
        try {
            return decode(plaintext, s, localChains);
        } catch (TlsAlertException | RuntimeException e) {
            s.destroyMasterSecret(); // a malformed ticket: the secret read so far goes with it
            throw e;
        }
    }

    private static SessionState decode(byte[] plaintext, SessionState s,
            Function<byte[], X509Certificate[]> localChains) throws TlsAlertException {
        TlsReader r = new TlsReader(plaintext);
        if (r.u16("format") != FORMAT || r.u16("version") != ProtocolVersion.TLS12.wire()) {
            throw TlsAlertException.decodeError("ticket of another format");
        }
        s.cipherSuite = CipherSuite.fromId(r.u16("cipher_suite"));
        if (s.cipherSuite == null) {
            throw TlsAlertException.decodeError("ticket names an unknown suite");
        }
        s.masterSecret = r.opaque8("master_secret");
        int flags = r.u8("flags");
        if ((flags & ~0x1F) != 0 || (flags >>> 2) > 4) {
            throw TlsAlertException.decodeError("ticket has unknown flags");
        }
        s.maxFragmentLength = (flags >>> 2) == 0 ? 0 : 1 << (8 + (flags >>> 2));
        s.extendedMasterSecret = (flags & 1) != 0;
        s.encryptThenMac = (flags & 2) != 0;
        s.sessionId = r.opaque8("session_id");
        s.creationTime = (r.u32("creation_time_hi") << 32) | r.u32("creation_time_lo");
        s.namedGroup = NamedGroup.fromId(r.u16("group"));
        s.localSignatureScheme = SignatureScheme.fromId(r.u16("local_scheme"));
        s.peerSignatureScheme = SignatureScheme.fromId(r.u16("peer_scheme"));
        TlsReader schemes = r.vector16("peer_supported");
        List<SignatureScheme> supported = new ArrayList<>();
        while (schemes.hasRemaining()) {
            SignatureScheme scheme = SignatureScheme.fromId(schemes.u16("scheme"));
            if (scheme != null) {
                supported.add(scheme);
            }
        }
        s.peerSupportedSignatureSchemes = List.copyOf(supported);
        s.peerCertificates = readChain(r.vector24("peer_certificates"));
        byte[] localChainId = r.opaque8("local_chain_id");
        if (localChainId.length > 0) {
            s.localCertificates = localChains.apply(localChainId);
            if (s.localCertificates == null) {
                throw TlsAlertException.decodeError("ticket names a certificate chain this server no longer has");
            }
        }
        TlsReader names = r.vector16("requested_names");
        List<SNIServerName> requested = new ArrayList<>();
        while (names.hasRemaining()) {
            int type = names.u8("name_type");
            byte[] encoded = names.opaque16("name");
            requested.add(ServerNames.toJsse(new dev.clasp.message.ext.ServerName(type, encoded)));
        }
        s.requestedServerNames = List.copyOf(requested);
        s.applicationProtocol = new String(r.opaque8("alpn"), StandardCharsets.UTF_8);
        r.expectEnd("StatePlaintext");
        return s;
    }

    /** SHA-256 over the chain's DER encodings (each length-prefixed); empty for a null or empty chain. */
    static byte[] chainId(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            return new byte[0];
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (X509Certificate c : chain) {
                byte[] der = c.getEncoded();
                md.update(new byte[] {(byte) (der.length >>> 16), (byte) (der.length >>> 8), (byte) der.length});
                md.update(der);
            }
            return md.digest();
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("certificate chain cannot be hashed", e);
        }
    }

    private static X509Certificate[] readChain(TlsReader r) throws TlsAlertException {
        if (!r.hasRemaining()) {
            return null;
        }
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            while (r.hasRemaining()) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(r.opaque24("cert"))));
            }
        } catch (CertificateException | ClassCastException e) {
            throw TlsAlertException.decodeError("ticket holds a bad certificate");
        }
        return out.toArray(new X509Certificate[0]);
    }
}
