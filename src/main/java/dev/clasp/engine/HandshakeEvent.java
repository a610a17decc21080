package dev.clasp.engine;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR event "dev.clasp" + ".Handshake": one TLS handshake, from its first flight to Finished or the fatal alert. */
@Name(Jfr.PREFIX + "Handshake")
@Label("TLS Handshake")
@Category({"Clasp", "TLS"})
@Description("A TLS handshake by the Clasp provider: what was negotiated, or the alert that ended it")
@StackTrace(false)
final class HandshakeEvent extends Event {
    @Label("Peer Host")
    String peerHost;

    @Label("Peer Port")
    int peerPort;

    @Label("Role")
    @Description("client or server (this side)")
    String role;

    @Label("Protocol")
    String protocol;

    @Label("Cipher Suite")
    String cipherSuite;

    @Label("Named Group")
    String namedGroup;

    @Label("Signature Scheme")
    @Description("The scheme of the server's key exchange signature")
    String signatureScheme;

    @Label("Application Protocol")
    @Description("ALPN result; empty when none was negotiated")
    String applicationProtocol;

    @Label("Resumed")
    boolean resumed;

    @Label("Failing Alert")
    @Description("The fatal alert that ended a failed handshake; empty on success")
    String failingAlert;

    @Label("Alert Sent")
    @Description("Whether this side sent the failing alert (false: the peer sent it)")
    boolean alertSent;

    @Label("Failure Detail")
    String failureDetail;
}
