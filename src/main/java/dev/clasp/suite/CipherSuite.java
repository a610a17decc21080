package dev.clasp.suite;

import java.util.List;

/** The cipher suites Clasp implements, one row per suite (IANA values). */
public enum CipherSuite {
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(0xC02B, KeyExchange.ECDHE_ECDSA, BulkCipher.AES_128_GCM, PrfHash.SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(0xC02C, KeyExchange.ECDHE_ECDSA, BulkCipher.AES_256_GCM, PrfHash.SHA384),
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA9, KeyExchange.ECDHE_ECDSA, BulkCipher.CHACHA20_POLY1305, PrfHash.SHA256),
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(0xC02F, KeyExchange.ECDHE_RSA, BulkCipher.AES_128_GCM, PrfHash.SHA256),
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(0xC030, KeyExchange.ECDHE_RSA, BulkCipher.AES_256_GCM, PrfHash.SHA384),
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA8, KeyExchange.ECDHE_RSA, BulkCipher.CHACHA20_POLY1305, PrfHash.SHA256),
    TLS_DHE_RSA_WITH_AES_128_GCM_SHA256(0x009E, KeyExchange.DHE_RSA, BulkCipher.AES_128_GCM, PrfHash.SHA256),
    TLS_DHE_RSA_WITH_AES_256_GCM_SHA384(0x009F, KeyExchange.DHE_RSA, BulkCipher.AES_256_GCM, PrfHash.SHA384),
    TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256(0xCCAA, KeyExchange.DHE_RSA, BulkCipher.CHACHA20_POLY1305, PrfHash.SHA256),
    TLS_DHE_DSS_WITH_AES_128_GCM_SHA256(0x00A2, KeyExchange.DHE_DSS, BulkCipher.AES_128_GCM, PrfHash.SHA256),
    TLS_DHE_DSS_WITH_AES_256_GCM_SHA384(0x00A3, KeyExchange.DHE_DSS, BulkCipher.AES_256_GCM, PrfHash.SHA384),
    TLS_RSA_WITH_AES_128_GCM_SHA256(0x009C, KeyExchange.RSA, BulkCipher.AES_128_GCM, PrfHash.SHA256),
    TLS_RSA_WITH_AES_256_GCM_SHA384(0x009D, KeyExchange.RSA, BulkCipher.AES_256_GCM, PrfHash.SHA384),
    // RFC 5246 A.5: DHE and static RSA over CBC (SunJSSE's list); the DHE ones are enabled by default as in SunJSSE 17.
    TLS_DHE_RSA_WITH_AES_128_CBC_SHA256(0x0067, KeyExchange.DHE_RSA, BulkCipher.AES_128_CBC_SHA256, PrfHash.SHA256),
    TLS_DHE_RSA_WITH_AES_256_CBC_SHA256(0x006B, KeyExchange.DHE_RSA, BulkCipher.AES_256_CBC_SHA256, PrfHash.SHA256),
    TLS_DHE_RSA_WITH_AES_128_CBC_SHA(0x0033, KeyExchange.DHE_RSA, BulkCipher.AES_128_CBC_SHA, PrfHash.SHA256),
    TLS_DHE_RSA_WITH_AES_256_CBC_SHA(0x0039, KeyExchange.DHE_RSA, BulkCipher.AES_256_CBC_SHA, PrfHash.SHA256),
    TLS_DHE_DSS_WITH_AES_128_CBC_SHA256(0x0040, KeyExchange.DHE_DSS, BulkCipher.AES_128_CBC_SHA256, PrfHash.SHA256),
    TLS_DHE_DSS_WITH_AES_256_CBC_SHA256(0x006A, KeyExchange.DHE_DSS, BulkCipher.AES_256_CBC_SHA256, PrfHash.SHA256),
    TLS_DHE_DSS_WITH_AES_128_CBC_SHA(0x0032, KeyExchange.DHE_DSS, BulkCipher.AES_128_CBC_SHA, PrfHash.SHA256),
    TLS_DHE_DSS_WITH_AES_256_CBC_SHA(0x0038, KeyExchange.DHE_DSS, BulkCipher.AES_256_CBC_SHA, PrfHash.SHA256),
    TLS_RSA_WITH_AES_128_CBC_SHA256(0x003C, KeyExchange.RSA, BulkCipher.AES_128_CBC_SHA256, PrfHash.SHA256),
    TLS_RSA_WITH_AES_256_CBC_SHA256(0x003D, KeyExchange.RSA, BulkCipher.AES_256_CBC_SHA256, PrfHash.SHA256),
    TLS_RSA_WITH_AES_128_CBC_SHA(0x002F, KeyExchange.RSA, BulkCipher.AES_128_CBC_SHA, PrfHash.SHA256),
    TLS_RSA_WITH_AES_256_CBC_SHA(0x0035, KeyExchange.RSA, BulkCipher.AES_256_CBC_SHA, PrfHash.SHA256),
    TLS_DH_anon_WITH_AES_128_CBC_SHA256(0x006C, KeyExchange.DH_ANON, BulkCipher.AES_128_CBC_SHA256, PrfHash.SHA256),
    TLS_DH_anon_WITH_AES_256_CBC_SHA256(0x006D, KeyExchange.DH_ANON, BulkCipher.AES_256_CBC_SHA256, PrfHash.SHA256),
    TLS_DH_anon_WITH_AES_128_CBC_SHA(0x0034, KeyExchange.DH_ANON, BulkCipher.AES_128_CBC_SHA, PrfHash.SHA256),
    TLS_DH_anon_WITH_AES_256_CBC_SHA(0x003A, KeyExchange.DH_ANON, BulkCipher.AES_256_CBC_SHA, PrfHash.SHA256),
    TLS_DH_anon_WITH_AES_128_GCM_SHA256(0x00A6, KeyExchange.DH_ANON, BulkCipher.AES_128_GCM, PrfHash.SHA256),
    TLS_DH_anon_WITH_AES_256_GCM_SHA384(0x00A7, KeyExchange.DH_ANON, BulkCipher.AES_256_GCM, PrfHash.SHA384),
    // RFC 8422 6 (and RFC 5289 3.1 for the SHA-2 MACs): CBC suites, MAC-then-encrypt or RFC 7366 encrypt-then-MAC.
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256(0xC023, KeyExchange.ECDHE_ECDSA, BulkCipher.AES_128_CBC_SHA256, PrfHash.SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384(0xC024, KeyExchange.ECDHE_ECDSA, BulkCipher.AES_256_CBC_SHA384, PrfHash.SHA384),
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA(0xC009, KeyExchange.ECDHE_ECDSA, BulkCipher.AES_128_CBC_SHA, PrfHash.SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA(0xC00A, KeyExchange.ECDHE_ECDSA, BulkCipher.AES_256_CBC_SHA, PrfHash.SHA256),
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256(0xC027, KeyExchange.ECDHE_RSA, BulkCipher.AES_128_CBC_SHA256, PrfHash.SHA256),
    TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384(0xC028, KeyExchange.ECDHE_RSA, BulkCipher.AES_256_CBC_SHA384, PrfHash.SHA384),
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA(0xC013, KeyExchange.ECDHE_RSA, BulkCipher.AES_128_CBC_SHA, PrfHash.SHA256),
    TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA(0xC014, KeyExchange.ECDHE_RSA, BulkCipher.AES_256_CBC_SHA, PrfHash.SHA256),
    // RFC 7251 2: AES-CCM over ECDHE_ECDSA, PRF SHA-256; supported but not enabled by default.
    TLS_ECDHE_ECDSA_WITH_AES_128_CCM(0xC0AC, KeyExchange.ECDHE_ECDSA, BulkCipher.AES_128_CCM, PrfHash.SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_256_CCM(0xC0AD, KeyExchange.ECDHE_ECDSA, BulkCipher.AES_256_CCM, PrfHash.SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8(0xC0AE, KeyExchange.ECDHE_ECDSA, BulkCipher.AES_128_CCM_8, PrfHash.SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8(0xC0AF, KeyExchange.ECDHE_ECDSA, BulkCipher.AES_256_CCM_8, PrfHash.SHA256),
    // RFC 4492 6 / RFC 8422 6: anonymous ECDH (unsigned ServerECDHParams, no certificates), SunJSSE's CBC rows.
    TLS_ECDH_anon_WITH_AES_128_CBC_SHA(0xC018, KeyExchange.ECDH_ANON, BulkCipher.AES_128_CBC_SHA, PrfHash.SHA256),
    TLS_ECDH_anon_WITH_AES_256_CBC_SHA(0xC019, KeyExchange.ECDH_ANON, BulkCipher.AES_256_CBC_SHA, PrfHash.SHA256),
    // NULL cipher (RFC 5246 6.2.3.1, A.5; RFC 8422 6): integrity only, the records carry the plaintext and an HMAC.
    // SunJSSE's rows and names (SSL_RSA_WITH_NULL_SHA, alias TLS_RSA_WITH_NULL_SHA); no MD5 MAC.
    TLS_ECDHE_ECDSA_WITH_NULL_SHA(0xC006, KeyExchange.ECDHE_ECDSA, BulkCipher.NULL_SHA, PrfHash.SHA256),
    TLS_ECDHE_RSA_WITH_NULL_SHA(0xC010, KeyExchange.ECDHE_RSA, BulkCipher.NULL_SHA, PrfHash.SHA256),
    TLS_RSA_WITH_NULL_SHA256(0x003B, KeyExchange.RSA, BulkCipher.NULL_SHA256, PrfHash.SHA256),
    SSL_RSA_WITH_NULL_SHA(0x0002, KeyExchange.RSA, BulkCipher.NULL_SHA, PrfHash.SHA256, "TLS_RSA_WITH_NULL_SHA"),
    TLS_ECDH_anon_WITH_NULL_SHA(0xC015, KeyExchange.ECDH_ANON, BulkCipher.NULL_SHA, PrfHash.SHA256);

    /** RFC 5746 3.3 signalling value, sent in a ClientHello's suite list, never negotiated. */
    public static final int TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00FF;
    /** RFC 7507 fallback signalling value. */
    public static final int TLS_FALLBACK_SCSV = 0x5600;

    /**
     * Default preference order (issues 2 and 4): the AEAD suites first (ECDHE, then DHE_RSA and DHE_DSS, as
     * SunJSSE 17 enables them), then the ECDHE and DHE CBC suites in SunJSSE 17's order. The CCM suites are implemented
     * but not enabled by default (as in SunJSSE and OpenSSL's DEFAULT). Static RSA key exchange is supported but
     * not enabled by default (no forward secrecy; recent JDKs disable TLS_RSA_* as well); so are the anonymous
     * suites and the NULL-cipher ones, which jdk.tls.disabledAlgorithms ("anon", "NULL") also refuses by default.
     */
    public static final List<CipherSuite> DEFAULT_ORDER = List.of(
            TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
            TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
            TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            TLS_DHE_DSS_WITH_AES_128_GCM_SHA256,
            TLS_DHE_DSS_WITH_AES_256_GCM_SHA384,
            TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
            TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
            TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
            TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
            TLS_DHE_RSA_WITH_AES_256_CBC_SHA256,
            TLS_DHE_DSS_WITH_AES_256_CBC_SHA256,
            TLS_DHE_RSA_WITH_AES_128_CBC_SHA256,
            TLS_DHE_DSS_WITH_AES_128_CBC_SHA256,
            TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
            TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
            TLS_DHE_RSA_WITH_AES_256_CBC_SHA,
            TLS_DHE_DSS_WITH_AES_256_CBC_SHA,
            TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
            TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
            TLS_DHE_RSA_WITH_AES_128_CBC_SHA,
            TLS_DHE_DSS_WITH_AES_128_CBC_SHA);

    private final int id;
    private final KeyExchange keyExchange;
    private final BulkCipher bulkCipher;
    private final PrfHash prfHash;
    private final String alias;

    CipherSuite(int id, KeyExchange keyExchange, BulkCipher bulkCipher, PrfHash prfHash) {
        this(id, keyExchange, bulkCipher, prfHash, null);
    }

    CipherSuite(int id, KeyExchange keyExchange, BulkCipher bulkCipher, PrfHash prfHash, String alias) {
        this.id = id;
        this.keyExchange = keyExchange;
        this.bulkCipher = bulkCipher;
        this.prfHash = prfHash;
        this.alias = alias;
    }

    public int id() {
        return id;
    }

    public KeyExchange keyExchange() {
        return keyExchange;
    }

    public BulkCipher bulkCipher() {
        return bulkCipher;
    }

    public PrfHash prfHash() {
        return prfHash;
    }

    /** Standard (IANA/JSSE) name. */
    public String standardName() {
        return name();
    }

    public static CipherSuite fromId(int id) {
        for (CipherSuite s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        return null;
    }

    /** SunJSSE's other name for this suite ("TLS_RSA_WITH_NULL_SHA" for SSL_RSA_WITH_NULL_SHA), or null. */
    public String alias() {
        return alias;
    }

    /** The suite with this standard name or alias (as SunJSSE's CipherSuite.nameOf accepts either). */
    public static CipherSuite fromName(String name) {
        for (CipherSuite s : values()) {
            if (s.name().equals(name) || (s.alias != null && s.alias.equals(name))) {
                return s;
            }
        }
        return null;
    }

    /** Names for wire values Clasp does not implement, for messages ("0x1301"). */
    public static String nameOf(int id) {
        CipherSuite s = fromId(id);
        if (s != null) {
            return s.name();
        }
        if (id == TLS_EMPTY_RENEGOTIATION_INFO_SCSV) {
            return "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";
        }
        return String.format("0x%04X", id);
    }
}
