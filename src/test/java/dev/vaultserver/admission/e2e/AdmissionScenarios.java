package dev.vaultserver.admission.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What both end-to-end suites check, written once and run by each: {@code ApiServerE2ETest} (a real kube-apiserver
 * calling the built jar by URL) and {@code InClusterTest} (the image and the chart on a real node, through the Service).
 * Each scenario works in one namespace, through kubectl (the suite's KUBECONFIG) and fabric8, on tables named from a
 * prefix, so that a suite can run it beside its own objects.
 */
public final class AdmissionScenarios {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final String namespace;
    private final String tables;

    /** @param tablePrefix the start of every table a scenario names ({@code <prefix>-one}, ...) */
    public AdmissionScenarios(KubernetesClient client, String namespace, String tablePrefix) {
        this.client = client;
        this.namespace = namespace;
        this.tables = tablePrefix;
    }

    /**
     * A create is stored with the documented defaults, on table {@code <prefix>-one} (VaultServer {@code defaulted});
     * an invalid one is refused as the API server refuses its own (kubectl's message, a 422 with causes) and is not stored.
     */
    public void aCreateIsDefaultedAndADenialNamesTheField() {
        kubectl("create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "defaulted", "{table: " + tables + "-one, region: eu-west-1, readCapacity: 0}"))
                .assertOk();
        JsonNode dynamoDb = dynamoDb("v1alpha2", "defaulted");
        assertEquals(5, dynamoDb.path("readCapacity").asInt());
        assertEquals(5, dynamoDb.path("writeCapacity").asInt());
        assertEquals(128, dynamoDb.path("maxParallel").asInt());
        assertFalse(dynamoDb.path("haEnabled").asBoolean(true));

        Kubectl refused = kubectl("create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "invalid", "{readCapacity: -5, region: mars-1}"));
        assertNotEquals(0, refused.exit);
        // kubectl prints a 422 with causes as it prints the API server's own validation errors.
        assertTrue(refused.stderr.contains("The VaultServer \"invalid\" is invalid"), refused.toString());
        assertTrue(refused.stderr.contains("spec.backend.dynamodb.readCapacity: Invalid value: -5: must be at least 1"), refused.toString());
        assertTrue(refused.stderr.contains("spec.backend.dynamodb.region: Invalid value: \"mars-1\""), refused.toString());
        KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> vaultServers("v1alpha2")
                .resource(resource(VaultServerYaml.of("v1alpha2", "invalid2", "{maxParallel: -1}"))).create());
        assertEquals(422, e.getCode());
        assertTrue(e.getMessage().contains(E2eWebhooks.DENIED), e.getMessage());
        assertEquals("spec.backend.dynamodb.maxParallel", e.getStatus().getDetails().getCauses().get(0).getField());
        assertEquals("FieldValueInvalid", e.getStatus().getDetails().getCauses().get(0).getReason());
        assertNull(vaultServers("v1alpha2").withName("invalid").get(), "nothing stored");
    }

    /**
     * A VaultServer naming a credentials Secret is refused while the Secret is missing, then while it lacks a key (no
     * Secret value reaches the client), and stored once the Secret holds both keys.
     */
    public void aMissingSecretIsRefusedUntilTheSecretExists(String secret) {
        String yaml = VaultServerYaml.of("v1alpha2", "with-secret", "{table: " + tables + "-two, region: eu-west-1, credentialSecretRef: {name: " + secret + "}}");
        Kubectl refused = kubectl("create", "-f", "-").input(yaml);
        assertTrue(refused.stderr.contains("spec.backend.dynamodb.credentialSecretRef.name: Not found: \"" + secret + "\""), refused.toString());

        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(secret).endMetadata()
                .withStringData(Map.of("access_key", "CANARY-E2E-ACCESS")).build()).create();
        Kubectl missingKey = kubectl("create", "-f", "-").input(yaml);
        assertTrue(missingKey.stderr.contains("has no non-empty secret_key; Vault needs both access_key and secret_key"), missingKey.toString());
        assertFalse(missingKey.stderr.contains("CANARY"), "no Secret value reaches the client");

        client.secrets().inNamespace(namespace).withName(secret).edit(s -> new SecretBuilder(s)
                .withStringData(Map.of("access_key", "CANARY-E2E-ACCESS", "secret_key", "CANARY-E2E-SECRET")).build());
        kubectl("create", "-f", "-").input(yaml).assertOk();
        assertEquals(secret, dynamoDb("v1alpha2", "with-secret").path("credentialSecretRef").path("name").asText());
    }

    /** Warnings reach kubectl; a server-side dry run is defaulted and judged, and stores nothing, in both API versions. */
    public void warningsReachKubectlAndAServerDryRunStoresNothing() {
        Kubectl warned = kubectl("create", "--dry-run=server", "-f", "-")
                .input(VaultServerYaml.of("v1alpha1", "dry-old", "{table: " + tables + "-three, endpoint: 'http://localstack:4566', region: local}"));
        warned.assertOk();
        assertTrue(warned.stderr.contains("Warning: spec.backend.dynamodb.endpoint: \"http://localstack:4566\" uses plaintext http://"), warned.toString());
        assertTrue(warned.stderr.contains("Warning: spec.backend.dynamodb: no AWS credentials Secret is set"), warned.toString());
        assertNull(vaultServers("v1alpha1").withName("dry-old").get(), "a dry run stores nothing");

        Kubectl dry = kubectl("create", "--dry-run=server", "-o", "json", "-f", "-")
                .input(VaultServerYaml.of("v1alpha2", "dry", "{table: " + tables + "-three}"));
        dry.assertOk();
        assertEquals(128, readTree(dry.stdout).path("spec").path("backend").path("dynamodb").path("maxParallel").asInt(), "the dry run is defaulted");
        assertNull(vaultServers("v1alpha2").withName("dry").get(), "nothing stored");
        Kubectl dryBad = kubectl("create", "--dry-run=server", "-f", "-").input(VaultServerYaml.of("v1alpha2", "dry-bad", "{table: ab}"));
        assertTrue(dryBad.stderr.contains("The VaultServer \"dry-bad\" is invalid: spec.backend.dynamodb.table: Invalid value: \"ab\""),
                dryBad.toString());
    }

    /** v1alpha1 is checked (its own field names) and defaulted like v1alpha2 (VaultServer {@code old}, table {@code <prefix>-four}). */
    public void v1alpha1IsCheckedAndDefaultedToo() {
        Kubectl badName = kubectl("create", "-f", "-").input(VaultServerYaml.of("v1alpha1", "old-bad", "{credentialSecret: Not_A_Name}"));
        assertTrue(badName.stderr.contains("spec.backend.dynamodb.credentialSecret: Invalid value: \"Not_A_Name\": a lowercase RFC 1123 subdomain"),
                badName.toString());
        Kubectl negative = kubectl("create", "-f", "-").input(VaultServerYaml.of("v1alpha1", "old-bad", "{writeCapacity: -2}"));
        assertTrue(negative.stderr.contains("spec.backend.dynamodb.writeCapacity: Invalid value: -2"), negative.toString());
        kubectl("create", "-f", "-").input(VaultServerYaml.of("v1alpha1", "old", "{table: " + tables + "-four, region: eu-west-1}")).assertOk();
        JsonNode dynamoDb = dynamoDb("v1alpha1", "old");
        assertEquals("eu-west-1", dynamoDb.path("region").asText());
        assertEquals(128, dynamoDb.path("maxParallel").asInt());
    }

    /**
     * An update is checked and defaulted again (an unset field gets its default back), and one that moves the data to
     * another table is refused (VaultServer {@code updated}, table {@code <prefix>-five}).
     */
    public void anUpdateIsCheckedAndDefaultedAndMayNotMoveTheTable() {
        kubectl("create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "updated", "{table: " + tables + "-five, readCapacity: 7}")).assertOk();
        Kubectl refused = patch("updated", "{\"writeCapacity\":-2}");
        assertNotEquals(0, refused.exit, refused.toString());
        assertTrue(refused.stderr.contains("spec.backend.dynamodb.writeCapacity: Invalid value: -2"), refused.toString());
        patch("updated", "{\"readCapacity\":null,\"writeCapacity\":20}").assertOk();
        JsonNode dynamoDb = dynamoDb("v1alpha2", "updated");
        assertEquals(20, dynamoDb.path("writeCapacity").asInt());
        assertEquals(5, dynamoDb.path("readCapacity").asInt(), "an unset field is defaulted again on UPDATE");

        Kubectl moved = patch("updated", "{\"table\":\"" + tables + "-moved\"}");
        assertNotEquals(0, moved.exit);
        assertTrue(moved.stderr.contains("field is immutable while the VaultServer exists"), moved.toString());
        patch("updated", "{\"readCapacity\":10}").assertOk();
    }

    private Kubectl patch(String name, String dynamoDb) {
        return kubectl("patch", "vaultservers.v1alpha2.kubevault.com", name, "--type=merge",
                "-p", "{\"spec\":{\"backend\":{\"dynamodb\":" + dynamoDb + "}}}").run();
    }

    private Kubectl kubectl(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-n";
        all[1] = namespace;
        System.arraycopy(args, 0, all, 2, args.length);
        return new Kubectl(all);
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource, io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> vaultServers(String version) {
        return client.genericKubernetesResources("kubevault.com/" + version, "VaultServer").inNamespace(namespace);
    }

    private JsonNode dynamoDb(String version, String name) {
        GenericKubernetesResource found = vaultServers(version).withName(name).get();
        assertTrue(found != null, name + " is stored");
        return JSON.valueToTree(found).path("spec").path("backend").path("dynamodb");
    }

    private GenericKubernetesResource resource(String yaml) {
        return client.getKubernetesSerialization().unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), GenericKubernetesResource.class);
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
