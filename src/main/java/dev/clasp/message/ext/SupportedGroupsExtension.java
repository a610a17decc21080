package dev.clasp.message.ext;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.message.CodecSupport;
import dev.clasp.message.TlsReader;
import dev.clasp.message.TlsWriter;
import java.util.List;

/** RFC 8422 5.1.1 {@code supported_groups}: the client's named groups (IANA u16 values), most preferred first. */
public record SupportedGroupsExtension(List<Integer> groups) implements Extension {

    public SupportedGroupsExtension {
        groups = CodecSupport.u16List(groups, "supported_groups", true);
    }

    @Override
    public int type() {
        return ExtensionType.SUPPORTED_GROUPS.code();
    }

    @Override
    public void encodeData(TlsWriter w) {
        CodecSupport.writeU16List(w, groups);
    }

    /**
     * Decodes {@code extension_data}: RFC 8422 5.1.1 {@code NamedGroup named_group_list<2..2^16-1>}, a non-empty
     * even-length list.
     */
    public static SupportedGroupsExtension decode(TlsReader data) throws TlsAlertException {
        List<Integer> groups = CodecSupport.readU16List(data.vector16("supported_groups"), "supported_groups");
        data.expectEnd("supported_groups");
        return new SupportedGroupsExtension(groups);
    }

    @Override
    public String toString() {
        return "SupportedGroupsExtension[groups=" + CodecSupport.describeU16List(groups) + "]";
    }
}
