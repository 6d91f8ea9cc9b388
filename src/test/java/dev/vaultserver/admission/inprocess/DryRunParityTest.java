package dev.vaultserver.admission.inprocess;

import dev.vaultserver.admission.testing.ReportCauses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.core.lookup.ClusterView;
import dev.vaultserver.admission.core.lookup.SecretIndex;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.checkaudit.ClusterAudit;
import dev.vaultserver.admission.checkaudit.ManifestReader;
import dev.vaultserver.admission.checkaudit.ObjectChecker;
import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.webhook.ReviewJson;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
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

import java.net.URL;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.vaultserver.admission.core.JsonAssert.assertJsonEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code check} and the webhook are one code path: for the sample manifests, the HTTPS endpoints (with
 * the same Secrets on the mock API server) give the same verdicts, causes, warnings and patches as the
 * command. And the periodic audit exports its gauge.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeVaultApi.class)
@TestProfile(DryRunParityTest.AuditEverySecond.class)
class DryRunParityTest {

    public static class AuditEverySecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vaultserver-admission.audit.interval", "1s");
        }
    }

    private static final ObjectMapper JSON = ReviewJson.newMapper();
    private static final List<Path> SAMPLES = List.of(Path.of("src/test/resources/check/good"), Path.of("src/test/resources/check/bad"),
            Path.of("src/test/resources/check/missing-secret"));

    @KubernetesTestServer
    KubernetesServer apiServer;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void checkAndTheEndpointsGiveTheSameAnswers() throws Exception {
        List<ManifestReader.Document> documents = new ManifestReader().read(SAMPLES);
        KubernetesClient client = apiServer.getClient();
        for (ManifestReader.Document doc : documents) {
            if ("Secret".equals(doc.content().path("kind").asText())) {
                client.resource(JSON.treeToValue(doc.content(), Secret.class)).createOr(r -> r.update());
            }
        }
        // The same cluster view on both sides: the mock API server holds the samples' Secrets, not their VaultServers.
        Report report = new ObjectChecker(ClusterView.secretsOnly(SecretIndex.of(documents.stream().map(ManifestReader.Document::content).toList())),
                PolicySource.NONE).check(documents, "default");
        assertTrue(report.results().size() >= 5);
        for (JsonNode fromCheck : JSON.valueToTree(report).path("results")) {
            JsonNode object = documents.stream().filter(d -> d.file().toString().equals(fromCheck.path("source").path("file").asText())
                    && d.line() == fromCheck.path("source").path("line").asInt()).findFirst().orElseThrow().content();
            String namespace = fromCheck.path("namespace").asText();
            JsonNode mutate = post("/mutate", ClusterObjects.createReview(object, namespace));
            JsonNode patch = mutate.path("response").has("patch")
                    ? JSON.readTree(Base64.getDecoder().decode(mutate.path("response").path("patch").asText())) : JSON.createArrayNode();
            JsonNode validate = post("/validate", ClusterObjects.createReview(JsonPatch.apply(patch, object), namespace)).path("response");

            String what = fromCheck.path("name").asText();
            assertJsonEquals(fromCheck.path("patch"), patch, what + ": patch");
            assertEquals(fromCheck.path("allowed").asBoolean(), validate.path("allowed").asBoolean(), what + ": verdict");
            assertJsonEquals(fromCheck.path("warnings"), validate.has("warnings") ? validate.path("warnings") : JSON.createArrayNode(), what + ": warnings");
            assertJsonEquals(ReportCauses.withoutRules(fromCheck.path("causes")), validate.path("status").path("details").has("causes")
                    ? validate.path("status").path("details").path("causes") : JSON.createArrayNode(), what + ": causes");
            if (!fromCheck.path("allowed").asBoolean()) {
                assertEquals(fromCheck.path("status").path("message").asText(), validate.path("status").path("message").asText(), what);
            }
        }
    }

    @Test
    void periodicAuditExportsViolationsPerNamespace() throws Exception {
        for (String name : List.of("bad-1", "bad-2")) {
            GenericKubernetesResource vs = new GenericKubernetesResource();
            vs.setApiVersion("kubevault.com/v1alpha2");
            vs.setKind("VaultServer");
            vs.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace("audited").build());
            vs.setAdditionalProperty("spec", Map.of("backend", Map.of("dynamodb", Map.of("readCapacity", -1, "table", "audited-" + name))));
            apiServer.getClient().genericKubernetesResources(ClusterAudit.VAULTSERVERS).inNamespace("audited").resource(vs).createOr(r -> r.update());
        }
        String expected = "vaultserver_admission_audit_violations{namespace=\"audited\"} 2.0";
        long deadline = System.currentTimeMillis() + 10_000;
        String metrics = "";
        while (System.currentTimeMillis() < deadline) {
            metrics = HttpsClient.to(https).get("/q/metrics").then().statusCode(200).extract().asString();
            if (metrics.contains(expected)) {
                return;
            }
            Thread.sleep(200);
        }
        fail("no " + expected + " in /q/metrics:\n" + metrics.lines().filter(l -> l.contains("audit")).toList());
    }

    private JsonNode post(String path, String body) {
        return HttpsClient.postJson(https, path, body);
    }

}
