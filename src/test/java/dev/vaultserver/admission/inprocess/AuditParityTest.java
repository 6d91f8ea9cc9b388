package dev.vaultserver.admission.inprocess;

import dev.vaultserver.admission.testing.ReportCauses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.core.policy.PolicyReader;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.checkaudit.ClusterAudit;
import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.webhook.ReviewJson;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.zjsonpatch.JsonPatch;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code audit --policy} and {@code /validate} agree object by object on a cluster with a tenant policy, a table
 * shared across namespaces and bad Secrets: the audit (the command's code, reading the mock API server directly)
 * and the running webhook (its watch-backed caches of the same server, the same policy file) give each stored
 * VaultServer the same verdict, status, causes and warnings. The service's periodic audit, with its own policy file
 * and caches, counts the same denials per namespace.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeVaultApi.class)
@TestProfile(AuditParityTest.WithPolicy.class)
class AuditParityTest {

    static final Path POLICY = Path.of("target/audit-parity/policy.yaml");
    static final String POLICY_TEXT = """
            rules:
            - name: tenants
              namespaceSelector: {matchLabels: {tenant: "true"}}
              allowedRegions: [eu-west-1]
              tableNamePattern: "{namespace}-*"
              requireCredentials: true
            - name: capacity
              enforcement: warn
              namespaceSelector: {matchLabels: {tenant: "true"}}
              maxReadCapacity: 10
            """;

    public static class WithPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            PolicyFiles.write(POLICY, POLICY_TEXT);
            return Map.of(PolicyFiles.SETTING, POLICY.toString(), "vaultserver-admission.audit.interval", "1s");
        }
    }

    private static final ObjectMapper JSON = ReviewJson.newMapper();

    @KubernetesTestServer
    KubernetesServer apiServer;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void auditAndValidateAgreeObjectByObject() throws Exception {
        KubernetesClient client = apiServer.getClient();
        ClusterObjects.namespace(client, "team-a", Map.of("tenant", "true"));
        ClusterObjects.namespace(client, "team-b", Map.of("tenant", "true"));
        ClusterObjects.namespace(client, "platform", Map.of());
        ClusterObjects.secret(client, "team-a", "aws", Map.of("access_key", "CANARY-PARITY-A", "secret_key", "CANARY-PARITY-S"));
        ClusterObjects.secret(client, "team-b", "aws", Map.of("access_key", "CANARY-PARITY-A", "secret_key", "CANARY-PARITY-S"));
        ClusterObjects.secret(client, "team-b", "half", Map.of("access_key", "CANARY-PARITY-HALF"));

        ClusterObjects.vaultServer(client, "team-a", "vault", Map.of("table", "team-a-vault", "region", "eu-west-1", "credentialSecretRef", Map.of("name", "aws")));
        ClusterObjects.vaultServer(client, "team-a", "neighbour", Map.of("table", "team-a-vault", "region", "eu-west-1", "readCapacity", 50,
                "credentialSecretRef", Map.of("name", "aws")));
        ClusterObjects.vaultServer(client, "team-b", "intruder", Map.of("table", "team-a-vault", "region", "eu-west-1", "credentialSecretRef", Map.of("name", "aws")));
        ClusterObjects.vaultServer(client, "team-b", "half-secret", Map.of("table", "team-b-vault", "region", "eu-west-1", "credentialSecretRef", Map.of("name", "half")));
        ClusterObjects.vaultServer(client, "team-b", "off-policy", Map.of("table", "shared", "region", "us-west-2"));
        ClusterObjects.vaultServer(client, "platform", "free", Map.of("table", "anything", "region", "us-west-2"));

        Report report = new ClusterAudit(client, PolicySource.fixed(PolicyReader.read(POLICY.toString(), POLICY_TEXT))).run(java.util.Optional.empty());
        JsonNode results = JSON.valueToTree(report).path("results");
        assertEquals(6, results.size(), results.toString());
        assertEquals(List.of("team-a/vault", "team-a/neighbour", "team-b/intruder", "team-b/half-secret", "team-b/off-policy"),
                report.results().stream().filter(r -> !r.allowed()).map(r -> r.namespace() + "/" + r.name()).toList(),
                "the three on one table (across namespaces), the half Secret, the tenant off policy; platform is no tenant");

        // The webhook's caches see the stored objects within moments: retry until every answer agrees, then assert.
        long deadline = System.currentTimeMillis() + 15_000;
        List<String> disagreements;
        do {
            disagreements = new ArrayList<>();
            for (JsonNode fromAudit : results) {
                disagreements.addAll(compare(fromAudit));
            }
        } while (!disagreements.isEmpty() && System.currentTimeMillis() < deadline && sleep());
        assertEquals(List.of(), disagreements);
        assertTrue(results.toString().contains("already used by VaultServer team-b/intruder") && results.toString().contains("already used by VaultServer team-a/"),
                "both sides of the shared table: " + results);

        // The service's periodic audit judges with its own policy file and caches: the same counts per namespace.
        List<String> expected = List.of("vaultserver_admission_audit_violations{namespace=\"platform\"} 0.0",
                "vaultserver_admission_audit_violations{namespace=\"team-a\"} 2.0", "vaultserver_admission_audit_violations{namespace=\"team-b\"} 3.0");
        long until = System.currentTimeMillis() + 15_000;
        List<String> exported;
        do {
            exported = HttpsClient.to(https).get("/q/metrics").then().statusCode(200).extract().asString().lines()
                    .filter(l -> l.startsWith("vaultserver_admission_audit_violations{")).sorted().toList();
        } while (!exported.equals(expected) && System.currentTimeMillis() < until && sleep());
        assertEquals(expected, exported);
    }

    /** What differs between the audit's result for one object and /validate's answer to creating it (after /mutate). */
    private List<String> compare(JsonNode fromAudit) throws IOException {
        String namespace = fromAudit.path("namespace").asText();
        String name = fromAudit.path("name").asText();
        JsonNode stored = JSON.valueToTree(apiServer.getClient().genericKubernetesResources(ClusterAudit.VAULTSERVERS).inNamespace(namespace).withName(name).get());
        JsonNode mutate = post("/mutate", ClusterObjects.createReview(stored, namespace)).path("response");
        JsonNode patch = mutate.has("patch") ? JSON.readTree(Base64.getDecoder().decode(mutate.path("patch").asText())) : JSON.createArrayNode();
        JsonNode validate = post("/validate", ClusterObjects.createReview(JsonPatch.apply(patch, stored), namespace)).path("response");

        List<String> differences = new ArrayList<>();
        String what = namespace + "/" + name + ": ";
        if (fromAudit.path("allowed").asBoolean() != validate.path("allowed").asBoolean()) {
            differences.add(what + "verdict " + fromAudit.path("allowed") + " vs " + validate.path("allowed"));
        }
        if (!fromAudit.path("status").path("message").asText().equals(validate.path("status").path("message").asText())) {
            differences.add(what + "status " + fromAudit.path("status").path("message") + " vs " + validate.path("status").path("message"));
        }
        JsonNode causes = validate.path("status").path("details").has("causes") ? validate.path("status").path("details").path("causes") : JSON.createArrayNode();
        if (!ReportCauses.withoutRules(fromAudit.path("causes")).equals(causes)) {
            differences.add(what + "causes " + fromAudit.path("causes") + " vs " + causes);
        }
        JsonNode warnings = validate.has("warnings") ? validate.path("warnings") : JSON.createArrayNode();
        if (!fromAudit.path("warnings").equals(warnings)) {
            differences.add(what + "warnings " + fromAudit.path("warnings") + " vs " + warnings);
        }
        return differences;
    }

    private static boolean sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private JsonNode post(String path, String body) {
        return HttpsClient.postJson(https, path, body);
    }

}
