package dev.vaultserver.admission.inprocess;

import dev.vaultserver.admission.testing.Await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.kubernetes.VaultServerResources;
import dev.vaultserver.admission.webhook.ReviewJson;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tenant policy, the update guard and the collision guard over HTTPS, with Namespaces, Secrets and
 * VaultServers on the fabric8 mock API server (CRUD mode) and the policy in a file the test rewrites.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeVaultApi.class)
@TestProfile(TenantPolicyHttpTest.WithPolicyFile.class)
class TenantPolicyHttpTest {

    static final Path POLICY = Path.of("target/tenant-policy-test/policy.yaml");

    static final String POLICY_V1 = """
            rules:
            - name: tenants
              namespaceSelector: {matchLabels: {tenant: "true"}}
              allowedRegions: [eu-west-1]
              tableNamePattern: "{namespace}-*"
              endpoint: {forbidden: true}
              requireCredentials: true
            - name: capacity-rollout
              enforcement: warn
              namespaceSelector: {matchLabels: {tenant: "true"}}
              maxReadCapacity: 10
            """;

    public static class WithPolicyFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            write(POLICY_V1);
            return Map.of(PolicyFiles.SETTING, POLICY.toString());
        }
    }

    private static final ObjectMapper JSON = ReviewJson.newMapper();

    @KubernetesTestServer
    KubernetesServer apiServer;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @BeforeEach
    void cluster() {
        write(POLICY_V1);
        KubernetesClient client = apiServer.getClient();
        ClusterObjects.namespace(client, "team-a", Map.of("tenant", "true"));
        ClusterObjects.namespace(client, "team-b", Map.of("tenant", "true"));
        ClusterObjects.namespace(client, "platform", Map.of("tenant", "true", "vaultserver-admission.dev/exempt", "true"));
        for (String ns : new String[] {"team-a", "team-b", "platform"}) {
            client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("aws").endMetadata()
                    .withStringData(Map.of("access_key", "CANARY-ACCESS-TENANT", "secret_key", "CANARY-SECRET-TENANT")).build()).createOr(r -> r.update());
        }
    }

    @Test
    void aTenantIsRefused403NamingTheRuleAndTheField() {
        JsonNode response = validate("CREATE", "team-a", "{'region': 'us-east-2', 'table': 'shared', 'endpoint': 'http://localstack:4566',"
                + " 'credentialSecretRef': {'name': 'aws'}}", null);
        assertEquals(false, response.path("allowed").asBoolean());
        assertEquals(403, response.path("status").path("code").asInt());
        assertEquals("Forbidden", response.path("status").path("reason").asText());
        String message = response.path("status").path("message").asText();
        assertTrue(message.startsWith("VaultServer.kubevault.com \"vault\" is forbidden: [spec.backend.dynamodb.region: Unsupported value: \"us-east-2\""), message);
        JsonNode causes = response.path("status").path("details").path("causes");
        assertEquals(3, causes.size(), causes.toString());
        assertEquals("spec.backend.dynamodb.region", causes.get(0).path("field").asText());
        assertEquals("FieldValueNotSupported", causes.get(0).path("reason").asText());
        assertTrue(causes.get(0).path("message").asText().endsWith("(tenant policy rule \"tenants\")"), causes.toString());
        assertEquals("spec.backend.dynamodb.table", causes.get(1).path("field").asText());
        assertTrue(causes.get(1).path("message").asText().contains("must match team-a-*"), causes.toString());
        assertEquals("spec.backend.dynamodb.endpoint", causes.get(2).path("field").asText());
    }

    @Test
    void aCompliantTenantObjectIsAllowedAndAWarnRuleOnlyWarns() {
        JsonNode response = validate("CREATE", "team-a", "{'region': 'eu-west-1', 'table': 'team-a-vault', 'readCapacity': 50,"
                + " 'credentialSecretRef': {'name': 'aws'}}", null);
        assertTrue(response.path("allowed").asBoolean(), response.toString());
        assertEquals("spec.backend.dynamodb.readCapacity: Invalid value: 50: must be no more than 10 (tenant policy rule \"capacity-rollout\", enforcement: warn)",
                response.path("warnings").get(0).asText());
    }

    @Test
    void anExemptNamespaceIsFree() {
        JsonNode response = validate("CREATE", "platform", "{'table': 'platform-vault', 'credentialSecretRef': {'name': 'aws'}}", null);
        assertTrue(response.path("allowed").asBoolean(), response.toString());
    }

    @Test
    void anUpdateThatSwitchesTableIsRefusedUnlessAnnotated() {
        String before = "{'region': 'eu-west-1', 'table': 'team-a-one', 'credentialSecretRef': {'name': 'aws'}}";
        String after = "{'region': 'eu-west-1', 'table': 'team-a-two', 'credentialSecretRef': {'name': 'aws'}}";
        JsonNode refused = validate("UPDATE", "team-a", after, before);
        assertEquals(422, refused.path("status").path("code").asInt(), refused.toString());
        assertTrue(refused.path("status").path("message").asText().contains(
                "spec.backend.dynamodb.table: Forbidden: field is immutable while the VaultServer exists: the effective table changes from \"team-a-one\" to \"team-a-two\""),
                refused.toString());

        JsonNode capacity = validate("UPDATE", "team-a", before.replace("'table'", "'writeCapacity': 9, 'table'"), before);
        assertTrue(capacity.path("allowed").asBoolean(), "capacities may change: " + capacity);

        ObjectNode annotated = (ObjectNode) vaultServer("team-a", after);
        annotated.with("metadata").putObject("annotations").put("vaultserver-admission.dev/allow-backend-change", "true");
        JsonNode allowed = post("/validate", review("UPDATE", "team-a", annotated, vaultServer("team-a", before))).path("response");
        assertTrue(allowed.path("allowed").asBoolean(), allowed.toString());
        assertTrue(allowed.path("warnings").get(0).asText().contains("allowed by the annotation"), allowed.toString());
    }

    @Test
    void aTableUsedInAnotherNamespaceIsRefusedNamingTheOther() {
        GenericKubernetesResource existing = new GenericKubernetesResource();
        existing.setApiVersion("kubevault.com/v1alpha1");
        existing.setKind("VaultServer");
        existing.setMetadata(new ObjectMetaBuilder().withName("vault").withNamespace("platform").build());
        existing.setAdditionalProperty("spec", Map.of("backend", Map.of("dynamodb", Map.of("table", "platform-vault", "region", "eu-west-1"))));
        apiServer.getClient().genericKubernetesResources(VaultServerResources.of(VaultServerVersion.V1ALPHA1)).inNamespace("platform")
                .resource(existing).createOr(r -> r.update());

        // The informer sees it within moments; the platform namespace is exempt from tenant rules but not from the guard.
        JsonNode response = eventually(() -> validate("CREATE", "team-b",
                "{'region': 'eu-west-1', 'table': 'platform-vault', 'credentialSecretRef': {'name': 'aws'}}", null),
                r -> r.path("status").path("message").asText().contains("platform/vault"));
        assertEquals(403, response.path("status").path("code").asInt());
        JsonNode cause = response.path("status").path("details").path("causes").get(0);
        assertEquals("spec.backend.dynamodb.table", cause.path("field").asText());
        assertEquals("Forbidden: table \"platform-vault\" in region eu-west-1 at AWS's endpoint is already used by VaultServer platform/vault"
                + " (two Vaults on one table overwrite each other's data)", cause.path("message").asText());
        assertTrue(response.path("status").path("details").path("causes").size() >= 2, "the tenant rule's table pattern too: " + response);

        // Named only to a requester who may read VaultServers in namespace platform: a tenant, or a review without
        // userInfo, learns only that another namespace has it.
        for (String requester : new String[] {"tenant-b", null}) {
            JsonNode withheld = post("/validate", review("CREATE", "team-b", vaultServer("team-b",
                    "{'region': 'eu-west-1', 'table': 'platform-vault', 'credentialSecretRef': {'name': 'aws'}}"), null, requester)).path("response");
            assertEquals("Forbidden: table \"platform-vault\" in region eu-west-1 at AWS's endpoint is already used by a VaultServer in another"
                    + " namespace (two Vaults on one table overwrite each other's data)",
                    withheld.path("status").path("details").path("causes").get(0).path("message").asText(), "requester " + requester);
            assertFalse(withheld.toString().contains("platform/"), withheld.toString());
        }

        JsonNode itself = validate("UPDATE", "platform", "{'region': 'eu-west-1', 'table': 'platform-vault'}", "{'region': 'eu-west-1', 'table': 'platform-vault'}");
        assertTrue(itself.path("allowed").asBoolean(), "an object does not collide with itself: " + itself);
    }

    /** One DynamoDB table spelled two ways (AWS's endpoint written out, in the aws-iso partition and as the FIPS variant) is one table. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "iso|shared-iso|us-iso-east-1||https://dynamodb.us-iso-east-1.c2s.ic.gov",
            "fips|shared-fips|us-east-1|https://dynamodb-fips.us-east-1.amazonaws.com|"})
    void aTableSpelledWithAwsEndpointIsTheSameTable(String name, String table, String region, String existingEndpoint, String newEndpoint) {
        Map<String, String> dynamoDb = new java.util.TreeMap<>(Map.of("table", table, "region", region));
        if (existingEndpoint != null) {
            dynamoDb.put("endpoint", existingEndpoint);
        }
        GenericKubernetesResource existing = new GenericKubernetesResource();
        existing.setApiVersion("kubevault.com/v1alpha2");
        existing.setKind("VaultServer");
        existing.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("platform").build());
        existing.setAdditionalProperty("spec", Map.of("backend", Map.of("dynamodb", dynamoDb)));
        apiServer.getClient().genericKubernetesResources(VaultServerResources.of(VaultServerVersion.V1ALPHA2)).inNamespace("platform")
                .resource(existing).createOr(r -> r.update());

        String spec = "{'region': '" + region + "', 'table': '" + table + "', 'credentialSecretRef': {'name': 'aws'}"
                + (newEndpoint == null ? "" : ", 'endpoint': '" + newEndpoint + "'") + "}";
        JsonNode response = eventually(() -> validate("CREATE", "team-b", spec, null),
                r -> r.path("status").path("message").asText().contains("platform/" + name));
        assertEquals(403, response.path("status").path("code").asInt(), response.toString());
        List<String> causes = new java.util.ArrayList<>();
        response.path("status").path("details").path("causes").forEach(c -> causes.add(c.path("field").asText() + ": " + c.path("message").asText()));
        assertTrue(causes.contains("spec.backend.dynamodb.table: Forbidden: table \"" + table + "\" in region " + region
                + " at AWS's endpoint is already used by VaultServer platform/" + name + " (two Vaults on one table overwrite each other's data)"), causes.toString());
        assertTrue(causes.stream().noneMatch(c -> c.startsWith("spec.backend.dynamodb.endpoint")),
                "endpoint: {forbidden: true} takes AWS's own endpoint for no endpoint: " + causes);
    }

    @Test
    void aChangedPolicyIsSeenByTheNextReviewAndABrokenOneKeepsTheLast() {
        String spec = "{'region': 'eu-west-1', 'table': 'team-a-vault', 'credentialSecretRef': {'name': 'aws'}}";
        assertTrue(validate("CREATE", "team-a", spec, null).path("allowed").asBoolean());

        write("rules: [{name: frankfurt-only, allowedRegions: [eu-central-1]}]");
        JsonNode refused = validate("CREATE", "team-a", spec, null);
        assertEquals(403, refused.path("status").path("code").asInt(), refused.toString());
        assertTrue(refused.path("status").path("message").asText().contains("(tenant policy rule \"frankfurt-only\")"), refused.toString());

        write("rules: [{name: broken, allowedRegion: [eu-west-1]}]");
        JsonNode stillRefused = validate("CREATE", "team-a", spec, null);
        assertTrue(stillRefused.path("status").path("message").asText().contains("frankfurt-only"), "the last good policy: " + stillRefused);
        String metrics = HttpsClient.to(https).get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("vaultserver_admission_policy_rules 1.0"), metrics);
        HttpsClient.to(https).get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'caches-and-policy' }.data", org.hamcrest.Matchers.equalTo(Map.of(
                        "secrets", true, "namespaces", true, "vaultservers", true, "claims", true, "policy", true, "certificate", true)));
    }

    private static void write(String policy) {
        PolicyFiles.write(POLICY, policy);
    }

    private JsonNode validate(String operation, String namespace, String dynamoDb, String oldDynamoDb) {
        return post("/validate", review(operation, namespace, vaultServer(namespace, dynamoDb),
                oldDynamoDb == null ? null : vaultServer(namespace, oldDynamoDb))).path("response");
    }

    private static JsonNode vaultServer(String namespace, String dynamoDb) {
        try {
            ObjectNode object = (ObjectNode) JSON.readTree(("{'apiVersion': 'kubevault.com/v1alpha2', 'kind': 'VaultServer',"
                    + " 'metadata': {'name': 'vault', 'namespace': '" + namespace + "'}, 'spec': {'backend': {'dynamodb': " + dynamoDb + "}}}").replace('\'', '"'));
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String review(String operation, String namespace, JsonNode object, JsonNode oldObject) {
        return review(operation, namespace, object, oldObject, KubeVaultApi.CLUSTER_ADMIN);
    }

    private static String review(String operation, String namespace, JsonNode object, JsonNode oldObject, String username) {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", "u-tenant").put("operation", operation).put("namespace", namespace);
        if (username != null) {
            ClusterObjects.requestedBy(request, username);
        }
        request.putObject("kind").put("group", "kubevault.com").put("version", "v1alpha2").put("kind", "VaultServer");
        request.set("object", object);
        if (oldObject != null) {
            request.set("oldObject", oldObject);
        }
        return review.toString();
    }

    private JsonNode post(String path, String body) {
        return HttpsClient.postJson(https, path, body);
    }

    private static JsonNode eventually(java.util.function.Supplier<JsonNode> call, Predicate<JsonNode> done) {
        return Await.until("the answer awaited", java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(100), call::get, done);
    }
}
