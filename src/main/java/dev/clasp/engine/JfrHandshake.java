package dev.clasp.engine;

import dev.clasp.handshake.SessionState;
import java.security.cert.X509Certificate;
import java.util.StringJoiner;

/**
 * One connection's JFR events. Only created when {@link Jfr#AVAILABLE}; each event is filled only when a recording
 * has it enabled, so with no recording running this costs an {@code isEnabled()} per handshake.
 */
final class JfrHandshake {
    private final String role;
    private final String peerHost;
    private final int peerPort;
    private HandshakeEvent event;

    JfrHandshake(boolean client, String peerHost, int peerPort) {
        this.role = client ? "client" : "server";
        this.peerHost = peerHost;
        this.peerPort = peerPort;
    }

    void begin() {
        HandshakeEvent e = new HandshakeEvent();
        if (e.isEnabled()) {
            e.begin();
            event = e;
        }
    }

    void completed(SessionState s, boolean client) {
        HandshakeEvent e = start();
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

    void failed(String alert, boolean sent, String detail) {
        HandshakeEvent e = start();
        if (e == null) {
            return;
        }
        e.failingAlert = alert;
        e.alertSent = sent;
        e.failureDetail = detail;
        commit(e);
    }

    private HandshakeEvent start() {
        HandshakeEvent e = event;
        event = null;
        if (e == null) {
            return null;
        }
        e.end();
        e.peerHost = peerHost;
        e.peerPort = peerPort;
        e.role = role;
        return e;
    }

    private static void commit(HandshakeEvent e) {
        if (e.shouldCommit()) {
            e.commit();
        }
    }

    /** Whether a recording wants chain events (checked before the certificates are decoded for one). */
    boolean chainWanted() {
        return new CertificateChainEvent().isEnabled();
    }

    void chain(X509Certificate[] chain, boolean fromServer) {
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
