package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.Fixtures;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.core.rule.ObjectRule;
import org.junit.jupiter.params.provider.Arguments;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One row of a rule's table: a {@code spec.backend.dynamodb} (or, with {@link #spec}, a whole spec),
 * the exact errors expected, and one pattern per warning expected (no other warning may appear). A
 * pattern is a fragment of the warning, or fragments joined by {@code " … "} that must appear in order.
 */
record RuleCase(String name, String spec, List<String> errors, List<String> warnings) {

    static RuleCase dynamoDb(String name, String dynamoDbJson) {
        return new RuleCase(name, "{'version': '1.12.1', 'backend': {'dynamodb': " + dynamoDbJson + "}}", List.of(), List.of());
    }

    static RuleCase spec(String name, String specJson) {
        return new RuleCase(name, specJson, List.of(), List.of());
    }

    RuleCase errors(String... expected) {
        return new RuleCase(name, spec, List.of(expected), warnings);
    }

    RuleCase warnings(String... fragments) {
        return new RuleCase(name, spec, errors, List.of(fragments));
    }

    VaultServer object(VaultServerVersion version) {
        return Fixtures.withSpec(version, spec);
    }

    /** Runs the rule on this row's object and checks errors exactly and warnings by fragment. */
    void assertFindings(ObjectRule rule, VaultServerVersion version) {
        Findings findings = Fixtures.check(rule, object(version));
        assertEquals(errors, Fixtures.errors(findings), name + " (" + version.versionName() + "): errors");
        assertEquals(warnings.size(), findings.warnings().size(), name + " (" + version.versionName() + "): warnings " + findings.warnings());
        for (String pattern : warnings) {
            assertTrue(findings.warnings().stream().anyMatch(w -> matches(w, pattern)),
                    name + " (" + version.versionName() + "): no warning matches \"" + pattern + "\" in " + findings.warnings());
        }
    }

    private static boolean matches(String warning, String pattern) {
        int from = 0;
        for (String part : pattern.split(" … ")) {
            int at = warning.indexOf(part, from);
            if (at < 0) {
                return false;
            }
            from = at + part.length();
        }
        return true;
    }

    /** Each row once for each of the given versions, as (version, row) arguments. */
    static Stream<Arguments> forVersions(List<VaultServerVersion> versions, RuleCase... rows) {
        return versions.stream().flatMap(v -> Arrays.stream(rows).map(r -> Arguments.of(v, r)));
    }

    /** Each row once for v1alpha1 and once for v1alpha2. */
    static Stream<Arguments> forBothVersions(RuleCase... rows) {
        return forVersions(List.of(VaultServerVersion.values()), rows);
    }

    @Override
    public String toString() {
        return name;
    }
}
