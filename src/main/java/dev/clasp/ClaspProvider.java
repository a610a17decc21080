package dev.clasp;

import dev.clasp.provider.ClaspKeyManagerFactory;
import dev.clasp.provider.ClaspSSLContext;
import dev.clasp.provider.ClaspTrustManagerFactory;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Clasp JSSE provider: a pure-Java TLS 1.2 implementation. Install it with
 * {@code Security.insertProviderAt(new ClaspProvider(), 1)} or name {@code Clasp} in a {@code java.security} file.
 */
public final class ClaspProvider extends Provider {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "Clasp";
    public static final String VERSION = "0.1";

    public ClaspProvider() {
        super(NAME, VERSION, "Clasp: pure-Java TLS 1.2 (SSLContext TLS, TLSv1.2, Default; KeyManagerFactory PKIX; TrustManagerFactory PKIX)");
        ClaspProvider self = this;
        putService(new ClaspService(self, "SSLContext", "TLS", ClaspSSLContext.Tls.class.getName(),
                List.of("SSL", "TLSv1.2"), () -> new ClaspSSLContext.Tls(self)));
        putService(new ClaspService(self, "SSLContext", "Default", ClaspSSLContext.Default.class.getName(),
                List.of(), () -> new ClaspSSLContext.Default(self)));
        putService(new ClaspService(self, "KeyManagerFactory", "PKIX", ClaspKeyManagerFactory.class.getName(),
                List.of("NewSunX509"), ClaspKeyManagerFactory::new));
        putService(new ClaspService(self, "TrustManagerFactory", "PKIX", ClaspTrustManagerFactory.class.getName(),
                List.of(), () -> new ClaspTrustManagerFactory(self)));
    }

    /** A service that builds its SPI directly instead of by reflection. */
    private static final class ClaspService extends Service {
        private final transient Supplier<Object> factory;

        ClaspService(Provider p, String type, String algorithm, String className, List<String> aliases,
                Supplier<Object> factory) {
            super(p, type, algorithm, className, aliases, null);
            this.factory = factory;
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            if (constructorParameter != null) {
                throw new java.security.InvalidParameterException(getType() + " takes no constructor parameter");
            }
            try {
                return factory.get();
            } catch (RuntimeException e) {
                throw new NoSuchAlgorithmException("cannot create " + getType() + "." + getAlgorithm() + ": " + e, e);
            }
        }
    }
}
