package dev.clasp.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.handshake.HandshakeState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** ENGINEERING 2.2: the README's state diagram names every state of the sealed handshake interface. */
class HandshakeStateDiagramTest {
    @Test
    void readmeNamesEveryState() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Class<?>[] states = HandshakeState.class.getPermittedSubclasses();
        assertTrue(states.length >= 10, "sealed states found");
        for (Class<?> c : states) {
            String name = c.getEnclosingClass() != null
                    ? c.getEnclosingClass().getSimpleName() + "." + c.getSimpleName() : c.getSimpleName();
            assertTrue(readme.contains(name), "README state diagram lacks " + name);
        }
    }
}
