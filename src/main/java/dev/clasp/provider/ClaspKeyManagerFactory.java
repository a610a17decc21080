package dev.clasp.provider;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.UnrecoverableKeyException;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.KeyStoreBuilderParameters;
import javax.net.ssl.ManagerFactoryParameters;

/**
 * KeyManagerFactory {@code PKIX} (alias {@code NewSunX509}): one {@link ClaspKeyManager} over a key store and
 * its password, or over the {@link KeyStore.Builder}s of {@link KeyStoreBuilderParameters}, as SunJSSE's
 * NewSunX509 takes them.
 */
public final class ClaspKeyManagerFactory extends KeyManagerFactorySpi {
    private ClaspKeyManager km;

    @Override
    protected void engineInit(KeyStore ks, char[] password)
            throws KeyStoreException, NoSuchAlgorithmException, UnrecoverableKeyException {
        if (ks == null) {
            km = new ClaspKeyManager(List.of());   // as SunJSSE: no store, no credentials
            return;
        }
        if (password == null) {
            throw new UnrecoverableKeyException("a key store password is needed to read its private keys");
        }
        km = new ClaspKeyManager(List.of(
                KeyStore.Builder.newInstance(ks, new KeyStore.PasswordProtection(password.clone()))));
    }

    @Override
    protected void engineInit(ManagerFactoryParameters spec) throws InvalidAlgorithmParameterException {
        if (!(spec instanceof KeyStoreBuilderParameters p)) {
            throw new InvalidAlgorithmParameterException("KeyStoreBuilderParameters expected, got "
                    + (spec == null ? "null" : spec.getClass().getName()));
        }
        try {
            km = new ClaspKeyManager(p.getParameters());
        } catch (KeyStoreException e) {
            throw new InvalidAlgorithmParameterException("cannot open a key store of the builder list", e);
        }
    }

    @Override
    protected KeyManager[] engineGetKeyManagers() {
        if (km == null) {
            throw new IllegalStateException("KeyManagerFactory not initialised");
        }
        return new KeyManager[] {km};
    }
}
