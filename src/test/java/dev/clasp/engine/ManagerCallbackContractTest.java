package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.engine.Contract.Impl;
import dev.clasp.engine.Contract.Pair;
import dev.clasp.it.ForwardingTrustManager;
import dev.clasp.it.TestPki;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What key and trust managers are asked, and with which arguments: key type strings, authType, the engine and
 * its handshake session. Recorded for a Clasp pair and a SunJSSE pair and compared.
 */
class ManagerCallbackContractTest {
    static final List<String> SUNJSSE_KEY_TYPES = List.of("RSA", "EC", "RSASSA-PSS", "DSA", "EdDSA");

    static final class RecordingKeyManager extends X509ExtendedKeyManager {
        final X509ExtendedKeyManager km;
        final List<String> log;
        final TreeSet<String> serverKeyTypes = new TreeSet<>();

        RecordingKeyManager(X509ExtendedKeyManager km, List<String> log) {
            this.km = km;
            this.log = log;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            assertTrue(SUNJSSE_KEY_TYPES.contains(keyType), keyType);
            serverKeyTypes.add(keyType);
            String alias = km.chooseEngineServerAlias(keyType, issuers, engine);
            if (alias != null) {
                ExtendedSSLSession hs = (ExtendedSSLSession) engine.getHandshakeSession();
                log.add("server alias for " + keyType + " engine=" + (engine != null) + " handshakeSession="
                        + (hs != null) + " names=" + (hs == null ? null : hs.getRequestedServerNames()));
            }
            return alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            TreeSet<String> types = new TreeSet<>(Arrays.asList(keyType));
            // SunJSSE's key type vocabulary only; never suite-derived names such as ECDHE_ECDSA.
            assertTrue(SUNJSSE_KEY_TYPES.containsAll(types), types.toString());
            // Clasp cannot sign with DSA or RSASSA-PSS keys, so it does not ask for them.
            types.removeAll(List.of("DSA", "RSASSA-PSS"));
            log.add("client alias types=" + types + " issuers=" + (issuers == null ? null : issuers.length > 0)
                    + " engine=" + (engine != null) + " handshakeSession=" + (engine.getHandshakeSession() != null));
            return km.chooseEngineClientAlias(keyType, issuers, engine);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return km.getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return km.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return km.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return km.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return km.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return km.getPrivateKey(alias);
        }
    }

    static final class RecordingTrustManager extends ForwardingTrustManager {
        final List<String> log;

        RecordingTrustManager(X509ExtendedTrustManager tm, List<String> log) {
            super(tm);
            this.log = log;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            log.add("checkClientTrusted " + authType + " chain=" + chain.length + " engine=" + (engine != null)
                    + " handshakeSession=" + (engine.getHandshakeSession() != null));
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            log.add("checkServerTrusted " + authType + " chain=" + chain.length + " engine=" + (engine != null)
                    + " handshakeSession=" + (engine.getHandshakeSession() != null));
            delegate.checkServerTrusted(chain, authType, engine);
        }
    }

    static Provider provider(Impl impl) {
        return impl == Impl.CLASP ? new dev.clasp.ClaspProvider() : Security.getProvider("SunJSSE");
    }

    static SSLContext recording(Impl impl, String keyStore, List<String> log, TreeSet<String> serverTypes)
            throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.2", provider(impl));
        RecordingKeyManager km = new RecordingKeyManager(
                (X509ExtendedKeyManager) TestPki.keyManagers(keyStore)[0], log);
        ctx.init(new javax.net.ssl.KeyManager[] {km},
                new TrustManager[] {new RecordingTrustManager(
                        (X509ExtendedTrustManager) TestPki.trustManagers("truststore.p12")[0], log)}, null);
        if (serverTypes != null) {
            // the caller reads the key types from this set after the handshake
            serverTypesOf.put(ctx, km.serverKeyTypes);
        }
        return ctx;
    }

    static final java.util.Map<SSLContext, TreeSet<String>> serverTypesOf = new java.util.IdentityHashMap<>();

    static List<String> callbacks(Impl impl, String serverKeys, String clientKeys, String suite) throws Exception {
        List<String> clientLog = new ArrayList<>();
        List<String> serverLog = new ArrayList<>();
        SSLContext cctx = recording(impl, clientKeys, clientLog, null);
        SSLContext sctx = recording(impl, serverKeys, serverLog, new TreeSet<>());
        SSLEngine client = cctx.createSSLEngine("www.example.com", 443);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {suite});
        SSLEngine server = Contract.server(sctx);
        server.setNeedClientAuth(true);
        new Pair(client, server).handshake();
        List<String> t = new ArrayList<>();
        t.add("suite " + client.getSession().getCipherSuite());
        clientLog.forEach(l -> t.add("client: " + l));
        serverLog.forEach(l -> t.add("server: " + l));
        t.add("server key types asked: " + serverTypesOf.get(sctx));
        return t;
    }

    @Test
    void ecdsaServerEcClientLikeSunJsse() throws Exception {
        String suite = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
        List<String> ref = callbacks(Impl.SUNJSSE, "server-ec256.p12", "client-ec.p12", suite);
        assertEquals(String.join("\n", ref),
                String.join("\n", callbacks(Impl.CLASP, "server-ec256.p12", "client-ec.p12", suite)));
    }

    @Test
    void rsaServerRsaClientLikeSunJsse() throws Exception {
        String suite = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
        List<String> ref = callbacks(Impl.SUNJSSE, "server-rsa.p12", "client-rsa.p12", suite);
        assertEquals(String.join("\n", ref),
                String.join("\n", callbacks(Impl.CLASP, "server-rsa.p12", "client-rsa.p12", suite)));
    }

    /** A Clasp client asked by a SunJSSE server gets the key types a SunJSSE client gets (those it can sign with). */
    @Test
    void claspClientKeyTypesAgainstSunJsseServer() throws Exception {
        List<String> log = new ArrayList<>();
        SSLContext cctx = recording(Impl.CLASP, "client-ec.p12", log, null);
        SSLEngine client = cctx.createSSLEngine("www.example.com", 443);
        client.setUseClientMode(true);
        SSLEngine server = Contract.server(Contract.context(Impl.SUNJSSE, "server-ec256.p12"));
        server.setNeedClientAuth(true);
        new Pair(client, server).handshake();
        assertTrue(log.contains("client alias types=[EC, EdDSA, RSA] issuers=true engine=true handshakeSession=true"),
                log.toString());
        assertTrue(log.contains("checkServerTrusted ECDHE_ECDSA chain=3 engine=true handshakeSession=true"),
                log.toString());
    }

    /** A plain X509TrustManager still gets endpoint identification (SunJSSE wraps it). */
    @ParameterizedTest
    @EnumSource(Impl.class)
    void plainTrustManagerStillChecksHostName(Impl impl) throws Exception {
        X509TrustManager pkix = (X509TrustManager) TestPki.trustManagers("truststore.p12")[0];
        X509TrustManager plain = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                pkix.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                pkix.checkServerTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return pkix.getAcceptedIssuers();
            }
        };
        for (String keys : new String[] {"server-ec256.p12", "server-wronghost.p12"}) {
            SSLContext cctx = SSLContext.getInstance("TLSv1.2", provider(impl));
            cctx.init(null, new TrustManager[] {plain}, null);
            SSLEngine client = cctx.createSSLEngine("localhost", 443);
            client.setUseClientMode(true);
            SSLParameters p = client.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            client.setSSLParameters(p);
            Pair pair = new Pair(client, Contract.server(Contract.context(impl, keys)));
            if (keys.contains("wronghost")) {
                SSLException e = assertThrows(SSLException.class, pair::handshake);
                assertEquals(SSLHandshakeException.class, e.getClass());
            } else {
                pair.handshake();
            }
        }
    }
}
