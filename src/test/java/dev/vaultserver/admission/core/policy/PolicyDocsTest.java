package dev.vaultserver.admission.core.policy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tenant-policy constraint is registered once (PolicyReader's list); the places a user reads about them follow it:
 * docs/tenant-policy.md's table and example, and the chart's values.yaml example, which is itself a valid policy.
 */
class PolicyDocsTest {

    @Test
    void theDocsTableAndExampleNameEveryConstraint() throws Exception {
        String doc = Files.readString(Path.of("docs/tenant-policy.md"));
        String example = doc.substring(doc.indexOf("```yaml"), doc.indexOf("```", doc.indexOf("```yaml") + 7));
        for (String key : PolicyReader.CONSTRAINT_KEYS) {
            assertTrue(Pattern.compile("(?m)^\\|[^|\\n]*`" + key + "`").matcher(doc).find(), "the table names " + key);
            assertTrue(example.contains("  " + key + ":"), "the example holds " + key);
        }
        PolicyReader.read("docs/tenant-policy.md", example.substring("```yaml".length()));
    }

    @Test
    void theChartsExampleNamesEveryConstraintAndIsAValidPolicy() throws Exception {
        String values = Files.readString(Path.of("helm/vaultserver-admission/values.yaml"));
        Matcher block = Pattern.compile("(?m)^  # -- The rules, e\\.g\\.\\n((?:  #   .*\\n)+)").matcher(values);
        assertTrue(block.find(), "values.yaml has the rules example");
        String rules = block.group(1).lines().map(l -> l.substring("  #   ".length())).collect(Collectors.joining("\n"));
        for (String key : PolicyReader.CONSTRAINT_KEYS) {
            assertTrue(rules.contains("  " + key + ":"), "values.yaml's example holds " + key);
        }
        TenantPolicy policy = PolicyReader.read("values.yaml", "rules:\n" + rules);
        assertEquals(List.of("tenants"), policy.rules().stream().map(PolicyRule::name).toList());
    }
}
