package dev.clasp.engine;

import dev.clasp.core.TraceListener;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code clasp.debug} setting of one SSLContext, read when the context is initialised (ENGINEERING 2.8):
 * {@code handshake} traces each handshake message, ChangeCipherSpec and alert; {@code record} each record header;
 * {@code all} both. Several may be given, separated by commas or spaces. Lines go to the {@code System.Logger}
 * named {@code dev.clasp}. Also hands each connection its JFR recorder when the {@code jdk.jfr} module is present.
 */
public final class Debug {
    /** Nothing traced (JFR events still recorded when a recording asks for them). */
    public static final Debug OFF = new Debug(false, false);

    private final boolean handshake;
    private final boolean record;
    /** Numbers this context's connections in trace lines (per context: no global state). */
    private final AtomicLong ids = new AtomicLong();

    public Debug(boolean handshake, boolean record) {
        this.handshake = handshake;
        this.record = record;
    }

    /** The {@code clasp.debug} system property; unknown words are ignored, as {@code javax.net.debug}'s are. */
    public static Debug fromProperty() {
        return parse(System.getProperty("clasp.debug"));
    }

    static Debug parse(String value) {
        if (value == null || value.isBlank()) {
            return OFF;
        }
        boolean hs = false;
        boolean rec = false;
        for (String w : value.toLowerCase(Locale.ROOT).split("[\\s,]+")) {
            switch (w) {
                case "handshake" -> hs = true;
                case "record" -> rec = true;
                case "all" -> {
                    hs = true;
                    rec = true;
                }
                default -> { }
            }
        }
        return new Debug(hs, rec);
    }

    public boolean handshake() {
        return handshake;
    }

    public boolean record() {
        return record;
    }

    /** The listener for one new connection: {@link TraceListener#NONE} when there is neither trace nor JFR. */
    TraceListener listener(boolean client, String peerHost, int peerPort) {
        if (!handshake && !record && !Jfr.AVAILABLE) {
            return TraceListener.NONE;
        }
        return new ConnectionTrace(handshake, record, ids.incrementAndGet(), client, peerHost, peerPort);
    }

    @Override
    public String toString() {
        return "Debug[handshake=" + handshake + ", record=" + record + "]";
    }
}
