package dev.clasp.engine;

import javax.net.ssl.SSLParameters;

/** Copying SSLParameters field by field, with SunJSSE's rules for which fields a set call applies. */
public final class Parameters {
    private Parameters() {
    }

    public static SSLParameters copy(SSLParameters p) {
        SSLParameters c = new SSLParameters(p.getCipherSuites(), p.getProtocols());
        if (p.getNeedClientAuth()) {
            c.setNeedClientAuth(true);
        } else if (p.getWantClientAuth()) {
            c.setWantClientAuth(true);
        }
        c.setAlgorithmConstraints(p.getAlgorithmConstraints());
        c.setEndpointIdentificationAlgorithm(p.getEndpointIdentificationAlgorithm());
        c.setServerNames(p.getServerNames());
        c.setSNIMatchers(p.getSNIMatchers());
        c.setUseCipherSuitesOrder(p.getUseCipherSuitesOrder());
        c.setApplicationProtocols(p.getApplicationProtocols());
        c.setEnableRetransmissions(p.getEnableRetransmissions());
        c.setMaximumPacketSize(p.getMaximumPacketSize());
        return c;
    }

    /** Applies {@code from} to {@code to}: null suites, protocols, server names and matchers leave those unchanged. */
    static void apply(SSLParameters from, SSLParameters to, String[] suites, String[] protocols) {
        if (suites != null) {
            to.setCipherSuites(suites);
        }
        if (protocols != null) {
            to.setProtocols(protocols);
        }
        if (from.getNeedClientAuth()) {
            to.setNeedClientAuth(true);
        } else if (from.getWantClientAuth()) {
            to.setWantClientAuth(true);
        } else {
            to.setWantClientAuth(false);
        }
        // As SunJSSE: a null algorithm constraints or endpoint identification algorithm keeps the current one.
        if (from.getAlgorithmConstraints() != null) {
            to.setAlgorithmConstraints(from.getAlgorithmConstraints());
        }
        if (from.getEndpointIdentificationAlgorithm() != null) {
            to.setEndpointIdentificationAlgorithm(from.getEndpointIdentificationAlgorithm());
        }
        if (from.getServerNames() != null) {
            to.setServerNames(from.getServerNames());
        }
        if (from.getSNIMatchers() != null) {
            to.setSNIMatchers(from.getSNIMatchers());
        }
        to.setUseCipherSuitesOrder(from.getUseCipherSuitesOrder());
        if (from.getApplicationProtocols() != null) {
            to.setApplicationProtocols(from.getApplicationProtocols());
        }
        to.setEnableRetransmissions(from.getEnableRetransmissions());
        to.setMaximumPacketSize(from.getMaximumPacketSize());
    }

    /**
     * A fresh engine's parameters with SunJSSE's defaults where they differ from {@code new SSLParameters()}:
     * the local cipher suite order is honoured, retransmissions (a DTLS setting) are off, and the maximum packet
     * size is SunJSSE's 16709.
     */
    static SSLParameters defaults(String[] suites, String[] protocols) {
        SSLParameters p = new SSLParameters(suites, protocols);
        p.setUseCipherSuitesOrder(true);
        p.setEnableRetransmissions(false);
        // SunJSSE's TLS engines and sockets report SSLRecord.maxRecordSize (16709) until the application sets one.
        p.setMaximumPacketSize(dev.clasp.config.RecordLimits.DEFAULT_MAXIMUM_PACKET_SIZE);
        return p;
    }
}
