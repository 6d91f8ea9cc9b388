package dev.vaultserver.admission.core.rule;

import dev.vaultserver.admission.core.finding.Finding;
import dev.vaultserver.admission.core.validation.CredentialSecretsRuleTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vaultserver.admission.core.Fixtures;
import dev.vaultserver.admission.core.StandardRules;
import dev.vaultserver.admission.core.admission.AdmissionAttributes;
import dev.vaultserver.admission.core.admission.AdmissionDecision;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.kubernetes.KubernetesSecretLookup;
import dev.vaultserver.admission.kubernetes.UnreachableApiServer;
import dev.vaultserver.admission.local.DirectorySecretLookup;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chain: every rule runs, all errors and warnings are merged, and the denial is worded as the API server's. */
class VaultServerValidatorTest {

    private static final VaultServerValidator VALIDATOR =
            StandardRules.validator(new DirectorySecretLookup(CredentialSecretsRuleTest.SECRETS));

    @Test
    void reportsEveryProblemOfEveryRuleAtOnce() {
        AdmissionDecision decision = VALIDATOR.handle(Fixtures.request("CREATE", Fixtures.withSpec(VaultServerVersion.V1ALPHA2,
                "{'replicas': 3, 'backend': {'s3': {}, 'dynamodb': {'table': 'a', 'region': 'mars-1', 'endpoint': 'http://h',"
                        + " 'readCapacity': -1, 'writeCapacity': 50000, 'maxParallel': 'x', 'tabel': 'y',"
                        + " 'credentialSecretRef': {'name': 'nope'}}}}")));
        assertFalse(decision.allowed());
        AdmissionDecision.Denial denial = decision.denial();
        assertEquals(422, denial.code());
        assertEquals("Invalid", denial.reason());
        List<String> fields = denial.causes().stream().map(c -> c.field()).toList();
        assertEquals(List.of("spec.backend", "spec.backend.dynamodb.maxParallel", "spec.backend.dynamodb.table",
                "spec.backend.dynamodb.readCapacity", "spec.backend.dynamodb.credentialSecretRef.name"), fields);
        assertTrue(denial.message().startsWith("VaultServer.kubevault.com \"vault\" is invalid: [spec.backend: Invalid value: "),
                denial.message());
        assertTrue(denial.message().endsWith("CreateContainerConfigError)]"), denial.message());
        List<String> warned = decision.warnings().stream().map(w -> w.substring(0, w.indexOf(':'))).toList();
        assertEquals(List.of("spec.backend.dynamodb.endpoint", "spec.backend.dynamodb.writeCapacity", "spec.replicas",
                "spec.backend.dynamodb.tabel"), warned);
    }

    @Test
    void oneErrorIsNotBracketed() {
        AdmissionDecision decision = VALIDATOR.handle(Fixtures.request("UPDATE",
                Fixtures.withDynamoDb(VaultServerVersion.V1ALPHA1, "{'readCapacity': -5, 'credentialSecret': 'aws-credentials'}")));
        assertEquals("VaultServer.kubevault.com \"vault\" is invalid: spec.backend.dynamodb.readCapacity: Invalid value: -5:"
                + " must be at least 1 (0 or unset means the default, 5)", decision.denial().message());
        assertEquals(List.of(), decision.warnings());
    }

    @Test
    void aGoodObjectIsAllowedWithItsWarnings() {
        AdmissionDecision decision = VALIDATOR.handle(Fixtures.request("CREATE",
                Fixtures.withDynamoDb(VaultServerVersion.V1ALPHA1, "{'table': 'vault', 'region': 'us-west-1'}")));
        assertTrue(decision.allowed());
        assertNull(decision.denial());
        assertEquals(1, decision.warnings().size());
        assertTrue(decision.warnings().get(0).contains("node's AWS credential chain"));
    }

    @Test
    void onlyLookupFailuresAreAnInternalError() {
        try (KubernetesClient client = UnreachableApiServer.client()) {
            VaultServerValidator failing = StandardRules.validator(new KubernetesSecretLookup(client));
            AdmissionDecision decision = failing.handle(Fixtures.request("CREATE",
                    Fixtures.withDynamoDb(VaultServerVersion.V1ALPHA1, "{'credentialSecret': 'aws'}")));
            assertEquals(500, decision.denial().code());
            assertEquals("InternalError", decision.denial().reason());
            assertTrue(decision.denial().message().startsWith("VaultServer.kubevault.com \"vault\" could not be validated:"
                    + " spec.backend.dynamodb.credentialSecret: Internal error: Secret \"demo/aws\" could not be verified:"
                    + " the API server could not be reached ("), decision.denial().message());

            AdmissionDecision mixed = failing.handle(Fixtures.request("CREATE",
                    Fixtures.withDynamoDb(VaultServerVersion.V1ALPHA1, "{'credentialSecret': 'aws', 'table': 'a'}")));
            assertEquals(422, mixed.denial().code(), "a real validation error makes it Invalid");
            assertEquals(2, mixed.denial().causes().size());
        }
    }

    @Test
    void allowsWhatIsNotAVaultServerWrite() {
        JsonNode bad = Fixtures.withSpec(VaultServerVersion.V1ALPHA2, "{'backend': {}}").object();
        List.of(
                new AdmissionAttributes("DELETE", "kubevault.com", "v1alpha2", "VaultServer", "", "demo", null, bad, false),
                new AdmissionAttributes("CONNECT", "kubevault.com", "v1alpha2", "VaultServer", "", "demo", bad, null, false),
                new AdmissionAttributes("UPDATE", "kubevault.com", "v1alpha2", "VaultServer", "status", "demo", bad, bad, false),
                new AdmissionAttributes("CREATE", "", "v1", "ConfigMap", "", "demo", bad, null, false),
                new AdmissionAttributes("CREATE", "example.com", "v1alpha2", "VaultServer", "", "demo", bad, null, false)
        ).forEach(request -> {
            AdmissionDecision decision = VALIDATOR.handle(request);
            assertTrue(decision.allowed(), request.toString());
            assertEquals(List.of(), decision.warnings());
        });
    }

    @Test
    void anUnknownVersionIsAllowedWithAWarning() {
        JsonNode bad = Fixtures.withSpec(VaultServerVersion.V1ALPHA2, "{'backend': {}}").object();
        AdmissionDecision decision = VALIDATOR.handle(
                new AdmissionAttributes("CREATE", "kubevault.com", "v1beta1", "VaultServer", "", "demo", bad, null, false));
        assertTrue(decision.allowed());
        assertEquals(List.of("apiVersion: kubevault.com/v1beta1 is not a VaultServer version this webhook knows (v1alpha1, v1alpha2):"
                + " the object was not checked"), decision.warnings());
    }

    @Test
    void dryRunGetsTheSameAnswer() {
        JsonNode object = Fixtures.withDynamoDb(VaultServerVersion.V1ALPHA2, "{'readCapacity': -1}").object();
        AdmissionDecision real = VALIDATOR.handle(new AdmissionAttributes("CREATE", "kubevault.com", "v1alpha2", "VaultServer", "", "demo", object, null, false));
        AdmissionDecision dry = VALIDATOR.handle(new AdmissionAttributes("CREATE", "kubevault.com", "v1alpha2", "VaultServer", "", "demo", object, null, true));
        assertEquals(real, dry);
    }

    @Test
    void namespaceComesFromTheRequestThenTheObject() {
        JsonNode object = Fixtures.withDynamoDb(VaultServerVersion.V1ALPHA2, "{'credentialSecretRef': {'name': 'other-namespace-only'}}").object();
        AdmissionDecision inOther = VALIDATOR.handle(new AdmissionAttributes("CREATE", "kubevault.com", "v1alpha2", "VaultServer", "", "other", object, null, false));
        assertTrue(inOther.allowed(), inOther.toString());
        AdmissionDecision fromMetadata = VALIDATOR.handle(new AdmissionAttributes("CREATE", "kubevault.com", "v1alpha2", "VaultServer", "", "", object, null, false));
        assertFalse(fromMetadata.allowed(), "metadata.namespace is demo, where the Secret is not");
    }

    /** A custom resource's spec can change while finalizers hold it: such an update is checked; a metadata-only one is not. */
    @Test
    void anUpdateOfAVaultServerBeingDeletedIsCheckedWhenItsSpecChanges() {
        JsonNode before = Fixtures.withDynamoDb(VaultServerVersion.V1ALPHA2, "{'table': 'mine', 'credentialSecretRef': {'name': 'aws-credentials'}}").object();
        com.fasterxml.jackson.databind.node.ObjectNode terminating = (com.fasterxml.jackson.databind.node.ObjectNode) before.deepCopy();
        terminating.with("metadata").put("deletionTimestamp", "2026-12-02T08:00:00Z").putArray("finalizers").add("example.com/hold");
        com.fasterxml.jackson.databind.node.ObjectNode old = terminating.deepCopy();

        com.fasterxml.jackson.databind.node.ObjectNode released = terminating.deepCopy();
        released.with("metadata").putArray("finalizers");
        released.with("metadata").putObject("annotations").put("note", "bye");
        assertTrue(VALIDATOR.handle(update(released, old)).allowed(), "metadata only: the finalizer can always go");

        com.fasterxml.jackson.databind.node.ObjectNode hostile = terminating.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) hostile.at("/spec/backend/dynamodb")).put("table", "another-tenants").put("readCapacity", -5);
        AdmissionDecision refused = VALIDATOR.handle(update(hostile, old));
        assertFalse(refused.allowed());
        assertEquals(List.of("spec.backend.dynamodb.readCapacity: Invalid value: -5: must be at least 1 (0 or unset means the default, 5)",
                "spec.backend.dynamodb.table: Forbidden: field is immutable while the VaultServer is being deleted: the effective table changes"
                        + " from \"mine\" to \"another-tenants\""),
                refused.denial().causes().stream().map(Finding::text).toList());

        hostile.with("metadata").putObject("annotations").put("vaultserver-admission.dev/allow-backend-change", "true");
        ((com.fasterxml.jackson.databind.node.ObjectNode) hostile.at("/spec/backend/dynamodb")).remove("readCapacity");
        assertFalse(VALIDATOR.handle(update(hostile, old)).allowed(), "not even annotated: a VaultServer being deleted moves nowhere");
    }

    private static AdmissionAttributes update(JsonNode object, JsonNode old) {
        return new AdmissionAttributes("UPDATE", "kubevault.com", "v1alpha2", "VaultServer", "", "demo", object, old, false);
    }
}
