package dev.clasp.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.clasp.suite.SignatureScheme;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-context Interner: equal values become one instance, per class and in number bounded. */
class InternerTest {

    @Test
    void equalValuesAreOneInstance() {
        Interner in = new Interner();
        List<SignatureScheme> a = List.copyOf(List.of(SignatureScheme.values()));
        List<SignatureScheme> b = List.copyOf(new ArrayList<>(a));
        assertNotSame(a, b);
        assertSame(a, in.share(a));
        assertSame(a, in.share(b));
        RecordLimits r = new RecordLimits(0, 0, 16709);
        assertSame(r, in.share(r));
        assertSame(r, in.share(new RecordLimits(0, 0, 16709)));
        assertNotSame(r, in.share(new RecordLimits(0, 0, 1000)));
    }

    @Test
    void arraysAreSharedByElements() {
        Interner in = new Interner();
        String[] a = {"x", "y"};
        String[] b = {"x", "y"};
        assertSame(a, in.shareArray(a));
        assertSame(a, in.shareArray(b));
        Object[] sameElementsOtherType = {"x", "y"};
        assertSame(sameElementsOtherType, in.shareArray(sameElementsOtherType), "only an array of the same type");
        assertNull(in.shareArray((String[]) null));
        assertArrayEquals(new String[] {"x", "y"}, a, "never written");
    }

    @Test
    void boundedPerClassSoNewPeerListsCannotGrowItOrCrowdOutOthers() {
        Interner in = new Interner();
        SignatureScheme[] all = SignatureScheme.values();
        int made = 0;
        for (int i = 0; i < all.length && made < 3 * Interner.MAX_VALUES; i++) {
            for (int j = 0; j < all.length && made < 3 * Interner.MAX_VALUES; j++) {
                if (i != j) {
                    in.share(List.of(all[i], all[j]));
                    made++;
                }
            }
        }
        assertEquals(Interner.MAX_VALUES, in.size(List.of(all[0], all[1]).getClass()));
        List<SignatureScheme> late = List.of(all[all.length - 1], all[0]);
        assertSame(late, in.share(late), "past the bound a value passes through");
        RecordLimits r = new RecordLimits(0, 0, 1);
        assertSame(r, in.share(r));
        assertSame(r, in.share(new RecordLimits(0, 0, 1)), "another class still has room");
    }
}
