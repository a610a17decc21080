package dev.clasp.provider;

import dev.clasp.config.StatusResponseSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ocsp.CertID;

/**
 * A server's source of OCSP responses to staple (RFC 6066 8), configured as SunJSSE's StatusResponseManager by
 * the {@code jdk.tls.stapling.*} system properties: it asks the responder in the leaf's AIA (or
 * {@code responderURI}) with an HTTP POST (RFC 6960 A.1) bounded by {@code responseTimeout}, and keeps each
 * response in a small LRU cache until its nextUpdate (at most {@code cacheLifetime}). Failures are not errors:
 * the server then simply staples nothing.
 */
final class OcspStapler implements StatusResponseSource {
    /** SunJSSE's defaults: 256 entries, 3600 s, 5000 ms. */
    static final int DEFAULT_CACHE_SIZE = 256;
    static final int DEFAULT_CACHE_LIFETIME = 3600;
    static final int DEFAULT_RESPONSE_TIMEOUT = 5000;
    /** Larger answers are not OCSP responses worth stapling (and would not fit a client's handshake limit). */
    private static final int MAX_RESPONSE = 1 << 20;

    private final URI defaultResponder;
    private final boolean responderOverride;
    private final int cacheSize;
    private final long cacheLifetimeMillis;
    private final int responseTimeoutMillis;
    private final boolean ignoreExtensions;
    private final LongSupplier clock;
    private final Map<String, Entry> cache = new LinkedHashMap<>(16, 0.75f, true);

    private record Entry(byte[] der, long expires) {
    }

    OcspStapler(URI defaultResponder, boolean responderOverride, int cacheSize, int cacheLifetimeSeconds,
            int responseTimeoutMillis, boolean ignoreExtensions, LongSupplier clock) {
        this.defaultResponder = defaultResponder;
        this.responderOverride = responderOverride;
        this.cacheSize = cacheSize;
        this.cacheLifetimeMillis = cacheLifetimeSeconds * 1000L;
        this.responseTimeoutMillis = responseTimeoutMillis;
        this.ignoreExtensions = ignoreExtensions;
        this.clock = clock;
    }

    /**
     * From the system properties, read when the context is initialised: {@code jdk.tls.stapling.responderURI}
     * (default none), {@code responderOverride} (false), {@code cacheSize} (256; 0 or less: unbounded),
     * {@code cacheLifetime} (3600 s; 0 or less: until nextUpdate), {@code responseTimeout} (5000 ms) and
     * {@code ignoreExtensions} (false).
     */
    static OcspStapler fromProperties() {
        String uri = System.getProperty("jdk.tls.stapling.responderURI");
        URI responder = null;
        if (uri != null && !uri.isBlank()) {
            try {
                responder = URI.create(uri.trim());
            } catch (IllegalArgumentException e) {
                responder = null; // SunJSSE ignores a malformed default responder
            }
        }
        return new OcspStapler(responder, ClaspSSLContext.flag("jdk.tls.stapling.responderOverride", false),
                integer("jdk.tls.stapling.cacheSize", DEFAULT_CACHE_SIZE),
                integer("jdk.tls.stapling.cacheLifetime", DEFAULT_CACHE_LIFETIME),
                Math.max(1, integer("jdk.tls.stapling.responseTimeout", DEFAULT_RESPONSE_TIMEOUT)),
                ClaspSSLContext.flag("jdk.tls.stapling.ignoreExtensions", false), System::currentTimeMillis);
    }

    private static int integer(String property, int fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public byte[] ocspResponse(X509Certificate[] chain, byte[] requestExtensions) {
        if (chain.length < 2) {
            return null; // RFC 6960 4.1.1: the CertID needs the issuer, which a lone certificate does not give
        }
        URI responder = responderFor(chain[0]);
        if (responder == null || !"http".equalsIgnoreCase(responder.getScheme())) {
            return null;
        }
        try {
            CertID id = OcspRequests.certId(chain[0], chain[1]);
            // A client's request extensions (a nonce, usually) go to the responder unless ignoreExtensions; such a
            // response answers that request only, so it is neither taken from nor put in the cache.
            byte[] exts = ignoreExtensions || requestExtensions == null ? new byte[0] : requestExtensions;
            boolean cacheable = exts.length == 0;
            String key = cacheable ? Base64.getEncoder().encodeToString(id.getEncoded(ASN1Encoding.DER)) : null;
            if (cacheable) {
                byte[] cached = cached(key);
                if (cached != null) {
                    return cached;
                }
            }
            byte[] der = post(responder, OcspRequests.request(id, exts));
            OcspRequests.Checked checked = der == null ? null : OcspRequests.check(der, id, clock.getAsLong());
            if (checked == null) {
                return null;
            }
            if (cacheable) {
                store(key, checked);
            }
            return checked.der();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** SunJSSE's order: the override if set, else the AIA responder, else the default responder. */
    private URI responderFor(X509Certificate leaf) {
        if (responderOverride && defaultResponder != null) {
            return defaultResponder;
        }
        String aia = OcspRequests.responderUri(leaf);
        if (aia != null) {
            try {
                return URI.create(aia);
            } catch (IllegalArgumentException e) {
                return defaultResponder;
            }
        }
        return defaultResponder;
    }

    private synchronized byte[] cached(String key) {
        Entry e = cache.get(key);
        if (e == null) {
            return null;
        }
        if (e.expires <= clock.getAsLong()) {
            cache.remove(key);
            return null;
        }
        return e.der.clone();
    }

    private synchronized void store(String key, OcspRequests.Checked checked) {
        long now = clock.getAsLong();
        long expires = Long.MAX_VALUE;
        if (checked.nextUpdate() >= 0) {
            expires = checked.nextUpdate();
        }
        if (cacheLifetimeMillis > 0) {
            expires = Math.min(expires, now + cacheLifetimeMillis);
        }
        cache.put(key, new Entry(checked.der(), expires));
        if (cacheSize > 0) {
            var it = cache.keySet().iterator();
            while (cache.size() > cacheSize && it.hasNext()) {
                it.next();
                it.remove(); // least recently used first (access order)
            }
        }
    }

    /** Entries cached now (for tests). */
    synchronized int cachedCount() {
        return cache.size();
    }

    /**
     * RFC 6960 A.1: POST with Content-Type application/ocsp-request; the whole exchange is bounded by the
     * response timeout (connect and read each get what is left of it). Null unless the answer is a 200
     * application/ocsp-response.
     */
    private byte[] post(URI responder, byte[] request) throws IOException {
        long deadline = System.nanoTime() + responseTimeoutMillis * 1_000_000L;
        URL url = responder.toURL();
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        try {
            c.setConnectTimeout(remaining(deadline));
            c.setReadTimeout(remaining(deadline));
            c.setUseCaches(false);
            c.setInstanceFollowRedirects(false);
            c.setDoOutput(true);
            c.setRequestMethod("POST");
            c.setRequestProperty("Content-Type", "application/ocsp-request");
            c.setRequestProperty("Accept", "application/ocsp-response");
            c.setFixedLengthStreamingMode(request.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(request);
            }
            c.setReadTimeout(remaining(deadline));
            if (c.getResponseCode() != HttpURLConnection.HTTP_OK) {
                return null;
            }
            String type = c.getContentType();
            if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/ocsp-response")) {
                return null;
            }
            try (InputStream in = c.getInputStream()) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) > 0; ) {
                    if (body.size() + n > MAX_RESPONSE || System.nanoTime() > deadline) {
                        return null;
                    }
                    body.write(buf, 0, n);
                }
                return body.toByteArray();
            }
        } finally {
            c.disconnect();
        }
    }

    private static int remaining(long deadline) throws IOException {
        long ms = (deadline - System.nanoTime()) / 1_000_000L;
        if (ms <= 0) {
            throw new IOException("OCSP responder timed out");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }
}
