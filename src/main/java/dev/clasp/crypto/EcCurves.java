package dev.clasp.crypto;

import dev.clasp.suite.NamedGroup;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Domain parameters of the prime curves among the {@link NamedGroup}s: the NIST curves as the JDK defines them
 * ({@code AlgorithmParameters "EC"}), the RFC 7027 brainpool curves as BouncyCastle does (the JDK 17+ SunEC has
 * none). An immutable table built once.
 */
final class EcCurves {
    private static final Map<NamedGroup, ECParameterSpec> PARAMS;

    static {
        Map<NamedGroup, ECParameterSpec> m = new EnumMap<>(NamedGroup.class);
        for (NamedGroup g : NamedGroup.values()) {
            if (g.kind() != NamedGroup.Kind.EC) {
                continue;
            }
            try {
                Provider p = provider(g);
                AlgorithmParameters ap = p == null ? AlgorithmParameters.getInstance("EC")
                        : AlgorithmParameters.getInstance("EC", p);
                ap.init(new ECGenParameterSpec(g.jcaName()));
                m.put(g, ap.getParameterSpec(ECParameterSpec.class));
            } catch (GeneralSecurityException e) {
                // SunEC provides all three NIST curves on every supported JDK, BouncyCastle the brainpool ones; a
                // runtime without one simply cannot use that group (generate/agree report it).
            }
        }
        PARAMS = Collections.unmodifiableMap(m);
    }

    private EcCurves() {
    }

    /**
     * The provider for key generation and agreement on {@code group}: BouncyCastle's for the brainpool curves,
     * {@code null} (the installed providers, SunEC first) for the others.
     */
    static Provider provider(NamedGroup group) {
        return group.isBrainpool() ? JcaChoice.bouncyCastle() : null;
    }

    /** Parameters of an EC group, or {@code null} if the runtime lacks the curve or the group is not EC. */
    static ECParameterSpec params(NamedGroup group) {
        return PARAMS.get(group);
    }

    /** The group whose domain parameters equal {@code spec}, or {@code null} for any other curve. */
    static NamedGroup groupOf(ECParameterSpec spec) {
        if (spec == null) {
            return null;
        }
        for (Map.Entry<NamedGroup, ECParameterSpec> e : PARAMS.entrySet()) {
            ECParameterSpec known = e.getValue();
            // EllipticCurve.equals compares the field and the coefficients a and b.
            if (known.getCurve().equals(spec.getCurve()) && known.getOrder().equals(spec.getOrder())
                    && known.getGenerator().equals(spec.getGenerator())
                    && known.getCofactor() == spec.getCofactor()) {
                return e.getKey();
            }
        }
        return null;
    }
}
