package dev.clasp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** JFR is optional at run time: without the jdk.jfr module (a jlink'ed runtime) Clasp handshakes and traces. */
class WithoutJfrTest {
    @Test
    void handshakesInAJvmWithoutJdkJfr() throws Exception {
        // SunEC lives in jdk.crypto.ec on JDK 17-21 (in java.base since JDK 22, the module kept as an empty shell).
        String modules = "java.base,java.logging"
                + (ModuleLayer.boot().findModule("jdk.crypto.ec").isPresent() ? ",jdk.crypto.ec" : "");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--limit-modules", modules, "-cp", System.getProperty("java.class.path"),
                WithoutJfrMain.class.getName(), TestPki.dir().toAbsolutePath().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("OK jdk.jfr present: false, Jfr.AVAILABLE=false"), out);
        assertTrue(out.contains(">>> ClientHello"), "the trace still works: " + out);
    }
}
