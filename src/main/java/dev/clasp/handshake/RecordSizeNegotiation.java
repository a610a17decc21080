package dev.clasp.handshake;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.config.RecordLimits;
import dev.clasp.config.TlsConfig;
import dev.clasp.message.ClientHello;
import dev.clasp.message.ServerHello;
import dev.clasp.message.ext.Extension;
import dev.clasp.message.ext.MaxFragmentLengthExtension;
import dev.clasp.message.ext.RecordSizeLimitExtension;
import java.util.ArrayList;
import java.util.List;

/**
 * max_fragment_length (RFC 6066 4) and record_size_limit (RFC 8449): what the client offers, what the server
 * answers, and the limits each side then hands to the record layer through {@link HandshakeOutput#recordLimits}.
 * The negotiated max_fragment_length is session state ({@link SessionState#maxFragmentLength}); record_size_limit
 * is negotiated afresh in every handshake.
 */
final class RecordSizeNegotiation {
    private RecordSizeNegotiation() {
    }

    /**
     * Client: the extensions for the ClientHello. Resuming, the session's own max_fragment_length is asked for again
     * (RFC 6066 4: it "applies for the duration of the session including session resumptions"; SunJSSE does the
     * same), else the configured one. record_size_limit when this side has a limit.
     */
    static List<Extension> offer(TlsConfig config, SessionState offered) {
        List<Extension> ext = new ArrayList<>(2);
        int mfl = offered != null ? offered.maxFragmentLength : config.recordLimits().maxFragmentLength();
        if (mfl > 0) {
            ext.add(MaxFragmentLengthExtension.ofLength(mfl));
        }
        int rsl = config.recordLimits().recordSizeLimit();
        if (rsl > 0) {
            ext.add(new RecordSizeLimitExtension(rsl));
        }
        return ext;
    }

    /**
     * Server: the max_fragment_length the client asks for, in bytes, 0 for none. RFC 8449 5: "A server that
     * supports the record_size_limit extension MUST ignore a max_fragment_length that appears in a ClientHello if
     * both are present."
     */
    static int requested(ClientHello ch) {
        MaxFragmentLengthExtension mfl = ch.extension(MaxFragmentLengthExtension.class);
        if (mfl == null || ch.extension(RecordSizeLimitExtension.class) != null) {
            return 0;
        }
        return mfl.length();
    }

    /**
     * Server, resumption: the session keeps its max_fragment_length (RFC 6066 4), so a client asking for another
     * one (or none, or for one on a session without it) gets a full handshake instead.
     */
    static boolean mayResume(ClientHello ch, SessionState cached) {
        return requested(ch) == cached.maxFragmentLength;
    }

    /**
     * Server: sets the limits (before the ServerHello goes out: the server's whole flight after the ClientHello is
     * fragmented to a negotiated max_fragment_length) and returns the ServerHello's extensions. The session's
     * max_fragment_length is echoed (RFC 6066 4: "the same value as the requested maximum fragment length");
     * record_size_limit is answered with this side's limit, 2^14 when it has none, so that the client's limit is
     * in force (RFC 8449 4: it is, only once both sent the extension). A client's limit above 2^14 means 2^14 in
     * TLS 1.2 (RFC 8449 4: "A server MUST NOT enforce this restriction").
     */
    static List<Extension> answer(ClientHello ch, TlsConfig config, SessionState session, HandshakeOutput out) {
        List<Extension> ext = new ArrayList<>(1);
        int mfl = session.maxFragmentLength;
        int send = 0;
        int receive = 0;
        RecordSizeLimitExtension rsl = ch.extension(RecordSizeLimitExtension.class);
        if (rsl != null) {
            int own = config.recordLimits().recordSizeLimit();
            ext.add(new RecordSizeLimitExtension(own > 0 ? own : RecordLimits.PROTOCOL_LIMIT));
            send = Math.min(rsl.limit(), RecordLimits.PROTOCOL_LIMIT);
            receive = own;
            session.peerRecordSizeLimit = rsl.limit();
        } else if (mfl > 0) {
            ext.add(MaxFragmentLengthExtension.ofLength(mfl));
        }
        out.recordLimits(rsl != null ? 0 : mfl, send, receive);
        return ext;
    }

    /**
     * Client: checks the server's answer against the ClientHello, records the session's max_fragment_length and
     * sets the limits. RFC 6066 4: an answer other than the length requested is illegal_parameter. RFC 8449 5: "A
     * client MUST treat receipt of both max_fragment_length and record_size_limit as a fatal error, and it SHOULD
     * generate an "illegal_parameter" alert." A server limit above 2^14 is taken as 2^14 (RFC 8449 4 lets a client
     * abort; Clasp is lenient, as the value only ever allows the protocol's own maximum).
     */
    static void accept(ServerHello sh, ClientHello sent, TlsConfig config, SessionState session, HandshakeOutput out)
            throws TlsAlertException {
        MaxFragmentLengthExtension mfl = sh.extension(MaxFragmentLengthExtension.class);
        RecordSizeLimitExtension rsl = sh.extension(RecordSizeLimitExtension.class);
        if (mfl != null && rsl != null) {
            throw TlsAlertException.illegalParameter("server sent both max_fragment_length and record_size_limit"
                    + " (RFC 8449 5)");
        }
        MaxFragmentLengthExtension asked = sent.extension(MaxFragmentLengthExtension.class);
        if (mfl != null && (asked == null || asked.code() != mfl.code())) {
            throw TlsAlertException.illegalParameter("server answered max_fragment_length " + mfl.length()
                    + " to a request for " + (asked == null ? "none" : asked.length()) + " (RFC 6066 4)");
        }
        session.maxFragmentLength = mfl == null ? 0 : mfl.length();
        session.peerRecordSizeLimit = rsl == null ? 0 : rsl.limit();
        int send = rsl == null ? 0 : Math.min(rsl.limit(), RecordLimits.PROTOCOL_LIMIT);
        int receive = rsl == null ? 0 : config.recordLimits().recordSizeLimit();
        out.recordLimits(session.maxFragmentLength, send, receive);
    }

    /**
     * Client, resumption: RFC 6066 4, the resumed session keeps the max_fragment_length its full handshake
     * negotiated; a server that resumes it with another answer (or none) breaks that.
     */
    static void checkResumed(int negotiated, SessionState original) throws TlsAlertException {
        if (negotiated != original.maxFragmentLength) {
            throw TlsAlertException.illegalParameter("server resumed a session made with max_fragment_length "
                    + original.maxFragmentLength + " but answered " + negotiated + " (RFC 6066 4)");
        }
    }
}
