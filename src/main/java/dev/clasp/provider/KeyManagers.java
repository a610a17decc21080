package dev.clasp.provider;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/** Picks the key manager SSLContext.init was given, as SunJSSE does: the first X509KeyManager, else none. */
final class KeyManagers {
    private KeyManagers() {
    }

    static X509ExtendedKeyManager choose(KeyManager[] kms) {
        if (kms != null) {
            for (KeyManager km : kms) {
                if (km instanceof X509ExtendedKeyManager x) {
                    return x;
                }
                if (km instanceof X509KeyManager x) {
                    return new Adapter(x);
                }
            }
        }
        return new Empty();
    }

    /** A plain X509KeyManager given the engine methods (which it lacks) by delegation. */
    private static final class Adapter extends X509ExtendedKeyManager {
        private final X509KeyManager km;

        Adapter(X509KeyManager km) {
            this.km = km;
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

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return km.chooseClientAlias(keyType, issuers, null);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return km.chooseServerAlias(keyType, issuers, null);
        }
    }

    /** No credentials: a server cannot authenticate, a client sends an empty Certificate. */
    private static final class Empty extends X509ExtendedKeyManager {
        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return null;
        }
    }
}
