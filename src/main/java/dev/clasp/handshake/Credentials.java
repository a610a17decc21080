package dev.clasp.handshake;

import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.SignatureScheme;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Server credential look-up per key type, asked of the key manager at most once per type. */
final class Credentials {
    private final HandshakeContext ctx;
    private final List<Integer> clientSchemes;
    /** Curves the client offered, or null for "any" (no supported_groups extension). */
    private final List<NamedGroup> clientGroups;
    private final Map<String, Credential> found = new HashMap<>();
    private final Map<String, String> why = new LinkedHashMap<>();   // in the order asked, for describe()

    Credentials(HandshakeContext ctx, List<Integer> clientSchemes, List<NamedGroup> clientGroups) {
        this.ctx = ctx;
        this.clientSchemes = clientSchemes;
        this.clientGroups = clientGroups;
    }

    /**
     * The credential for {@code keyType}; with {@code signs}, one that can sign with a scheme the client accepts
     * (RFC 5246 7.4.1.4.1), otherwise (RSA key exchange, which only decrypts) any key of that type.
     */
    Credential forKeyType(String keyType, boolean signs) {
        String slot = signs ? keyType : keyType + "/decrypt";
        if (found.containsKey(slot) || why.containsKey(slot)) {
            return found.get(slot);
        }
        Credential c = lookUp(keyType, signs, slot);
        if (c != null) {
            found.put(slot, c);
        }
        return c;
    }

    private Credential lookUp(String keyType, boolean signs, String slot) {
        String alias = ctx.auth().chooseServerAlias(keyType, null);
        if (alias == null) {
            why.put(slot, "no alias");
            return null;
        }
        X509Certificate[] chain = ctx.config().keyManager().getCertificateChain(alias);
        PrivateKey key = ctx.config().keyManager().getPrivateKey(alias);
        if (chain == null || chain.length == 0 || key == null) {
            why.put(slot, "alias " + alias + " has no key or chain");
            return null;
        }
        if (!Certificates.keyType(chain[0].getPublicKey()).equals(keyType)) {
            why.put(slot, "alias " + alias + " is not an " + keyType + " certificate");
            return null;
        }
        if ("EC".equals(keyType)) {
            NamedGroup curve = Certificates.curveOf(chain[0].getPublicKey());
            if (curve == null || (clientGroups != null && !clientGroups.contains(curve))) {
                why.put(slot, "alias " + alias + " is on curve " + curve + ", not offered by the client");
                return null;
            }
        }
        if (!signs) {
            // RFC 5246 7.4.2: RSA key exchange needs an RSA key allowed to encipher; no signature is made.
            return new Credential(alias, chain, key, null);
        }
        List<SignatureScheme> preference = ctx.config().signatureSchemes();
        SignatureScheme scheme = Certificates.chooseScheme(preference, clientSchemes, key);
        if (scheme == null) {
            why.put(slot, "alias " + alias + ": no signature scheme in common");
            return null;
        }
        return new Credential(alias, chain, key, scheme);
    }

    String describe() {
        return why.isEmpty() ? "nothing" : why.toString();
    }
}
