/*
 * @test
 * @summary Guard for scripts/jdk-jsse-tests.sh: inside a jtreg test JVM started with the same options as
 *          the real tests, SSLContext.getDefault() and getInstance("TLS"/"TLSv1.2") come from the expected
 *          provider (system property clasp.guard.expect: "Clasp", or "SunJSSE" for the baseline run).
 * @run main/othervm ProviderGuard
 */
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;

public class ProviderGuard {
    public static void main(String[] args) throws Exception {
        String expect = System.getProperty("clasp.guard.expect", "Clasp");
        String[][] checks = {
            {"SSLContext.getDefault()", SSLContext.getDefault().getProvider().getName()},
            {"SSLContext.getInstance(\"TLS\")", SSLContext.getInstance("TLS").getProvider().getName()},
            {"SSLContext.getInstance(\"TLSv1.2\")", SSLContext.getInstance("TLSv1.2").getProvider().getName()},
        };
        boolean ok = true;
        for (String[] c : checks) {
            boolean match = expect.equals(c[1]);
            ok &= match;
            System.out.println("guard: " + c[0] + " -> " + c[1] + (match ? "" : "   (expected " + expect + ")"));
        }
        // informational: the factories most tests use without naming a provider
        System.out.println("guard: SSLSocketFactory.getDefault() -> " + SSLSocketFactory.getDefault().getClass().getName());
        System.out.println("guard: SSLServerSocketFactory.getDefault() -> " + SSLServerSocketFactory.getDefault().getClass().getName());
        System.out.println("guard: HttpsURLConnection default factory -> "
                + HttpsURLConnection.getDefaultSSLSocketFactory().getClass().getName());
        System.out.println("guard: java.security.properties=" + System.getProperty("java.security.properties"));
        if (!ok) {
            throw new RuntimeException("SSLContext does not come from " + expect
                    + ": the provider override did not reach the test JVM");
        }
    }
}
