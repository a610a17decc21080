package dev.clasp.message.ext;

import java.util.List;

/** Look-ups over a decoded extension list. */
public final class Extensions {
    private Extensions() {
    }

    /**
     * The first extension of class {@code type} in {@code list}, or {@code null}. A known type received where it is
     * not allowed is an {@link UnknownExtension} and therefore not found by its specific class.
     */
    public static <T extends Extension> T find(List<Extension> list, Class<T> type) {
        for (Extension e : list) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        return null;
    }

    /** Whether {@code list} holds an extension with wire type {@code extensionType} (decoded or unknown). */
    public static boolean has(List<Extension> list, int extensionType) {
        for (Extension e : list) {
            if (e.type() == extensionType) {
                return true;
            }
        }
        return false;
    }
}
