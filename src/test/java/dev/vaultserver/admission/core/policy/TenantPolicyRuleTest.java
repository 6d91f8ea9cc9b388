package dev.vaultserver.admission.core.policy;

import dev.vaultserver.admission.core.Fixtures;
import dev.vaultserver.admission.core.admission.AdmissionDecision;
import dev.vaultserver.admission.core.field.ErrorType;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.lookup.LookupException;
import dev.vaultserver.admission.core.lookup.NamespaceLookup;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.core.rule.VaultServerWrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenantPolicyRuleTest {

    private static final NamespaceLookup TENANT = ns -> Optional.of(Map.of("tenant", "true"));

    /** constraint (YAML), version, spec that violates it or "" for a passing one, the expected violation. */
    static Stream<Arguments> constraints() {
        return Stream.of(
                c("allowedRegions: [eu-west-1]", "{'backend': {'dynamodb': {'region': 'eu-west-1', 'table': 'demo-x'}}}", ""),
                c("allowedRegions: [eu-west-1]", "{'backend': {'dynamodb': {'table': 'demo-x'}}}",
                        "spec.backend.dynamodb.region: Unsupported value: \"us-east-1\": supported values: \"eu-west-1\""),
                c("allowedRegions: [eu-west-1, eu-central-1]", "{'backend': {'dynamodb': {'region': 'ap-south-1'}}}",
                        "spec.backend.dynamodb.region: Unsupported value: \"ap-south-1\": supported values: \"eu-west-1\", \"eu-central-1\""),
                c("tableNamePattern: '{namespace}-*'", "{'backend': {'dynamodb': {'table': 'demo-vault'}}}", ""),
                c("tableNamePattern: '{namespace}-*'", "{'backend': {'dynamodb': {'table': 'team-b-vault'}}}",
                        "spec.backend.dynamodb.table: Invalid value: \"team-b-vault\": must match demo-* ({namespace}-*)"),
                c("tableNamePattern: '{namespace}-*'", "{'backend': {'dynamodb': {}}}",
                        "spec.backend.dynamodb.table: Invalid value: \"vault-dynamodb-backend\": must match demo-* ({namespace}-*); the default table is shared, set one"),
                c("tableNamePattern: 'vault.{namespace}'", "{'backend': {'dynamodb': {'table': 'vaultXdemo'}}}",
                        "spec.backend.dynamodb.table: Invalid value: \"vaultXdemo\": must match vault.demo ({namespace}-*)".replace(" ({namespace}-*)", " (vault.{namespace})")),
                c("endpoint: {forbidden: true}", "{'backend': {'dynamodb': {'region': 'eu-west-1', 'endpoint': 'https://dynamodb.eu-west-1.amazonaws.com'}}}", ""),
                c("endpoint: {forbidden: true}", "{'backend': {'dynamodb': {'endpoint': 'http://localstack:4566'}}}",
                        "spec.backend.dynamodb.endpoint: Forbidden: a custom endpoint is not allowed (http://localstack:4566): Vault must use AWS's DynamoDB endpoint for its region"),
                c("endpoint: {allowed: ['dynamodb-local.labs:8000']}", "{'backend': {'dynamodb': {'endpoint': 'https://DYNAMODB-LOCAL.labs:8000/'}}}", ""),
                c("endpoint: {allowed: ['dynamodb-local.labs:8000']}", "{'backend': {'dynamodb': {'endpoint': 'http://dynamodb-local.labs:8000'}}}",
                        "spec.backend.dynamodb.endpoint: Unsupported value: \"http://dynamodb-local.labs:8000\": supported values: \"dynamodb-local.labs:8000\""),
                c("maxReadCapacity: 10", "{'backend': {'dynamodb': {'readCapacity': 10}}}", ""),
                c("maxReadCapacity: 10", "{'backend': {'dynamodb': {'readCapacity': 11}}}",
                        "spec.backend.dynamodb.readCapacity: Invalid value: 11: must be no more than 10"),
                c("maxReadCapacity: 4", "{'backend': {'dynamodb': {'readCapacity': 0}}}",
                        "spec.backend.dynamodb.readCapacity: Invalid value: 5: must be no more than 4 (the default is above it: set a value)"),
                c("maxWriteCapacity: 10", "{'backend': {'dynamodb': {'writeCapacity': 100}}}",
                        "spec.backend.dynamodb.writeCapacity: Invalid value: 100: must be no more than 10"),
                c("maxParallel: 64", "{'backend': {'dynamodb': {'maxParallel': 64}}}", ""),
                c("maxParallel: 64", "{'backend': {'dynamodb': {}}}",
                        "spec.backend.dynamodb.maxParallel: Invalid value: 128: must be no more than 64 (the default is above it: set a value)"),
                c("requireCredentials: true", "{'backend': {'dynamodb': {'credentialSecretRef': {'name': 'aws'}, 'credentialSecret': 'aws'}}}", ""),
                c("requireCredentials: true", "{'backend': {'dynamodb': {}}}", "CREDENTIALS"),
                c("requireHighAvailability: true", "{'replicas': 3, 'backend': {'dynamodb': {'haEnabled': true}}}", ""),
                c("requireHighAvailability: true", "{'replicas': 1, 'backend': {'dynamodb': {}}}", ""),
                c("requireHighAvailability: true", "{'replicas': 3, 'backend': {'dynamodb': {}}, 'podTemplate': {'spec': {'env': [{'name': 'DYNAMODB_HA_ENABLED', 'value': '1'}]}}}",
                        "spec.podTemplate.spec.env[0]: Forbidden: DYNAMODB_HA_ENABLED overrides Vault's DynamoDB settings: set them in spec.backend.dynamodb, where the tenant policy applies"),
                c("requireHighAvailability: true", "{'replicas': 2, 'backend': {'dynamodb': {'haEnabled': false}}}",
                        "spec.backend.dynamodb.haEnabled: Invalid value: false: must be true when spec.replicas is 2 (more than 1)"),
                c("allowedRegions: [eu-west-1]", "{'backend': {'dynamodb': {'region': 'eu-west-1'}}, 'podTemplate': {'spec': {'env': [{'name': 'AWS_REGION', 'value': 'eu-west-1'}]}}}",
                        "spec.podTemplate.spec.env[0]: Forbidden: AWS_REGION overrides Vault's DynamoDB settings: set them in spec.backend.dynamodb, where the tenant policy applies"),
                c("allowEnvOverrides: true", "{'backend': {'dynamodb': {}}, 'podTemplate': {'spec': {'env': [{'name': 'AWS_DYNAMODB_TABLE', 'value': 'x'}]}}}", ""));
    }

    private static Arguments c(String constraint, String spec, String violation) {
        return Arguments.of(constraint, spec, violation);
    }

    private static String expected(String violation, VaultServerVersion version) {
        if (!"CREDENTIALS".equals(violation)) {
            return violation;
        }
        String field = version == VaultServerVersion.V1ALPHA1 ? "spec.backend.dynamodb.credentialSecret" : "spec.backend.dynamodb.credentialSecretRef.name";
        return field + ": Required value: a credential Secret is required: without one Vault uses the AWS credential chain, down to the node's instance role";
    }

    private static TenantPolicy policy(String enforcement, String constraint) throws PolicyException {
        return PolicyReader.read("p", "rules:\n- name: tenants\n  enforcement: " + enforcement
                + "\n  namespaceSelector: {matchLabels: {tenant: 'true'}}\n  " + constraint + "\n");
    }

    private static Findings check(TenantPolicy policy, NamespaceLookup namespaces, VaultServerWrite write) {
        Findings findings = new Findings();
        new TenantPolicyRule(PolicySource.fixed(policy), namespaces).check(write, findings);
        return findings;
    }

    private static VaultServerWrite create(VaultServerVersion version, String spec) {
        return new VaultServerWrite("CREATE", Fixtures.withSpec(version, spec), Optional.empty());
    }

    @ParameterizedTest(name = "deny {0}: {1}")
    @MethodSource("constraints")
    void denyModeRefusesNamingTheRule(String constraint, String spec, String violation) throws PolicyException {
        for (VaultServerVersion version : VaultServerVersion.values()) {
            Findings findings = check(policy("deny", constraint), TENANT, create(version, spec));
            List<String> refusals = findings.refusals().stream().map(FieldError::toString).toList();
            assertEquals(violation.isEmpty() ? List.of() : List.of(expected(violation, version) + " (tenant policy rule \"tenants\")"), refusals, version.name());
            assertEquals(List.of(), findings.errors());
            assertEquals(List.of(), findings.warnings());
        }
    }

    @ParameterizedTest(name = "warn {0}: {1}")
    @MethodSource("constraints")
    void warnModeAllowsAndWarns(String constraint, String spec, String violation) throws PolicyException {
        for (VaultServerVersion version : VaultServerVersion.values()) {
            Findings findings = check(policy("warn", constraint), TENANT, create(version, spec));
            assertEquals(List.of(), findings.refusals());
            assertEquals(violation.isEmpty() ? List.of() : List.of(expected(violation, version) + " (tenant policy rule \"tenants\", enforcement: warn)"),
                    findings.warnings(), version.name());
        }
    }

    @ParameterizedTest(name = "not selected {0}: {1}")
    @MethodSource("constraints")
    void namespacesTheRuleDoesNotSelectAreFree(String constraint, String spec, String violation) throws PolicyException {
        Findings other = check(policy("deny", constraint), ns -> Optional.of(Map.of("tenant", "false")), create(VaultServerVersion.V1ALPHA2, spec));
        Findings exempt = check(policy("deny", constraint), ns -> Optional.of(Map.of("tenant", "true", "vaultserver-admission.dev/exempt", "true")),
                create(VaultServerVersion.V1ALPHA2, spec));
        Findings unknown = check(policy("deny", constraint), NamespaceLookup.NONE, create(VaultServerVersion.V1ALPHA2, spec));
        for (Findings f : List.of(other, exempt, unknown)) {
            assertEquals(List.of(), f.refusals());
            assertEquals(List.of(), f.warnings());
        }
    }

    @Test
    void everySelectingRuleHoldsAndEachIsNamed() throws PolicyException {
        TenantPolicy policy = PolicyReader.read("p", """
                rules:
                - {name: regions, allowedRegions: [eu-west-1]}
                - {name: prod-capacity, namespaceSelector: {matchLabels: {tier: prod}}, maxReadCapacity: 10}
                - {name: labs-only, namespaceSelector: {matchLabels: {tier: labs}}, requireCredentials: true}
                - {name: rollout, enforcement: warn, endpoint: {forbidden: true}}
                """);
        Findings findings = check(policy, ns -> Optional.of(Map.of("tier", "prod")), create(VaultServerVersion.V1ALPHA2,
                "{'backend': {'dynamodb': {'readCapacity': 20, 'endpoint': 'http://localhost:8000'}}}"));
        assertEquals(List.of(
                "spec.backend.dynamodb.region: Unsupported value: \"us-east-1\": supported values: \"eu-west-1\" (tenant policy rule \"regions\")",
                "spec.backend.dynamodb.readCapacity: Invalid value: 20: must be no more than 10 (tenant policy rule \"prod-capacity\")"),
                findings.refusals().stream().map(FieldError::toString).toList());
        assertEquals(List.of("spec.backend.dynamodb.endpoint: Forbidden: a custom endpoint is not allowed (http://localhost:8000): Vault must use"
                + " AWS's DynamoDB endpoint for its region (tenant policy rule \"rollout\", enforcement: warn)"), findings.warnings());

        AdmissionDecision.Denial denial = AdmissionDecision.of("kubevault.com", "VaultServer", "vault", findings).denial();
        assertEquals(403, denial.code());
        assertEquals("Forbidden", denial.reason());
        assertTrue(denial.message().startsWith("VaultServer.kubevault.com \"vault\" is forbidden: [spec.backend.dynamodb.region: Unsupported value"), denial.message());
    }

    @Test
    void anExemptionLabelOfTheFilesChoosing() throws PolicyException {
        TenantPolicy policy = PolicyReader.read("p", "exemptNamespaceLabel: {key: platform, value: 'yes'}\nrules: [{name: r, allowedRegions: [eu-west-1]}]");
        VaultServerWrite write = create(VaultServerVersion.V1ALPHA2, "{'backend': {'dynamodb': {}}}");
        assertEquals(0, check(policy, ns -> Optional.of(Map.of("platform", "yes")), write).refusals().size());
        assertEquals(1, check(policy, ns -> Optional.of(Map.of("platform", "true")), write).refusals().size());
    }

    @Test
    void anUpdateKeepingAnOldViolationIsWarnedAndANewOneRefused() throws PolicyException {
        TenantPolicy policy = policy("deny", "maxReadCapacity: 10");
        VaultServer old = Fixtures.withSpec(VaultServerVersion.V1ALPHA2, "{'backend': {'dynamodb': {'readCapacity': 50}}}");
        VaultServer relabelled = Fixtures.withSpec(VaultServerVersion.V1ALPHA2, "{'replicas': 2, 'backend': {'dynamodb': {'readCapacity': 50}}}");
        Findings kept = check(policy, TENANT, new VaultServerWrite("UPDATE", relabelled, Optional.of(old)));
        assertEquals(List.of(), kept.refusals());
        assertEquals(List.of("spec.backend.dynamodb.readCapacity: Invalid value: 50: must be no more than 10 (tenant policy rule \"tenants\";"
                + " already so before this update, so let through until it changes)"), kept.warnings());

        VaultServer raised = Fixtures.withSpec(VaultServerVersion.V1ALPHA2, "{'backend': {'dynamodb': {'readCapacity': 60}}}");
        assertEquals(1, check(policy, TENANT, new VaultServerWrite("UPDATE", raised, Optional.of(old))).refusals().size());
    }

    @Test
    void lookupsThatFailFailClosed() throws PolicyException {
        VaultServerWrite write = create(VaultServerVersion.V1ALPHA2, "{'backend': {'dynamodb': {}}}");
        Findings noNamespace = check(policy("deny", "maxParallel: 500"), ns -> {
            throw new LookupException("the API server could not be reached (ConnectException: Connection refused)");
        }, write);
        assertEquals(List.of("metadata.namespace: Internal error: the labels of namespace \"demo\" could not be looked up for the tenant policy:"
                + " the API server could not be reached (ConnectException: Connection refused)"), noNamespace.errors().stream().map(FieldError::toString).toList());

        Findings noPolicy = new Findings();
        new TenantPolicyRule(() -> {
            throw new LookupException("the tenant policy file /p is invalid and no earlier version was loaded: p: rules: must be a list");
        }, TENANT).check(write, noPolicy);
        assertEquals(ErrorType.INTERNAL, noPolicy.errors().get(0).type());
        assertEquals(500, AdmissionDecision.of("kubevault.com", "VaultServer", "vault", noPolicy).denial().code());
    }

    @Test
    void noRulesMeansNoNamespaceLookup() {
        Findings findings = new Findings();
        new TenantPolicyRule(PolicySource.NONE, ns -> {
            throw new AssertionError("no lookup without rules");
        }).check(create(VaultServerVersion.V1ALPHA2, "{'backend': {'dynamodb': {}}}"), findings);
        assertEquals(0, findings.errors().size());
    }
}
