package dev.clasp.message.ext;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.CodecSupport;
import dev.clasp.message.HandshakeType;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 6066 8 {@code status_request}. In a ClientHello a {@code CertificateStatusRequest} of type ocsp(1): an
 * {@code OCSPStatusRequest} with {@code ResponderID responder_id_list<0..2^16-1>} ({@code opaque ResponderID<1..2^16-1>})
 * and {@code Extensions request_extensions} ({@code opaque <0..2^16-1>}, DER). In a ServerHello it is empty
 * ({@link #empty()}, {@code serverForm}). Arrays must not be mutated.
 */
public record StatusRequestExtension(boolean serverForm, List<byte[]> responderIds, byte[] requestExtensions)
        implements Extension {
    /** RFC 6066 8: {@code enum { ocsp(1), (255) } CertificateStatusType}. */
    public static final int OCSP = 1;
    private static final StatusRequestExtension EMPTY = new StatusRequestExtension(true, List.of(), new byte[0]);

    public StatusRequestExtension {
        responderIds = List.copyOf(responderIds);
        CodecSupport.requireBytes(requestExtensions, 0xFFFF, false, "request_extensions");
        CodecSupport.require(!serverForm || (responderIds.isEmpty() && requestExtensions.length == 0),
                "a ServerHello status_request is empty");
        int total = 0;
        for (byte[] id : responderIds) {
            CodecSupport.requireBytes(id, 0xFFFF, true, "ResponderID");
            total += 2 + id.length;
        }
        CodecSupport.require(total <= 0xFFFF, "responder_id_list too long");
    }

    /** The ServerHello form (RFC 6066 8: "the extension_data field of this extension SHALL be empty"). */
    public static StatusRequestExtension empty() {
        return EMPTY;
    }

    /** A ClientHello request of type ocsp with no responder ids and no request extensions, as SunJSSE sends. */
    public static StatusRequestExtension ocsp() {
        return new StatusRequestExtension(false, List.of(), new byte[0]);
    }

    @Override
    public int type() {
        return ExtensionType.STATUS_REQUEST.code();
    }

    @Override
    public void encodeData(TlsWriter w) {
        if (serverForm) {
            return;
        }
        w.u8(OCSP);
        w.vector16(list -> {
            for (byte[] id : responderIds) {
                list.opaque16(id);
            }
        });
        w.opaque16(requestExtensions);
    }

    /**
     * Decodes {@code extension_data}. A ServerHello's must be empty (decode_error otherwise). A ClientHello's
     * request of a status type other than ocsp cannot be read further: it is kept as an {@link UnknownExtension},
     * so a server finds no request it understands and ignores it.
     */
    public static Extension decode(TlsReader data, HandshakeType message) throws TlsAlertException {
        if (message == HandshakeType.SERVER_HELLO) {
            data.expectEnd("status_request in ServerHello (RFC 6066 8: SHALL be empty)");
            return EMPTY;
        }
        byte[] raw = data.rest();
        TlsReader r = new TlsReader(raw);
        int statusType = r.u8("status_type");
        if (statusType != OCSP) {
            return new UnknownExtension(ExtensionType.STATUS_REQUEST.code(), raw);
        }
        TlsReader list = r.vector16("responder_id_list");
        List<byte[]> ids = new ArrayList<>();
        while (list.hasRemaining()) {
            byte[] id = list.opaque16("ResponderID");
            if (id.length == 0) {
                // RFC 6066 8: opaque ResponderID<1..2^16-1>
                throw TlsAlertException.decodeError("status_request: empty ResponderID at index " + ids.size());
            }
            ids.add(id);
        }
        byte[] exts = r.opaque16("request_extensions");
        r.expectEnd("status_request");
        return new StatusRequestExtension(false, ids, exts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusRequestExtension s && s.serverForm == serverForm
                && CodecSupport.equalBytesLists(s.responderIds, responderIds)
                && Arrays.equals(s.requestExtensions, requestExtensions);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Boolean.hashCode(serverForm) + CodecSupport.hashBytesList(responderIds))
                + Arrays.hashCode(requestExtensions);
    }

    @Override
    public String toString() {
        return serverForm ? "StatusRequestExtension[empty]" : "StatusRequestExtension[ocsp, responder_ids="
                + responderIds.size() + ", request_extensions=" + requestExtensions.length + "B]";
    }
}
