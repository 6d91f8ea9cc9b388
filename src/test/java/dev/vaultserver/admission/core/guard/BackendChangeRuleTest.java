package dev.vaultserver.admission.core.guard;

import dev.vaultserver.admission.core.Fixtures;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.core.rule.VaultServerWrite;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendChangeRuleTest {

    private static final String ANNOTATED = "'metadata': {'annotations': {'vaultserver-admission.dev/allow-backend-change': 'true'}}";

    /** old spec, new spec, the expected error (a fragment) or "" for none, the expected warning fragment or "". */
    static Stream<Arguments> cases() {
        return Stream.of(
                row("unset table to the default spelled out is no change", "{'dynamodb': {}}", "{'dynamodb': {'table': 'vault-dynamodb-backend'}}", "", ""),
                row("region unset to us-east-1 is no change", "{'dynamodb': {}}", "{'dynamodb': {'region': 'us-east-1'}}", "", ""),
                row("AWS's endpoint spelled out is no change", "{'dynamodb': {'region': 'eu-west-1'}}",
                        "{'dynamodb': {'region': 'eu-west-1', 'endpoint': 'https://dynamodb.eu-west-1.amazonaws.com'}}", "", ""),
                row("capacities and maxParallel may change", "{'dynamodb': {'table': 't', 'readCapacity': 5}}",
                        "{'dynamodb': {'table': 't', 'readCapacity': 50, 'writeCapacity': 9, 'maxParallel': 4, 'haEnabled': true}}", "", ""),
                row("table switch", "{'dynamodb': {'table': 't1'}}", "{'dynamodb': {'table': 't2'}}",
                        "spec.backend.dynamodb.table: Forbidden: field is immutable while the VaultServer exists: the effective table changes from \"t1\" to \"t2\"", ""),
                row("table from default to a name", "{'dynamodb': {}}", "{'dynamodb': {'table': 't2'}}",
                        "the effective table changes from \"vault-dynamodb-backend\" (the default) to \"t2\"", ""),
                row("region switch", "{'dynamodb': {'region': 'eu-west-1'}}", "{'dynamodb': {'region': 'eu-central-1'}}",
                        "spec.backend.dynamodb.region: Forbidden: field is immutable", ""),
                row("endpoint added", "{'dynamodb': {}}", "{'dynamodb': {'endpoint': 'http://localhost:8000'}}",
                        "the effective endpoint changes from AWS's endpoint to \"http://localhost:8000\"", ""),
                row("backend moved off DynamoDB", "{'dynamodb': {}}", "{'raft': {}}",
                        "spec.backend: Forbidden: field is immutable while the VaultServer exists: the storage backend changes from dynamodb to another storage backend", ""),
                row("not DynamoDB before or after", "{'raft': {}}", "{'consul': {}}", "", ""));
    }

    private static Arguments row(String name, String oldBackend, String newBackend, String error, String warning) {
        return Arguments.of(name, oldBackend, newBackend, error, warning);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void updatesMayNotMoveTheData(String name, String oldBackend, String newBackend, String error, String warning) {
        Findings findings = update("{'backend': " + oldBackend + "}", "{'backend': " + newBackend + "}", false);
        List<String> errors = findings.errors().stream().map(FieldError::toString).toList();
        if (error.isEmpty()) {
            assertEquals(List.of(), errors);
        } else {
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains(error), errors.get(0));
            assertTrue(errors.get(0).endsWith("set the annotation vaultserver-admission.dev/allow-backend-change: \"true\""), errors.get(0));
        }
        assertEquals(List.of(), findings.refusals());
    }

    @ParameterizedTest(name = "{0}, annotated")
    @MethodSource("cases")
    void theAnnotationLetsAChangeThroughWithAWarning(String name, String oldBackend, String newBackend, String error, String warning) {
        Findings findings = update("{'backend': " + oldBackend + "}", "{'backend': " + newBackend + "}", true);
        assertEquals(List.of(), findings.errors());
        assertEquals(error.isEmpty() ? 0 : 1, findings.warnings().size(), findings.warnings().toString());
        findings.warnings().forEach(w -> assertTrue(w.contains("allowed by the annotation vaultserver-admission.dev/allow-backend-change"), w));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envCases")
    void environmentOverridesCount(String name, String oldEnv, String newEnv, String expectedError) {
        Findings findings = update("{'backend': {'dynamodb': {'table': 't1'}}, 'podTemplate': {'spec': {'env': " + oldEnv + "}}}",
                "{'backend': {'dynamodb': {'table': 't1'}}, 'podTemplate': {'spec': {'env': " + newEnv + "}}}", false);
        List<String> errors = findings.errors().stream().map(FieldError::toString).toList();
        if (expectedError.isEmpty()) {
            assertEquals(List.of(), errors);
        } else {
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).startsWith(expectedError), errors.get(0));
        }
    }

    static Stream<Arguments> envCases() {
        return Stream.of(
                Arguments.of("an env var moves the table", "[]", "[{'name': 'AWS_DYNAMODB_TABLE', 'value': 't2'}]",
                        "spec.podTemplate.spec.env[0]: Forbidden: field is immutable while the VaultServer exists: the effective table changes from \"t1\" to \"t2\""),
                Arguments.of("the same table by env var is no change", "[]", "[{'name': 'AWS_DYNAMODB_TABLE', 'value': 't1'}]", ""),
                Arguments.of("AWS_REGION moves the region", "[]", "[{'name': 'AWS_REGION', 'value': 'eu-west-1'}]",
                        "spec.podTemplate.spec.env[0]: Forbidden: field is immutable while the VaultServer exists: the effective region changes from \"us-east-1\" (the default) to \"eu-west-1\""),
                Arguments.of("the same valueFrom is no change", "[{'name': 'AWS_REGION', 'valueFrom': {'configMapKeyRef': {'name': 'c', 'key': 'r'}}}]",
                        "[{'name': 'AWS_REGION', 'valueFrom': {'configMapKeyRef': {'name': 'c', 'key': 'r'}}}]", ""),
                Arguments.of("a valueFrom replacing a value is a change", "[]",
                        "[{'name': 'AWS_REGION', 'valueFrom': {'configMapKeyRef': {'name': 'c', 'key': 'r'}}}]",
                        "spec.podTemplate.spec.env[0]: Forbidden: field is immutable while the VaultServer exists: the effective region changes from \"us-east-1\" (the default) to a value from spec.podTemplate.spec.env[0].valueFrom"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void createIsNeverAChange(String name, String oldBackend, String newBackend, String error, String warning) {
        VaultServer created = vaultServer("{'backend': " + newBackend + "}", false);
        Findings findings = new Findings();
        new BackendChangeRule().check(new VaultServerWrite("CREATE", created, Optional.empty()), findings);
        assertEquals(List.of(), findings.errors());
        assertEquals(List.of(), findings.warnings());
    }

    private static Findings update(String oldSpec, String newSpec, boolean annotated) {
        Findings findings = new Findings();
        new BackendChangeRule().check(new VaultServerWrite("UPDATE", vaultServer(newSpec, annotated), Optional.of(vaultServer(oldSpec, false))), findings);
        return findings;
    }

    static VaultServer vaultServer(String spec, boolean annotated) {
        VaultServer vs = Fixtures.withSpec(VaultServerVersion.V1ALPHA2, spec);
        if (annotated) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) vs.object()).set("metadata",
                    Fixtures.json("{" + ANNOTATED + "}").get("metadata").deepCopy());
            ((com.fasterxml.jackson.databind.node.ObjectNode) vs.object().get("metadata")).put("name", "vault").put("namespace", "demo");
        }
        return vs;
    }
}
