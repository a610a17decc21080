package dev.clasp.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's demo stays working: a real HTTPS exchange, HttpsServer and HttpClient both on Clasp. */
class HttpsDemoTest {
    @ParameterizedTest
    @ValueSource(strings = {"server-ec256.p12", "server-rsa.p12", "server-ec384.p12"})
    @Timeout(60)
    void servesAndFetchesOverClasp(String keyStore) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        boolean ok = HttpsDemo.run(TestPki.dir(), keyStore, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(ok, out);
        assertTrue(out.contains("client session: TLSv1.2 TLS_ECDHE_"), out);
    }
}
