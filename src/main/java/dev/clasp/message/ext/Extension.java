package dev.clasp.message.ext;

import dev.clasp.message.TlsWriter;

/**
 * One hello extension (RFC 5246 7.4.1.4): an immutable value whose {@link #encodeData} writes the
 * {@code extension_data} contents; {@link ExtensionRegistry} adds the type and length around it and decodes it.
 * Byte arrays held by implementations are shared, not copied: they must not be mutated.
 */
public sealed interface Extension permits ServerNameExtension, SupportedGroupsExtension, EcPointFormatsExtension,
        SignatureAlgorithmsExtension, SignatureAlgorithmsCertExtension, AlpnExtension, ExtendedMasterSecretExtension,
        RenegotiationInfoExtension, EncryptThenMacExtension, SessionTicketExtension, MaxFragmentLengthExtension,
        RecordSizeLimitExtension, UnknownExtension {

    /** Wire extension type. */
    int type();

    /** Writes the {@code extension_data} contents, without type and length. */
    void encodeData(TlsWriter w);
}
