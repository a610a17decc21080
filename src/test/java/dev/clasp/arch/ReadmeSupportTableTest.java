package dev.clasp.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.suite.CipherSuite;
import dev.clasp.suite.NamedGroup;
import dev.clasp.suite.SignatureScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's "Supported" table lists exactly the code's suites, groups and schemes, in default order. */
class ReadmeSupportTableTest {
    private static List<String> row(String label) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("(?m)^\\| " + Pattern.quote(label) + " \\| (.*) \\|$").matcher(readme);
        assertTrue(m.find(), "README table has no row '" + label + "'");
        List<String> names = new ArrayList<>();
        Matcher code = Pattern.compile("`([^`]+)`").matcher(m.group(1));
        while (code.find()) {
            names.add(code.group(1));
        }
        return names;
    }

    @Test
    void suitesGroupsAndSchemesMatchTheEnums() throws Exception {
        assertEquals(CipherSuite.DEFAULT_ORDER.stream().map(CipherSuite::standardName).toList(), row("cipher suites"));
        assertEquals(java.util.Arrays.stream(CipherSuite.values()).filter(x -> !CipherSuite.DEFAULT_ORDER.contains(x))
                .map(CipherSuite::standardName).toList(), row("cipher suites, not enabled by default"),
                "a suite outside the default order must be listed as not enabled by default");
        assertEquals(NamedGroup.DEFAULT_ORDER.stream().map(NamedGroup::standardName).toList(), row("named groups"));
        assertEquals(java.util.Arrays.stream(NamedGroup.values()).filter(x -> !NamedGroup.DEFAULT_ORDER.contains(x))
                .map(NamedGroup::standardName).toList(), row("named groups, not enabled by default"),
                "a group outside the default order must be listed as not enabled by default");
        assertEquals(SignatureScheme.DEFAULT_ORDER.stream().map(SignatureScheme::standardName).toList(),
                row("signature schemes"));
        assertEquals(SignatureScheme.values().length, SignatureScheme.DEFAULT_ORDER.size());
    }
}
