package dev.vaultserver.admission.core.policy;

import dev.vaultserver.admission.core.policy.constraint.AllowedRegions;
import dev.vaultserver.admission.core.policy.constraint.CredentialsRequired;
import dev.vaultserver.admission.core.policy.constraint.EndpointPolicy;
import dev.vaultserver.admission.core.policy.constraint.HighAvailabilityRequired;
import dev.vaultserver.admission.core.policy.constraint.MaximumValue;
import dev.vaultserver.admission.core.policy.constraint.NoEnvironmentOverrides;
import dev.vaultserver.admission.core.policy.constraint.TableNamePattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyReaderTest {

    static final String FULL = """
            exemptNamespaceLabel: {key: example.com/platform, value: "yes"}
            rules:
            - name: tenants
              enforcement: deny
              namespaceSelector:
                matchLabels: {tenant: "true"}
                matchExpressions:
                - {key: tier, operator: In, values: [prod, staging]}
                - {key: legacy, operator: DoesNotExist}
              allowedRegions: [eu-west-1, eu-central-1]
              tableNamePattern: "{namespace}-*"
              endpoint: {forbidden: true}
              maxReadCapacity: 100
              maxWriteCapacity: 50
              maxParallel: 256
              requireCredentials: true
              requireHighAvailability: true
            - name: labs
              enforcement: warn
              endpoint: {allowed: ["http://dynamodb-local.labs:8000"]}
              allowEnvOverrides: true
            """;

    @Test
    void readsEveryConstraint() throws PolicyException {
        TenantPolicy policy = PolicyReader.read("policy.yaml", FULL);
        assertEquals("example.com/platform", policy.exemptLabel());
        assertEquals("yes", policy.exemptValue());
        assertEquals(2, policy.rules().size());
        PolicyRule tenants = policy.rules().get(0);
        assertEquals("tenants", tenants.name());
        assertEquals(Enforcement.DENY, tenants.enforcement());
        assertEquals(List.of(new AllowedRegions(List.of("eu-west-1", "eu-central-1")), new TableNamePattern("{namespace}-*"),
                new EndpointPolicy(true, List.of()), MaximumValue.readCapacity(100).maximum(), MaximumValue.writeCapacity(50).maximum(),
                MaximumValue.maxParallel(256).maximum(), new CredentialsRequired(), new HighAvailabilityRequired(), new NoEnvironmentOverrides()),
                tenants.constraints().stream().map(c -> c instanceof MaximumValue m ? (Object) m.maximum() : c).toList());
        PolicyRule labs = policy.rules().get(1);
        assertEquals(Enforcement.WARN, labs.enforcement());
        assertEquals(List.of(new EndpointPolicy(false, List.of("http://dynamodb-local.labs:8000"))), labs.constraints(),
                "allowEnvOverrides: true drops the env constraint");
    }

    @Test
    void selectorsMatchAsTheApiServerMatchesThem() throws PolicyException {
        NamespaceSelector selector = PolicyReader.read("p", FULL).rules().get(0).namespaceSelector();
        assertTrue(selector.matches(Map.of("tenant", "true", "tier", "prod")));
        assertFalse(selector.matches(Map.of("tenant", "true", "tier", "dev")), "In");
        assertFalse(selector.matches(Map.of("tenant", "true")), "In needs the label");
        assertFalse(selector.matches(Map.of("tenant", "true", "tier", "prod", "legacy", "")), "DoesNotExist");
        assertFalse(selector.matches(Map.of("tenant", "false", "tier", "prod")), "matchLabels");
        NamespaceSelector notIn = PolicyReader.read("p", "rules: [{name: r, namespaceSelector: {matchExpressions: [{key: t, operator: NotIn, values: [a]},"
                + " {key: e, operator: Exists}]}}]").rules().get(0).namespaceSelector();
        assertTrue(notIn.matches(Map.of("e", "")));
        assertFalse(notIn.matches(Map.of("e", "", "t", "a")));
        assertFalse(notIn.matches(Map.of("t", "b")));
        assertTrue(PolicyReader.read("p", "rules: [{name: all}]").rules().get(0).selects(Map.of()), "no selector: every namespace");
    }

    @Test
    void anEmptyFileIsNoRules() throws PolicyException {
        assertEquals(List.of(), PolicyReader.read("p", "").rules());
        assertEquals(List.of(), PolicyReader.read("p", "# nothing yet\n").rules());
        assertEquals(TenantPolicy.DEFAULT_EXEMPT_LABEL, PolicyReader.read("p", "rules: []").exemptLabel());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "rules: [{name: r, allowedRegion: [eu-west-1]}]|rules[0].allowedRegion: unknown field",
            "rules: [{name: r, enforcement: audit}]|rules[0].enforcement: Unsupported value: \"audit\": supported values: \"deny\", \"warn\"",
            "rules: [{enforcement: deny}]|rules[0].name: Required value",
            "rules: [{name: r}, {name: r}]|rules[1].name: Duplicate value: \"r\"",
            "rules: [{name: r, namespaceSelector: {matchExpressions: [{key: a, operator: Equals, values: [b]}]}}]|rules[0].namespaceSelector.matchExpressions[0].operator: Unsupported value: \"Equals\"",
            "rules: [{name: r, namespaceSelector: {matchExpressions: [{key: a, operator: In}]}}]|rules[0].namespaceSelector.matchExpressions[0].values: Required value",
            "rules: [{name: r, namespaceSelector: {matchExpressions: [{key: a, operator: Exists, values: [b]}]}}]|rules[0].namespaceSelector.matchExpressions[0].values: Forbidden",
            "rules: [{name: r, namespaceSelector: {matchLabels: {'bad key!': x}}}]|rules[0].namespaceSelector.matchLabels: Invalid value: \"bad key!\": not a label key",
            "rules: [{name: r, endpoint: {forbidden: true, allowed: [x]}}]|rules[0].endpoint: set exactly one of forbidden: true or allowed: [...]",
            "rules: [{name: r, endpoint: {}}]|rules[0].endpoint: set exactly one of forbidden: true or allowed: [...]",
            "rules: [{name: r, maxReadCapacity: 0}]|rules[0].maxReadCapacity: must be a whole number of at least 1",
            "rules: [{name: r, maxParallel: '10'}]|rules[0].maxParallel: must be a whole number of at least 1",
            "rules: [{name: r, maxWriteCapacity: 2.5}]|rules[0].maxWriteCapacity: must be a whole number of at least 1",
            "rules: [{name: r, requireCredentials: 'yes'}]|rules[0].requireCredentials: must be true or false",
            "rules: [{name: r, allowedRegions: []}]|rules[0].allowedRegions: must list at least one region",
            "rules: [{name: r, allowedRegions: eu-west-1}]|rules[0].allowedRegions: must be a list of strings",
            "rules: {name: r}|rules: must be a list",
            "- just a list|the policy must be a mapping",
            "exemptNamespaceLabel: {key: x}|exemptNamespaceLabel.value: Required value",
            "rulez: []|rulez: unknown field",
            "'rules: []\n---\nrules: []'|one YAML document expected, found 2",
            "'rules: [{name: r,\n  allowedRegions: [eu-west-1'|line 2: not valid YAML"})
    void refusesABadPolicyNamingWhere(String yaml, String expected) {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyReader.read("policy.yaml", yaml.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith("policy.yaml: "), e.getMessage());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(expected)), e.problems().toString());
    }

    @Test
    void reportsEveryProblemAtOnce() {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyReader.read("p",
                "rules: [{name: a, enforcement: x, maxParallel: -1}, {maxReadCapacity: 0}]"));
        assertEquals(4, e.problems().size(), e.problems().toString());
    }

    @Test
    void aSquattableTablePatternIsWarnedAndASafeOneIsNot() throws Exception {
        TenantPolicy squattable = PolicyReader.read("p", "rules: [{name: a, tableNamePattern: '{namespace}-*'}]");
        assertEquals(1, squattable.warnings().size(), squattable.warnings().toString());
        assertTrue(squattable.warnings().get(0).startsWith("rules[0].tableNamePattern: \"{namespace}-*\" lets namespace \"team\" take"),
                squattable.warnings().get(0));
        assertEquals(List.of(), PolicyReader.read("p", "rules: [{name: a, tableNamePattern: '{namespace}.*'}]").warnings());
    }
}
