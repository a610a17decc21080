package dev.clasp.provider;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TrustManagerFactory {@code PKIX}: chain validation (RFC 5280 6) is the JDK's PKIX trust manager, taken from the
 * first installed provider other than Clasp that offers one (never Clasp itself: that would recurse). The result
 * is always an X509ExtendedTrustManager; a plain X509TrustManager from the delegate gets Clasp's endpoint
 * identification and algorithm checks around it.
 */
public final class ClaspTrustManagerFactory extends TrustManagerFactorySpi {
    static final String ALGORITHM = "PKIX";
    private final String selfName;
    private TrustManagerFactory delegate;
    private X509ExtendedTrustManager tm;

    public ClaspTrustManagerFactory(Provider self) {
        this.selfName = self.getName();
    }

    private TrustManagerFactory delegate() throws NoSuchAlgorithmException {
        if (delegate == null) {
            for (Provider p : Security.getProviders("TrustManagerFactory." + ALGORITHM)) {
                if (!p.getName().equals(selfName)) {
                    delegate = TrustManagerFactory.getInstance(ALGORITHM, p);
                    break;
                }
            }
            if (delegate == null) {
                throw new NoSuchAlgorithmException("no provider other than " + selfName + " offers TrustManagerFactory."
                        + ALGORITHM + " to validate chains");
            }
        }
        return delegate;
    }

    @Override
    protected void engineInit(KeyStore ks) throws KeyStoreException {
        try {
            TrustManagerFactory d = delegate();
            d.init(ks);
            tm = TrustManagers.choose(d.getTrustManagers());
        } catch (NoSuchAlgorithmException e) {
            throw new KeyStoreException(e.getMessage(), e);
        }
    }

    @Override
    protected void engineInit(ManagerFactoryParameters spec) throws InvalidAlgorithmParameterException {
        try {
            TrustManagerFactory d = delegate();
            d.init(spec);
            tm = TrustManagers.choose(d.getTrustManagers());
        } catch (NoSuchAlgorithmException | KeyStoreException e) {
            throw new InvalidAlgorithmParameterException(e.getMessage(), e);
        }
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        if (tm == null) {
            throw new IllegalStateException("TrustManagerFactory not initialised");
        }
        return new TrustManager[] {tm};
    }
}
