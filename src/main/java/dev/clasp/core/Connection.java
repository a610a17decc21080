package dev.clasp.core;

import dev.clasp.alert.AlertDescription;
import dev.clasp.alert.AlertLevel;
import dev.clasp.alert.PeerAlertException;
import dev.clasp.alert.TlsAlertException;
import dev.clasp.config.TlsConfig;
import dev.clasp.crypto.TranscriptHash;
import dev.clasp.handshake.Authenticator;
import dev.clasp.handshake.ClientStates;
import dev.clasp.handshake.HandshakeContext;
import dev.clasp.handshake.HandshakeInput;
import dev.clasp.handshake.HandshakeOutput;
import dev.clasp.handshake.HandshakeState;
import dev.clasp.handshake.SecretLog;
import dev.clasp.handshake.ServerStates;
import dev.clasp.handshake.SessionCache;
import dev.clasp.handshake.SessionState;
import dev.clasp.handshake.Traffic;
import dev.clasp.message.HandshakeMessage;
import dev.clasp.message.HandshakeType;
import dev.clasp.record.ContentType;
import dev.clasp.record.RecordProtection;
import dev.clasp.record.RecordReader;
import dev.clasp.record.RecordWriter;
import dev.clasp.suite.ProtocolVersion;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;

/**
 * The sans-I/O TLS connection: bytes in, bytes and events out. It owns the record layer, handshake message
 * reassembly, the outbound queue and the handshake state machine, and implements the JSSE wrap/unwrap
 * semantics over caller buffers. Not thread-safe: the engine serialises calls.
 *
 * <p>Faults detected locally throw {@link TlsAlertException} after queueing the fatal alert and closing both
 * directions; a fatal alert from the peer throws {@link PeerAlertException}.
 */
public final class Connection {
    private TlsConfig config;
    private SessionState session;
    private HandshakeContext ctx;
    private final RecordReader reader;
    private final RecordWriter writer = new RecordWriter(ProtocolVersion.TLS12.wire());
    /** Records to send: grows for a flight, replaced by a minimal one when a handshake's buffers are released. */
    private Deque<Outbound> outbound = new ArrayDeque<>(4);
    /** Handshake inputs not yet processed: made for a handshake, dropped with its buffers (null when idle). */
    private Deque<HandshakeInput> inputs;
    private static final byte[] NO_BYTES = new byte[0];
    /**
     * Staging for non-application records and for application data that does not fit the caller's buffers in one
     * piece; allocated on first use at the size needed and dropped when the handshake completes (with the
     * handshake reassembly buffers), so an idle connection holds none of them (see {@link #releaseHandshakeBuffers}).
     */
    private ByteBuffer scratch;
    private final TraceListener trace;
    private final int packetBufferSize;
    private final RecordSizing sizing;
    private byte[] hsOut = new byte[1024];
    private int hsOutLen;
    private byte[] hsIn = new byte[1024];
    private int hsInLen;
    /** The last result returned: an immutable value, returned again when the next one is equal (bulk data). */
    private SSLEngineResult lastResult;
    /**
     * Consecutive records that carried nothing (empty application data, warning alerts other than
     * close_notify): a peer that only sends such records would keep us spinning forever. Go caps these
     * "useless records" at 16 (crypto/tls maxUselessRecords), BoringSSL at 32 empty records and 4 warning
     * alerts, OpenSSL at 32 empty records; past the cap we end with unexpected_message (RFC 5246 7.2.2).
     */
    private int uselessRecords;
    static final int MAX_USELESS_RECORDS = 32;

    private HandshakeState state;
    private boolean started;
    private boolean complete;
    /** A handshake (the first or a renegotiation, RFC 5746) is in progress. */
    private boolean handshaking;
    /** Counts renegotiations begun (0: the first handshake), so the engine can tell sessions apart. */
    private int generation;
    /** During a renegotiation: what to go back to if the peer refuses it with no_renegotiation. */
    private HandshakeState beforeRenegotiation;
    private HandshakeContext contextBeforeRenegotiation;
    /** The policy for a renegotiation, as the application has it when one starts (null: the first one's). */
    private java.util.function.Supplier<TlsConfig> renegotiationConfig;
    private boolean finishedReported;
    private boolean taskPending;
    private boolean taskHandedOut;
    private boolean inboundDone;
    private boolean outboundDone;
    private boolean closeNotifyQueued;
    private boolean closeNotifyReceived;
    private boolean certificateRequested;
    private TlsAlertException failure;
    private Exception deferred;

    public Connection(TlsConfig config, Authenticator auth, SessionState session, int maxPlaintext) {
        this(config, auth, session, maxPlaintext, SessionCache.NONE);
    }

    public Connection(TlsConfig config, Authenticator auth, SessionState session, int maxPlaintext,
            SessionCache cache) {
        this(config, auth, session, maxPlaintext, cache, SecretLog.NONE);
    }

    public Connection(TlsConfig config, Authenticator auth, SessionState session, int maxPlaintext,
            SessionCache cache, SecretLog secretLog) {
        this(config, auth, session, maxPlaintext, cache, secretLog, TraceListener.NONE);
    }

    public Connection(TlsConfig config, Authenticator auth, SessionState session, int maxPlaintext,
            SessionCache cache, SecretLog secretLog, TraceListener trace) {
        this.trace = trace;
        this.config = config;
        this.session = session;
        this.reader = new RecordReader(maxPlaintext);
        this.packetBufferSize = RecordReader.maxRecordLength(maxPlaintext);
        this.sizing = new RecordSizing(reader, writer, packetBufferSize, config.recordLimits().maximumPacketSize());
        this.ctx = new HandshakeContext(config, auth, new Output(), session, new TranscriptHash(), cache,
                secretLog);
    }

    /** The session the latest handshake (first or renegotiation) is building or built. */
    public SessionState session() {
        return session;
    }

    public TlsConfig config() {
        return config;
    }

    /** Whether the peer sent a CertificateRequest (for failure messages: a client that had no certificate). */
    public boolean certificateRequested() {
        return certificateRequested;
    }

    /** Whether a handshake is in progress: the first one, or a renegotiation (or a HelloRequest we sent). */
    public boolean isHandshaking() {
        return handshaking;
    }

    /** 0 for the first handshake, then +1 for each renegotiation begun. */
    public int generation() {
        return generation;
    }

    /** Where a renegotiation takes its policy from (the engine's current parameters). */
    public void setRenegotiationConfig(java.util.function.Supplier<TlsConfig> supplier) {
        this.renegotiationConfig = supplier;
    }

    /**
     * The application asks for a new handshake on an established connection (JSSE beginHandshake): a client
     * sends a ClientHello, a server a HelloRequest. False when the connection cannot renegotiate (the peer
     * lacks RFC 5746 secure renegotiation); nothing happens while a handshake is already in progress.
     */
    public boolean renegotiate() throws TlsAlertException {
        if (!complete || handshaking) {
            return true;
        }
        if (!(state instanceof Traffic t) || !t.canRenegotiate()) {
            return false;
        }
        try {
            beforeRenegotiation = state;
            contextBeforeRenegotiation = ctx;
            handshaking = true;
            finishedReported = false;
            state = t.renegotiate(); // the new handshake's context comes from Output.renegotiate (traced there)
            flushHandshake();
            return true;
        } catch (TlsAlertException e) {
            throw fail(e);
        } catch (RuntimeException e) {
            throw fail(TlsAlertException.internalError("cannot start renegotiation: " + e, e));
        }
    }

    public boolean isStarted() {
        return started;
    }

    /** Whether the first handshake has completed (the peer's Finished verified, ours sent or queued). */
    public boolean isHandshakeComplete() {
        return complete;
    }

    public boolean isInboundDone() {
        return inboundDone;
    }

    public boolean isOutboundDone() {
        return outboundDone;
    }

    /** Starts the handshake: a client queues its ClientHello, a server waits for one. */
    public void start() throws TlsAlertException {
        if (started || outboundDone) {
            return;
        }
        started = true;
        handshaking = true;
        trace.handshakeStarted();
        try {
            state = config.clientMode() ? ClientStates.start(ctx) : ServerStates.start(ctx);
            flushHandshake();
        } catch (RuntimeException e) {
            throw fail(TlsAlertException.internalError("cannot start the handshake: " + e, e));
        }
    }

    public HandshakeStatus handshakeStatus() {
        if (!outbound.isEmpty()) {
            return HandshakeStatus.NEED_WRAP;
        }
        if (outboundDone && inboundDone) {
            return HandshakeStatus.NOT_HANDSHAKING;
        }
        if (taskPending) {
            return HandshakeStatus.NEED_TASK;
        }
        if (started && handshaking && failure == null) {
            return inboundDone ? HandshakeStatus.NEED_WRAP : HandshakeStatus.NEED_UNWRAP;
        }
        // After the handshake a half-closed connection is not handshaking (SunJSSE): a sent close_notify does
        // not make the engine wait for the peer's, and a received one shows as NEED_WRAP only while our
        // answering close_notify is queued.
        return HandshakeStatus.NOT_HANDSHAKING;
    }

    // ---------------------------------------------------------------------------------------------- wrap

    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst)
            throws TlsAlertException, PeerAlertException {
        rethrowDeferred();
        if (!started && !outboundDone) {
            start();
        }
        if (!outbound.isEmpty()) {
            if (dst.remaining() < sizing.wrapRoom()) {
                return result(Status.BUFFER_OVERFLOW, 0, 0);
            }
            int produced = flushOutbound(dst);
            if (produced < 0) {
                return result(Status.BUFFER_OVERFLOW, 0, 0);
            }
            return result(outboundDone ? Status.CLOSED : Status.OK, 0, produced);
        }
        if (outboundDone) {
            return result(Status.CLOSED, 0, 0);
        }
        if (!complete || taskPending) {
            return result(Status.OK, 0, 0);
        }
        // SunJSSE asks for room for the largest record before it looks at what there is to send (and
        // OpenJDK's SSLEngine/ArgCheck test relies on it): a destination smaller than getPacketBufferSize()
        // gets BUFFER_OVERFLOW even when this record would have fitted.
        if (dst.remaining() < sizing.wrapRoom()) {
            return result(Status.BUFFER_OVERFLOW, 0, 0);
        }
        return wrapApplicationData(srcs, offset, length, dst);
    }

    /**
     * Protects at most one record of application data, as SunJSSE does: callers commonly unwrap once per wrap
     * into a buffer sized from getApplicationBufferSize(), which holds exactly one record's plaintext.
     */
    private SSLEngineResult wrapApplicationData(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst)
            throws TlsAlertException {
        long available = 0;
        for (int i = offset; i < offset + length; i++) {
            available += srcs[i].remaining();
        }
        if (available == 0) {
            return result(Status.OK, 0, 0);
        }
        // RFC 6066 4 / RFC 8449 4: the plaintext of each record stays within the limit in force.
        int chunk = (int) Math.min(available, sizing.sendLimit());
        int i = offset;
        while (!srcs[i].hasRemaining()) {
            i++;
        }
        ByteBuffer src = srcs[i];
        ByteBuffer plaintext;
        int srcLimit = -1; // >= 0: the record is read from src itself, narrowed to the chunk, restored after
        int srcStart = src.position();
        if (src.remaining() >= chunk && src != dst) {
            // No view object per record: the caller's buffer, its limit lowered for the call.
            srcLimit = src.limit();
            src.limit(srcStart + chunk);
            plaintext = src;
        } else if (src.remaining() >= chunk) {
            plaintext = src.slice(); // src is dst too: a view keeps the two positions apart
            plaintext.limit(chunk);
            src.position(src.position() + chunk);
        } else {
            scratch(chunk);
            int need = chunk;
            while (need > 0) {
                ByteBuffer s = srcs[i];
                int n = Math.min(need, s.remaining());
                ByteBuffer part = s.slice();
                part.limit(n);
                scratch.put(part);
                s.position(s.position() + n);
                need -= n;
                if (!s.hasRemaining() && need > 0) {
                    i++;
                }
            }
            scratch.flip();
            plaintext = scratch;
        }
        int produced;
        try {
            produced = writer.write(ContentType.APPLICATION_DATA, plaintext, dst);
        } catch (TlsAlertException e) {
            // The write direction itself failed (sequence number exhausted, RFC 5246 6.1, or the cipher broke): no
            // alert can go out under it either, so the outbound side ends now, as in flushOutbound.
            outboundDone = true;
            throw fail(e);
        } finally {
            if (srcLimit >= 0) {
                src.limit(srcLimit).position(srcStart + chunk);
            }
        }
        trace.record(true, ContentType.APPLICATION_DATA, ProtocolVersion.TLS12.wire(),
                produced - RecordWriter.HEADER_LENGTH);
        return result(Status.OK, chunk, produced);
    }

    /** Writes queued records that fit; -1 when not even the first fits. */
    /**
     * Writes the next queued record into dst: one record per wrap, as SunJSSE does, so a caller sees NEED_WRAP
     * until the whole flight is out (OpenJDK's SSLEngine/CheckTlsEngineResults counts the wraps). Key changes
     * queued around the record (after a ChangeCipherSpec) are applied on the way, so the queue never ends in a
     * bare marker. Returns the bytes produced, or -1 when dst cannot hold the record.
     */
    private int flushOutbound(ByteBuffer dst) throws TlsAlertException {
        applyQueuedKeyChanges();
        if (outbound.isEmpty()) {
            return 0;
        }
        Outbound.Record r = (Outbound.Record) outbound.peek();
        byte[] data = r.data();
        // A handshake record longer than the limit in force (RFC 6066 4, RFC 8449 4, the maximum packet size) goes
        // out in pieces, one per wrap; alerts and ChangeCipherSpec are never split.
        int len = r.type() == ContentType.HANDSHAKE ? Math.min(data.length, sizing.sendLimit()) : data.length;
        if (dst.remaining() < writer.recordSize(len)) {
            return -1;
        }
        int n;
        try {
            n = writer.write(r.type(), ByteBuffer.wrap(data, 0, len), dst);
        } catch (TlsAlertException e) {
            outbound.clear();
            outboundDone = true;
            throw fail(e);
        }
        traceSent(r, n);
        outbound.poll();
        if (len < data.length) {
            outbound.addFirst(new Outbound.Record(r.type(), Arrays.copyOfRange(data, len, data.length),
                    r.closesOutbound()));
        } else if (r.closesOutbound()) {
            outboundDone = true;
            outbound.clear();
        }
        applyQueuedKeyChanges();
        return n;
    }

    private void applyQueuedKeyChanges() {
        while (outbound.peek() instanceof Outbound.ChangeWrite cw) {
            writer.setProtection(cw.protection());
            sizing.writeProtectionChanged();
            outbound.poll();
        }
    }

    /** Trace of one record as it goes out: the record header, then the alert or CCS it carries. */
    private void traceSent(Outbound.Record r, int recordBytes) {
        trace.record(true, r.type(), ProtocolVersion.TLS12.wire(), recordBytes - RecordWriter.HEADER_LENGTH);
        if (r.type() == ContentType.ALERT) {
            trace.alert(true, r.data()[0] & 0xFF, r.data()[1] & 0xFF);
        } else if (r.type() == ContentType.CHANGE_CIPHER_SPEC) {
            trace.changeCipherSpec(true);
        }
    }

    // -------------------------------------------------------------------------------------------- unwrap

    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length)
            throws TlsAlertException, PeerAlertException {
        rethrowDeferred();
        if (inboundDone) {
            return result(Status.CLOSED, 0, 0);
        }
        if (!started) {
            start();
            if (config.clientMode()) {
                return result(Status.OK, 0, 0);
            }
        }
        if (taskPending || (!complete && !outbound.isEmpty())) {
            return result(Status.OK, 0, 0);
        }
        if (src.remaining() < RecordWriter.HEADER_LENGTH) {
            return result(Status.BUFFER_UNDERFLOW, 0, 0);
        }
        RecordReader.Header h;
        try {
            h = reader.peekHeader(src);
        } catch (TlsAlertException e) {
            throw fail(e);
        }
        if (src.remaining() < h.recordLength()) {
            return result(Status.BUFFER_UNDERFLOW, 0, 0);
        }
        trace.record(false, h.type(), h.version(), h.length());
        if (h.type() == ContentType.APPLICATION_DATA) {
            return unwrapApplicationData(h, src, dsts, offset, length);
        }
        int start = src.position();
        ByteBuffer fragment = src.duplicate();
        fragment.position(start + RecordWriter.HEADER_LENGTH).limit(start + h.recordLength());
        // Room for this record's fragment only: handshake records are mostly small (a few hundred bytes to a few
        // KiB), so a handshake no longer allocates a 16 KiB+ buffer per engine up front; a larger record grows it.
        scratch(h.length());
        try {
            reader.open(h, fragment, scratch);
        } catch (TlsAlertException e) {
            throw fail(e);
        }
        src.position(start + h.recordLength());
        scratch.flip();
        try {
            switch (h.type()) {
                case HANDSHAKE -> receiveHandshake(scratch);
                case CHANGE_CIPHER_SPEC -> receiveChangeCipherSpec(scratch);
                case ALERT -> receiveAlert(scratch);
                default -> throw new IllegalStateException(h.type().toString());
            }
            process(false);
        } catch (TlsAlertException e) {
            throw fail(e);
        } catch (RuntimeException e) {
            throw fail(TlsAlertException.internalError("internal error handling " + h.type() + ": " + e, e));
        }
        return result(inboundDone ? Status.CLOSED : Status.OK, h.recordLength(), 0);
    }

    private SSLEngineResult unwrapApplicationData(RecordReader.Header h, ByteBuffer src, ByteBuffer[] dsts,
            int offset, int length) throws TlsAlertException {
        if (!complete) {
            throw fail(TlsAlertException.unexpectedMessage("application data received before the handshake completed"));
        }
        int bound = reader.plaintextBound(h.length());
        long room = 0;
        int direct = -1;
        for (int i = offset; i < offset + length; i++) {
            int r = dsts[i].remaining();
            if (direct < 0 && r > 0) {
                direct = r >= bound ? i : -2;
            }
            room += r;
        }
        if (room < bound) {
            return result(Status.BUFFER_OVERFLOW, 0, 0);
        }
        int start = src.position();
        int srcLimit = src.limit();
        // The fragment is read from the caller's buffer itself, narrowed for the call and restored after (no
        // view object per record).
        ByteBuffer fragment = direct >= 0 && dsts[direct] == src ? src.duplicate() : src;
        fragment.position(start + RecordWriter.HEADER_LENGTH).limit(start + h.recordLength());
        int n;
        try {
            if (direct >= 0) {
                n = reader.open(h, fragment, dsts[direct]);
            } else {
                scratch(bound);
                n = reader.open(h, fragment, scratch);
                scratch.flip();
                for (int i = offset; i < offset + length && scratch.hasRemaining(); i++) {
                    ByteBuffer d = dsts[i];
                    int k = Math.min(d.remaining(), scratch.remaining());
                    ByteBuffer part = scratch.slice();
                    part.limit(k);
                    d.put(part);
                    scratch.position(scratch.position() + k);
                }
                Arrays.fill(scratch.array(), 0, n, (byte) 0);
            }
        } catch (TlsAlertException e) {
            src.limit(srcLimit).position(start);
            throw fail(e);
        }
        src.limit(srcLimit).position(start + h.recordLength());
        if (n == 0) {
            try {
                countUselessRecord("empty application data records");
            } catch (TlsAlertException e) {
                throw fail(e);
            }
        } else {
            uselessRecords = 0;
        }
        return result(Status.OK, h.recordLength(), n);
    }

    private void countUselessRecord(String what) throws TlsAlertException {
        if (++uselessRecords > MAX_USELESS_RECORDS) {
            throw TlsAlertException.unexpectedMessage("more than " + MAX_USELESS_RECORDS
                    + " consecutive " + what + " or other records without content");
        }
    }

    private void receiveHandshake(ByteBuffer data) throws TlsAlertException {
        if (!data.hasRemaining()) {
            throw TlsAlertException.unexpectedMessage("empty handshake record (RFC 5246 6.2.1)");
        }
        uselessRecords = 0;
        int n = data.remaining();
        if (hsInLen + n > hsIn.length) {
            hsIn = Arrays.copyOf(hsIn, Math.max(hsIn.length * 2, hsInLen + n));
        }
        data.get(hsIn, hsInLen, n);
        hsInLen += n;
        int pos = 0;
        while (hsInLen - pos >= 4) {
            int typeCode = hsIn[pos] & 0xFF;
            int len = ((hsIn[pos + 1] & 0xFF) << 16) | ((hsIn[pos + 2] & 0xFF) << 8) | (hsIn[pos + 3] & 0xFF);
            HandshakeType type = HandshakeType.fromCode(typeCode);
            if (type == null) {
                throw TlsAlertException.unexpectedMessage("unknown handshake message type " + typeCode);
            }
            if (len > config.maxHandshakeMessageSize()) {
                // Checked from the header, before buffering: a peer cannot make us hold more than this.
                throw TlsAlertException.decodeError(type + " message of " + len + " bytes exceeds the limit of "
                        + config.maxHandshakeMessageSize() + " (jdk.tls.maxHandshakeMessageSize)");
            }
            if (hsInLen - pos < 4 + len) {
                break;
            }
            byte[] raw = Arrays.copyOfRange(hsIn, pos, pos + 4 + len);
            byte[] body = Arrays.copyOfRange(raw, 4, raw.length);
            pos += 4 + len;
            if (type == HandshakeType.HELLO_REQUEST && config.clientMode() && handshaking) {
                continue; // RFC 5246 7.4.1.1: ignored while a handshake is in progress
            }
            trace.received(type, body);
            certificateRequested |= type == HandshakeType.CERTIFICATE_REQUEST;
            queueInput(new HandshakeInput.Message(type, body, raw));
        }
        System.arraycopy(hsIn, pos, hsIn, 0, hsInLen - pos);
        hsInLen -= pos;
    }

    private void receiveChangeCipherSpec(ByteBuffer data) throws TlsAlertException {
        if (data.remaining() != 1 || data.get(data.position()) != 1) {
            throw TlsAlertException.decodeError("ChangeCipherSpec must be the single byte 1");
        }
        if (hsInLen != 0) {
            throw TlsAlertException.unexpectedMessage("ChangeCipherSpec inside a fragmented handshake message");
        }
        trace.changeCipherSpec(false);
        queueInput(new HandshakeInput.ChangeCipherSpec());
    }

    private void receiveAlert(ByteBuffer data) throws TlsAlertException, PeerAlertException {
        if (data.remaining() != 2) {
            throw TlsAlertException.decodeError("alert record of " + data.remaining() + " bytes (must be 2)");
        }
        int level = data.get() & 0xFF;
        int code = data.get() & 0xFF;
        trace.alert(false, level, code);
        if (code == AlertDescription.CLOSE_NOTIFY.code()) {
            closeNotifyReceived = true;
            inboundDone = true;
            if (!complete) {
                // The peer gave up mid-handshake: the handshake failed.
                destroyHandshakeSecrets();
                outbound.clear();
                outboundDone = true;
                trace.handshakeFailed(AlertDescription.fromCode(code), code, false, null);
                throw new PeerAlertException(code);
            }
            queueCloseNotify();
            return;
        }
        if (level == AlertLevel.FATAL.code() || AlertLevel.fromCode(level) == null) {
            inboundDone = true;
            outboundDone = true;
            outbound.clear();
            destroyHandshakeSecrets();
            if (handshaking) {
                trace.handshakeFailed(AlertDescription.fromCode(code), code, false, null);
            }
            throw new PeerAlertException(code);
        }
        if (code == AlertDescription.NO_RENEGOTIATION.code() && complete && handshaking) {
            abandonRenegotiation();
        }
        countUselessRecord("warning alerts");
        // Other warnings (user_canceled, ...) carry no action in TLS 1.2.
    }

    /**
     * RFC 5246 7.2.2: the peer refused our renegotiation with a no_renegotiation warning. A client still
     * waiting for the ServerHello, or a server still waiting for the answer to its HelloRequest, goes back to
     * the established connection; later in a handshake the warning is out of place and ends it.
     */
    private void abandonRenegotiation() throws TlsAlertException {
        boolean waitingForHello = config.clientMode()
                ? state instanceof ClientStates.ExpectServerHello : state instanceof Traffic;
        if (!waitingForHello || beforeRenegotiation == null) {
            throw TlsAlertException.unexpectedMessage("no_renegotiation warning in the middle of a handshake");
        }
        state = beforeRenegotiation;
        ctx = contextBeforeRenegotiation;
        config = ctx.config();
        session = ctx.session();
        beforeRenegotiation = null;
        contextBeforeRenegotiation = null;
        handshaking = false;
        finishedReported = true; // nothing completed: no FINISHED to report
    }

    /** Runs the state machine over queued inputs; stops at an expensive one unless running as the task. */
    private void process(boolean asTask) throws TlsAlertException {
        while (inputs != null && !inputs.isEmpty()) {
            HandshakeInput in = inputs.peek();
            if (!asTask && state.isExpensive(in)) {
                taskPending = true;
                return;
            }
            inputs.poll();
            state = state.handle(in);
            flushHandshake();
        }
        taskPending = false;
        releaseHandshakeBuffers();
    }

    private void queueInput(HandshakeInput in) {
        if (inputs == null) {
            inputs = new ArrayDeque<>(4);
        }
        inputs.add(in);
    }

    /** The scratch buffer, cleared, with room for at least {@code n} bytes. */
    private ByteBuffer scratch(int n) {
        if (scratch == null || scratch.capacity() < n) {
            scratch = ByteBuffer.allocate(Math.max(n, 512));
        }
        return scratch.clear();
    }

    /**
     * Once a handshake (the first or a renegotiation) is over and nothing is half-reassembled, the handshake's
     * buffers (grown to hold certificate flights: several KiB per connection), the input queue and the transcript
     * (its copy of the messages and its running digest; the context and the Traffic state let go of it) are
     * dropped; an idle connection keeps only what its record protection and a renegotiation need. A renegotiation
     * grows the buffers again and has a transcript of its own.
     */
    private void releaseHandshakeBuffers() {
        if (complete && !handshaking && hsInLen == 0 && hsOutLen == 0 && (hsIn.length > 0 || hsOut.length > 0)) {
            hsIn = NO_BYTES;
            hsOut = NO_BYTES;
            scratch = null;
            inputs = null;
            if (outbound.isEmpty()) {
                outbound = new ArrayDeque<>(1); // what an idle connection sends: one alert at a time
            }
            ctx.transcript().close();
            if (state instanceof Traffic t) {
                Traffic settled = t.settled();
                state = settled;
                ctx = settled.context();
            }
        }
    }

    /** The delegated task, or null when there is nothing to do (or it was already handed out). */
    public Runnable takeTask(Runnable wrapper) {
        if (!taskPending || taskHandedOut) {
            return null;
        }
        taskHandedOut = true;
        return wrapper;
    }

    /** Body of the delegated task; the engine runs it under its lock. */
    public void runTask() {
        try {
            process(true);
        } catch (TlsAlertException e) {
            deferred = fail(e);
        } catch (RuntimeException e) {
            deferred = fail(TlsAlertException.internalError("internal error in handshake task: " + e, e));
        } finally {
            taskPending = false;
            taskHandedOut = false;
        }
    }

    private void rethrowDeferred() throws TlsAlertException {
        if (deferred != null) {
            Exception e = deferred;
            deferred = null;
            throw (TlsAlertException) e;
        }
    }

    // ---------------------------------------------------------------------------------------------- close

    public void closeOutbound() {
        if (outboundDone || closeNotifyQueued) {
            return;
        }
        if (!started) {
            outboundDone = true;
            return;
        }
        if (!complete && failure == null) {
            // RFC 5246 7.2.1: cancelling a handshake is user_canceled followed by close_notify (as SunJSSE).
            flushHandshake();
            destroyHandshakeSecrets();
            outbound.add(new Outbound.Record(ContentType.ALERT,
                    new byte[] {(byte) AlertLevel.WARNING.code(), (byte) AlertDescription.USER_CANCELED.code()},
                    false));
        }
        queueCloseNotify();
    }

    /**
     * JSSE closeInbound. Returns true when this is a possible truncation: the peer's close_notify was not
     * received after the handshake completed. As SunJSSE (JDK 11+), that only closes the inbound side (the
     * caller reports it); outbound stays open until closeOutbound. During a handshake the handshake cannot
     * finish any more, so it fails with a fatal internal_error.
     */
    public boolean closeInbound() throws TlsAlertException {
        if (inboundDone) {
            return false;
        }
        inboundDone = true;
        if (started && !complete && !closeNotifyReceived) {
            throw fail(new TlsAlertException(AlertDescription.INTERNAL_ERROR,
                    "closing inbound before receiving peer's close_notify: possible truncation attack"));
        }
        return started && !closeNotifyReceived;
    }

    private void queueCloseNotify() {
        if (closeNotifyQueued || outboundDone) {
            return;
        }
        closeNotifyQueued = true;
        outbound.add(new Outbound.Record(ContentType.ALERT,
                new byte[] {(byte) AlertLevel.WARNING.code(), (byte) AlertDescription.CLOSE_NOTIFY.code()}, true));
    }

    /**
     * A handshake in progress ends without completing (fatal alert sent or received, close_notify or
     * user_canceled mid-handshake): the master secret and ephemeral keys its state holds are wiped, and so is
     * the unfinished handshake's session (never resumable) but not an established one a renegotiation started
     * from (it stays in the cache).
     */
    private void destroyHandshakeSecrets() {
        if (!handshaking || state == null) {
            return;
        }
        state.destroySecrets();
        boolean renegotiationSession = contextBeforeRenegotiation != null
                && session != contextBeforeRenegotiation.session();
        if (!complete || renegotiationSession) {
            session.destroyMasterSecret();
        }
    }

    /** Records a local fatal fault: drop unsent output, queue the alert, close both directions. */
    private TlsAlertException fail(TlsAlertException e) {
        if (failure != null) {
            return e;
        }
        failure = e;
        destroyHandshakeSecrets();
        if (handshaking) {
            trace.handshakeFailed(e.description(), e.description().code(), true, e.getMessage());
        }
        inboundDone = true;
        inputs = null;
        taskPending = false;
        hsOutLen = 0;
        // Drop everything not yet written, ChangeCipherSpec and its key switch included: a queued CCS would
        // otherwise go out first and the alert would be protected with keys the peer does not have yet.
        // (A CCS already written has had its ChangeWrite applied in the same flush, so none is left behind.)
        outbound.clear();
        if (!outboundDone) {
            closeNotifyQueued = true;
            outbound.add(new Outbound.Record(ContentType.ALERT,
                    new byte[] {(byte) AlertLevel.FATAL.code(), (byte) e.description().code()}, true));
        }
        return e;
    }

    public TlsAlertException failure() {
        return failure;
    }

    // --------------------------------------------------------------------------------------------- output

    private SSLEngineResult result(Status status, int consumed, int produced) {
        HandshakeStatus hs = handshakeStatus();
        if (complete && !handshaking && !finishedReported && outbound.isEmpty() && !taskPending && failure == null) {
            finishedReported = true;
            hs = HandshakeStatus.FINISHED;
        }
        SSLEngineResult r = lastResult;
        if (r == null || r.getStatus() != status || r.getHandshakeStatus() != hs || r.bytesConsumed() != consumed
                || r.bytesProduced() != produced) {
            r = new SSLEngineResult(status, hs, consumed, produced);
            lastResult = r;
        }
        return r;
    }

    private void flushHandshake() {
        int pos = 0;
        while (pos < hsOutLen) {
            int n = Math.min(RecordWriter.MAX_PLAINTEXT, hsOutLen - pos);
            outbound.add(new Outbound.Record(ContentType.HANDSHAKE, Arrays.copyOfRange(hsOut, pos, pos + n), false));
            pos += n;
        }
        hsOutLen = 0;
    }

    /** The state machine's port. */
    private final class Output implements HandshakeOutput {
        @Override
        public void send(HandshakeMessage message) {
            byte[] b = message.encode();
            trace.sent(message);
            if (message.type() != HandshakeType.HELLO_REQUEST) {
                ctx.transcript().update(b, 0, b.length);
            }
            if (hsOutLen + b.length > hsOut.length) {
                hsOut = Arrays.copyOf(hsOut, Math.max(hsOut.length * 2, hsOutLen + b.length));
            }
            System.arraycopy(b, 0, hsOut, hsOutLen, b.length);
            hsOutLen += b.length;
        }

        @Override
        public void sendChangeCipherSpec(RecordProtection write) {
            flushHandshake();
            outbound.add(new Outbound.Record(ContentType.CHANGE_CIPHER_SPEC, new byte[] {1}, false));
            outbound.add(new Outbound.ChangeWrite(write));
        }

        @Override
        public void changeReadProtection(RecordProtection read) {
            reader.setProtection(read);
            sizing.readProtectionChanged();
        }

        @Override
        public void recordLimits(int maxFragmentLength, int sendLimit, int receiveLimit) {
            sizing.negotiated(maxFragmentLength, sendLimit, receiveLimit);
        }

        @Override
        public void sendWarning(AlertDescription description) {
            flushHandshake();
            outbound.add(new Outbound.Record(ContentType.ALERT,
                    new byte[] {(byte) AlertLevel.WARNING.code(), (byte) description.code()}, false));
        }

        @Override
        public void handshakeComplete() {
            complete = true;
            trace.handshakeCompleted(session);
            handshaking = false;
            beforeRenegotiation = null;
            contextBeforeRenegotiation = null;
        }

        @Override
        public HandshakeContext renegotiate() {
            if (beforeRenegotiation == null) {
                // The peer started it (a HelloRequest to a client, a ClientHello to a server).
                beforeRenegotiation = state;
                contextBeforeRenegotiation = ctx;
            }
            TlsConfig next = config;
            if (renegotiationConfig != null) {
                TlsConfig fresh = renegotiationConfig.get();
                next = fresh != null ? fresh : config;
            }
            SessionState s = new SessionState();
            s.peerHost = session.peerHost;
            s.peerPort = session.peerPort;
            ctx = ctx.renegotiation(next, s, new TranscriptHash());
            config = next;
            sizing.setMaximumPacketSize(next.recordLimits().maximumPacketSize());
            session = s;
            handshaking = true;
            trace.handshakeStarted();
            finishedReported = false;
            generation++;
            return ctx;
        }
    }
}
