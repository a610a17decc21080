package dev.clasp.engine;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timestamp;

/** JFR event "dev.clasp" + ".CertificateChain": a certificate chain received from the peer, before it is checked. */
@Name(Jfr.PREFIX + "CertificateChain")
@Label("TLS Certificate Chain")
@Category({"Clasp", "TLS"})
@Description("A certificate chain the peer sent in a Clasp handshake (recorded before validation)")
@StackTrace(false)
final class CertificateChainEvent extends Event {
    @Label("Peer Host")
    String peerHost;

    @Label("Peer Port")
    int peerPort;

    @Label("Sender")
    @Description("server or client: whose chain this is")
    String sender;

    @Label("Length")
    int length;

    @Label("Subject")
    @Description("The end-entity certificate's subject")
    String subject;

    @Label("Issuer")
    String issuer;

    @Label("Serial Number")
    String serialNumber;

    @Label("Key Algorithm")
    String keyAlgorithm;

    @Label("Signature Algorithm")
    String signatureAlgorithm;

    @Label("Not Before")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    long notBefore;

    @Label("Not After")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    long notAfter;

    @Label("Chain")
    @Description("Every certificate's subject, end entity first, separated by ' <- '")
    String chain;
}
