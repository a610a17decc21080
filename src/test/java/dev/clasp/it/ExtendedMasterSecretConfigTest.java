package dev.clasp.it;

import static dev.clasp.it.JdkPropertiesTest.claspWith;
import static dev.clasp.it.JdkPropertiesTest.client;
import static dev.clasp.it.JdkPropertiesTest.handshake;
import static dev.clasp.it.JdkPropertiesTest.server;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.ClaspSSLSession;
import dev.clasp.it.TestPki.Peer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * {@code jdk.tls.useExtendedMasterSecret} and {@code jdk.tls.allowLegacyResumption}, as SunJSSE's
 * ExtendedMasterSecretExtension applies them: off, the extension is neither offered nor accepted and sessions
 * made without it resume; on (the default), a session made without it is never resumed (RFC 7627 5.3), and the
 * server answers such a resumption attempt with a full handshake, or with handshake_failure when legacy
 * resumption is not allowed.
 */
class ExtendedMasterSecretConfigTest {
    private static final int EMS = 23;

    static final Map<String, String> EMS_OFF = Map.of("jdk.tls.useExtendedMasterSecret", "false");

    /** Whether the first record of the given direction (a hello) carries extension 23 (a crude but exact scan). */
    static boolean helloHasEms(byte[] record) {
        // record(5) type(1) len(3) version(2) random(32) session_id
        int p = 5 + 4 + 2 + 32;
        p += 1 + (record[p] & 0xFF);
        boolean clientHello = record[5] == 1;
        if (clientHello) {
            p += 2 + (((record[p] & 0xFF) << 8) | (record[p + 1] & 0xFF));
            p += 1 + (record[p] & 0xFF);
        } else {
            p += 2 + 1;
        }
        int end = p + 2 + (((record[p] & 0xFF) << 8) | (record[p + 1] & 0xFF));
        p += 2;
        while (p + 4 <= end) {
            int type = ((record[p] & 0xFF) << 8) | (record[p + 1] & 0xFF);
            int len = ((record[p + 2] & 0xFF) << 8) | (record[p + 3] & 0xFF);
            if (type == EMS) {
                return true;
            }
            p += 4 + len;
        }
        return false;
    }

    /** Runs one handshake through a MITM that only looks at the two hellos. */
    static boolean[] hellosHaveEms(SSLEngine c, SSLEngine s) {
        AtomicBoolean ch = new AtomicBoolean();
        AtomicBoolean sh = new AtomicBoolean();
        MitmPair p = new MitmPair(c, s, (fromClient, index, record) -> {
            if (index == 0) {
                (fromClient ? ch : sh).set(helloHasEms(record));
            }
            return List.of(record);
        }).run();
        assertEquals(null, p.clientError());
        assertEquals(null, p.serverError());
        return new boolean[] {ch.get(), sh.get()};
    }

    @Test
    void onByDefaultBothWays() throws Exception {
        boolean[] ems = hellosHaveEms(client(TestPki.context(Peer.CLASP, null)),
                server(TestPki.context(Peer.SUNJSSE, "server-ec256.p12")));
        assertTrue(ems[0] && ems[1]);
        ems = hellosHaveEms(client(TestPki.context(Peer.SUNJSSE, null)),
                server(TestPki.context(Peer.CLASP, "server-ec256.p12")));
        assertTrue(ems[0] && ems[1]);
    }

    @Test
    void offClientDoesNotOfferIt() throws Exception {
        SSLContext off = claspWith(EMS_OFF, null);
        boolean[] ems = hellosHaveEms(client(off), server(TestPki.context(Peer.SUNJSSE, "server-ec256.p12")));
        assertFalse(ems[0], "no extended_master_secret in the ClientHello");
        assertFalse(ems[1], "SunJSSE did not echo it");
    }

    @Test
    void offServerIgnoresTheClientsOffer() throws Exception {
        SSLContext off = claspWith(EMS_OFF, "server-ec256.p12");
        boolean[] ems = hellosHaveEms(client(TestPki.context(Peer.SUNJSSE, null)), server(off));
        assertTrue(ems[0], "SunJSSE offers it");
        assertFalse(ems[1], "the Clasp server does not accept it");
    }

    /** With the extension off on both sides, sessions made without it are resumed (SunJSSE does the same). */
    @Test
    void offBothSidesResumes() throws Exception {
        SSLContext client = claspWith(EMS_OFF, null);
        SSLContext server = claspWith(EMS_OFF, "server-ec256.p12");
        EnginePair first = handshake(client(client), server(server));
        EnginePair second = handshake(client(client), server(server));
        assertArrayEquals(first.client.getSession().getId(), second.client.getSession().getId());
        assertTrue(((ClaspSSLSession) second.client.getSession()).isResumed());
        assertTrue(((ClaspSSLSession) second.server.getSession()).isResumed());
    }

    /** A Clasp client without the extension resuming against a SunJSSE server: no EMS, so a full handshake. */
    @Test
    void offClientAgainstSunJsseServerGetsFullHandshakes() throws Exception {
        SSLContext client = claspWith(EMS_OFF, null);
        SSLContext server = TestPki.context(Peer.SUNJSSE, "server-ec256.p12");
        EnginePair first = handshake(client(client), server(server));
        EnginePair second = handshake(client(client), server(server));
        assertFalse(((ClaspSSLSession) first.client.getSession()).isResumed());
        assertFalse(((ClaspSSLSession) second.client.getSession()).isResumed(),
                "SunJSSE (EMS on) does not resume a session made without it");
    }

    /**
     * Server with the extension on, a client without it: the session it made has no EMS; resuming it gets a full
     * handshake (jdk.tls.allowLegacyResumption=true, the default) or handshake_failure (false), as SunJSSE.
     */
    @Test
    void legacyResumptionAttemptFullHandshakeOrFailure() throws Exception {
        SSLContext client = claspWith(EMS_OFF, null);
        SSLContext lenient = TestPki.context(Peer.CLASP, "server-ec256.p12");
        handshake(client(client), server(lenient));
        EnginePair second = handshake(client(client), server(lenient));
        assertFalse(((ClaspSSLSession) second.server.getSession()).isResumed(), "full handshake instead");

        SSLContext strict = claspWith(Map.of("jdk.tls.allowLegacyResumption", "false"), "server-ec256.p12");
        SSLContext client2 = claspWith(EMS_OFF, null);
        handshake(client(client2), server(strict));
        SSLEngine c = client(client2);
        SSLEngine s = server(strict);
        MitmPair p = new MitmPair(c, s, MitmPair.NONE).run();
        assertNotNull(p.serverError());
        assertEquals(SSLHandshakeException.class, p.serverError().getClass());
        assertTrue(p.serverError().getMessage().contains("RFC 7627 5.3"), p.serverError().getMessage());
        assertNotNull(p.clientError());
        assertTrue(p.clientError().getMessage().contains("handshake_failure"), p.clientError().getMessage());
        // A client that offers the extension is not affected by the strict setting.
        EnginePair ok = handshake(client(TestPki.context(Peer.SUNJSSE, null)), server(strict));
        assertEquals("TLSv1.2", ok.server.getSession().getProtocol());
    }
}
