package dev.clasp.engine;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.core.TraceListener;
import dev.clasp.handshake.SessionState;
import dev.clasp.message.CertificateMessage;
import dev.clasp.message.HandshakeMessage;
import dev.clasp.message.HandshakeMessages;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.ServerHello;
import dev.clasp.message.ServerKeyExchangeDhAnon;
import dev.clasp.message.ServerKeyExchangeEcdhAnon;
import dev.clasp.message.TlsReader;
import dev.clasp.record.ContentType;
import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.KeyExchange;
import java.io.ByteArrayInputStream;
import java.lang.System.Logger.Level;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * One connection's trace ({@code -Dclasp.debug=handshake|record|all}) and JFR events. Each event is one line on
 * the {@code System.Logger} {@code dev.clasp}, prefixed {@code clasp #N client|server host:port}, then
 * {@code >>>} (sent) or {@code <<<} (received):
 *
 * <pre>
 * clasp #1 client localhost:443 >>> ClientHello version=0x0303 random=5f3a9c01… session_id=empty suites=[...] extensions=[...]
 * clasp #1 client localhost:443 <<< Certificate 2 certificate(s) [612B, 901B] subjects=[CN=localhost, CN=Clasp Test Intermediate CA]
 * clasp #1 client localhost:443 <<< record handshake 0x0303 length=245
 * </pre>
 *
 * <p>Never a secret: handshake messages are described by {@link HandshakeMessages#describe}, which prints names,
 * lengths and the first bytes of public values (randoms, session IDs) only; key shares, signatures and the
 * Finished verify_data are shown as lengths (verify_data is derived from the master secret and goes encrypted, so
 * it is not printed: a mismatch is reported by the decrypt_error alert anyway). Lines are logged at INFO because
 * the application asked for them by setting {@code clasp.debug}; DEBUG would be dropped by the default logging
 * configuration.
 */
final class ConnectionTrace implements TraceListener {
    private static final System.Logger LOG = System.getLogger("dev.clasp");

    private final boolean handshake;
    private final boolean record;
    private final boolean client;
    private final String prefix;
    /** JFR events are made ({@link Jfr#AVAILABLE}); {@code jfrEvent}: the handshake event in progress, or null. */
    private final boolean jfr;
    private final String peerHost;
    private final int peerPort;
    private Object jfrEvent;
    /** The key exchange of the ServerHello's suite: it fixes the key exchange messages' layout (RFC 5246 7.4.3). */
    private volatile KeyExchange keyExchange;

    ConnectionTrace(boolean handshake, boolean record, long id, boolean client, String peerHost, int peerPort) {
        this.handshake = handshake;
        this.record = record;
        this.client = client;
        // Only a logging trace needs the prefix: an idle connection without one keeps no string for it.
        this.prefix = !handshake && !record ? "" : "clasp #" + id + " " + (client ? "client" : "server") + " "
                + (peerHost == null ? "?" : peerHost) + ":" + (peerPort < 0 ? "?" : Integer.toString(peerPort)) + " ";
        this.jfr = Jfr.AVAILABLE;
        this.peerHost = peerHost;
        this.peerPort = peerPort;
    }

    private void log(String line) {
        LOG.log(Level.INFO, prefix + line);
    }

    @Override
    public void handshakeStarted() {
        if (jfr) {
            jfrEvent = JfrHandshake.begin();
        }
        if (handshake) {
            log("handshake started");
        }
    }

    @Override
    public void sent(HandshakeMessage message) {
        noteSuite(message);
        if (handshake) {
            log(">>> " + describe(message));
        }
    }

    @Override
    public void received(HandshakeType type, byte[] body) {
        boolean chain = jfr && type == HandshakeType.CERTIFICATE && JfrHandshake.chainWanted();
        if (!handshake && !chain) {
            return;
        }
        HandshakeMessage m;
        try {
            KeyExchange kx = keyExchange;
            if (kx != null && kx.isAnonymous() && type == HandshakeType.SERVER_KEY_EXCHANGE) {
                m = kx.agreement() == KeyExchange.Agreement.DHE ? ServerKeyExchangeDhAnon.decode(new TlsReader(body))
                        : ServerKeyExchangeEcdhAnon.decode(new TlsReader(body));
            } else {
                m = HandshakeMessages.decode(type, new TlsReader(body),
                        kx == null ? KeyExchange.Agreement.ECDHE : kx.agreement());
            }
            noteSuite(m);
        } catch (TlsAlertException | RuntimeException e) {
            // The state machine will reject it with the right alert; the trace only says what arrived.
            if (handshake) {
                log("<<< " + type + " " + body.length + "B (not decodable: " + e.getMessage() + ")");
            }
            return;
        }
        if (handshake) {
            log("<<< " + describe(m));
        }
        if (chain && m instanceof CertificateMessage c) {
            X509Certificate[] certs = parse(c.certificates());
            if (certs != null) {
                JfrHandshake.chain(peerHost, peerPort, certs, client);
            }
        }
    }

    private void noteSuite(HandshakeMessage m) {
        if (m instanceof ServerHello sh) {
            CipherSuite suite = CipherSuite.fromId(sh.cipherSuite());
            keyExchange = suite == null ? null : suite.keyExchange();
        }
    }

    @Override
    public void changeCipherSpec(boolean sent) {
        if (handshake) {
            log((sent ? ">>> " : "<<< ") + "ChangeCipherSpec");
        }
    }

    @Override
    public void alert(boolean sent, int level, int description) {
        if (handshake || record) {
            log((sent ? ">>> " : "<<< ") + "Alert " + (level == 2 ? "fatal" : level == 1 ? "warning" : "level " + level)
                    + " " + AlertDescription.nameOf(description));
        }
    }

    @Override
    public void record(boolean sent, ContentType type, int version, int length) {
        if (record) {
            log((sent ? ">>> " : "<<< ") + "record " + (type == null ? "?" : type.name().toLowerCase(Locale.ROOT))
                    + String.format(" 0x%04x", version) + " length=" + length);
        }
    }

    @Override
    public void handshakeCompleted(SessionState s) {
        if (handshake) {
            var scheme = client ? s.peerSignatureScheme : s.localSignatureScheme;
            log("handshake complete: TLSv1.2 " + s.cipherSuite
                    + " group=" + (s.namedGroup == null ? "-" : s.namedGroup.standardName())
                    + " signature=" + (scheme == null ? "-" : scheme.standardName())
                    + " alpn=" + (s.applicationProtocol == null || s.applicationProtocol.isEmpty() ? "-"
                            : s.applicationProtocol)
                    + (s.resumed ? " resumed" : " full")
                    + " extended_master_secret=" + s.extendedMasterSecret);
        }
        if (jfr) {
            Object e = jfrEvent;
            jfrEvent = null;
            JfrHandshake.completed(e, peerHost, peerPort, s, client);
        }
    }

    @Override
    public void handshakeFailed(AlertDescription alert, int alertCode, boolean sent, String detail) {
        String name = alert != null ? alert.ianaName() : AlertDescription.nameOf(alertCode);
        if (handshake) {
            log("handshake failed: " + (sent ? "sent " : "received ") + name + (detail == null ? "" : ": " + detail));
        }
        if (jfr) {
            Object e = jfrEvent;
            jfrEvent = null;
            JfrHandshake.failed(e, peerHost, peerPort, client, name, sent, detail);
        }
    }

    /** The message's line, with certificate subjects for a Certificate message. */
    private static String describe(HandshakeMessage m) {
        String s = HandshakeMessages.describe(m);
        if (m instanceof CertificateMessage c && !c.certificates().isEmpty()) {
            X509Certificate[] certs = parse(c.certificates());
            if (certs != null) {
                StringJoiner j = new StringJoiner("; ", " subjects=[", "]");
                for (X509Certificate x : certs) {
                    j.add(x.getSubjectX500Principal().getName());
                }
                s += j;
            }
        }
        return s;
    }

    private static X509Certificate[] parse(List<byte[]> ders) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            X509Certificate[] out = new X509Certificate[ders.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(ders.get(i)));
            }
            return out;
        } catch (CertificateException | RuntimeException e) {
            return null; // the handshake reports undecodable certificates itself
        }
    }
}
