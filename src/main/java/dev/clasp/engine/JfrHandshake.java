package dev.clasp.engine;

import dev.clasp.handshake.SessionState;
import java.security.cert.X509Certificate;
import java.util.StringJoiner;

/**
 * A connection's JFR events, for {@link ConnectionTrace}, which keeps the handshake event in progress (typed
 * {@code Object} there, so that nothing touching {@code jdk.jfr} classes is loaded without the module). Only used
 * when {@link Jfr#AVAILABLE}; each event is filled only when a recording has it enabled, so with no recording
 * running this costs an {@code isEnabled()} per handshake. Stateless: an idle connection keeps no object for it.
 */
final class JfrHandshake {
    private JfrHandshake() {
    }

    /** A begun handshake event, or null when no recording has it enabled. */
    static Object begin() {
        HandshakeEvent e = new HandshakeEvent();
        if (e.isEnabled()) {
            e.begin();
            return e;
        }
        return null;
    }

    /** Ends and commits {@code event} (from {@link #begin}; null: nothing) for a completed handshake. */
    static void completed(Object event, String peerHost, int peerPort, SessionState s, boolean client) {
        HandshakeEvent e = end(event, peerHost, peerPort, client);
        if (e == null) {
            return;
        }
        e.protocol = "TLSv1.2";
        e.cipherSuite = s.cipherSuite == null ? null : s.cipherSuite.name();
        e.namedGroup = s.namedGroup == null ? null : s.namedGroup.standardName();
        var scheme = client ? s.peerSignatureScheme : s.localSignatureScheme;
        e.signatureScheme = scheme == null ? null : scheme.standardName();
        e.applicationProtocol = s.applicationProtocol == null ? "" : s.applicationProtocol;
        e.resumed = s.resumed;
        e.failingAlert = "";
        commit(e);
    }

    /** Ends and commits {@code event} (from {@link #begin}; null: nothing) for a failed handshake. */
    static void failed(Object event, String peerHost, int peerPort, boolean client, String alert, boolean sent,
            String detail) {
        HandshakeEvent e = end(event, peerHost, peerPort, client);
        if (e == null) {
            return;
        }
        e.failingAlert = alert;
        e.alertSent = sent;
        e.failureDetail = detail;
        commit(e);
    }

    private static HandshakeEvent end(Object event, String peerHost, int peerPort, boolean client) {
        if (!(event instanceof HandshakeEvent e)) {
            return null;
        }
        e.end();
        e.peerHost = peerHost;
        e.peerPort = peerPort;
        e.role = client ? "client" : "server";
        return e;
    }

    private static void commit(HandshakeEvent e) {
        if (e.shouldCommit()) {
            e.commit();
        }
    }

    /** Whether a recording wants chain events (checked before the certificates are decoded for one). */
    static boolean chainWanted() {
        return new CertificateChainEvent().isEnabled();
    }

    static void chain(String peerHost, int peerPort, X509Certificate[] chain, boolean fromServer) {
        CertificateChainEvent c = new CertificateChainEvent();
        if (!c.isEnabled() || chain.length == 0) {
            return;
        }
        X509Certificate leaf = chain[0];
        c.peerHost = peerHost;
        c.peerPort = peerPort;
        c.sender = fromServer ? "server" : "client";
        c.length = chain.length;
        c.subject = leaf.getSubjectX500Principal().getName();
        c.issuer = leaf.getIssuerX500Principal().getName();
        c.serialNumber = leaf.getSerialNumber().toString(16);
        c.keyAlgorithm = leaf.getPublicKey().getAlgorithm();
        c.signatureAlgorithm = leaf.getSigAlgName();
        c.notBefore = leaf.getNotBefore().getTime();
        c.notAfter = leaf.getNotAfter().getTime();
        StringJoiner j = new StringJoiner(" <- ");
        for (X509Certificate x : chain) {
            j.add(x.getSubjectX500Principal().getName());
        }
        c.chain = j.toString();
        c.commit();
    }
}
