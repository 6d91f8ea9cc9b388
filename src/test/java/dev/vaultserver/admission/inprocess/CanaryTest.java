package dev.vaultserver.admission.inprocess;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets with known values are used in every path: allowed, denied (a missing key, an empty key, a
 * Secret of the wrong shape), dry-run, both endpoints and both API versions, a malformed review, the
 * metrics, the health checks and the log (written to a file here, at DEBUG for this service, in JSON).
 * No value appears anywhere, in plain text or base64.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeVaultApi.class)
@TestProfile(CanaryTest.LogToFile.class)
class CanaryTest {

    static final Path LOG = Path.of("target/canary-test.log");

    public static class LogToFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.category.\"dev.vaultserver\".level", "DEBUG", "vaultserver-admission.log.json", "true");
        }
    }

    private static final List<String> VALUES = List.of("CANARY-ACCESS-c4n4ry", "CANARY-SECRET-c4n4ry", "CANARY-SESSION-c4n4ry");

    @KubernetesTestServer
    KubernetesServer apiServer;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void noSecretValueAppearsInAnyAnswerMetricOrLogLine() throws Exception {
        KubernetesClient client = apiServer.getClient();
        secret(client, "canary-full", Map.of("access_key", VALUES.get(0), "secret_key", VALUES.get(1), "session_token", VALUES.get(2)));
        secret(client, "canary-half", Map.of("access_key", VALUES.get(0)));
        secret(client, "canary-empty", Map.of("access_key", VALUES.get(0), "secret_key", ""));
        secret(client, "canary-odd", Map.of("accessKey", VALUES.get(0), "secretKey", VALUES.get(1)));

        List<String> seen = new ArrayList<>();
        record Case(String version, String dynamoDb, boolean allowed) {
        }
        List<Case> cases = List.of(
                new Case("v1alpha2", "{\"credentialSecretRef\": {\"name\": \"canary-full\"}}", true),
                new Case("v1alpha1", "{\"credentialSecret\": \"canary-full\", \"sessionTokenSecret\": \"canary-full\"}", true),
                new Case("v1alpha2", "{\"credentialSecretRef\": {\"name\": \"canary-half\"}}", false),
                new Case("v1alpha2", "{\"credentialSecretRef\": {\"name\": \"canary-empty\"}, \"readCapacity\": -1}", false),
                new Case("v1alpha1", "{\"credentialSecret\": \"canary-odd\"}", false),
                new Case("v1alpha1", "{\"credentialSecret\": \"canary-full\", \"sessionTokenSecret\": \"canary-half\"}", false));
        for (Case c : cases) {
            for (boolean dryRun : new boolean[] {false, true}) {
                String review = review(c.version(), dryRun, c.dynamoDb());
                for (String endpoint : new String[] {"/mutate", "/validate"}) {
                    String answer = HttpsClient.to(https).contentType("application/json").body(review).post(endpoint)
                            .then().statusCode(200).extract().asString();
                    seen.add(answer);
                    if (endpoint.equals("/validate")) {
                        assertEquals(c.allowed(), answer.contains("\"allowed\":true"), c + ": " + answer);
                    }
                }
            }
        }
        seen.add(HttpsClient.to(https).contentType("application/json").body("{\"kind\": \"AdmissionReview\", \"request\": "
                + "{\"object\": {\"data\": {\"access_key\": \"" + Base64.getEncoder().encodeToString("x".getBytes()) + "\"}}}}")
                .post("/validate").then().statusCode(400).extract().asString());
        seen.add(HttpsClient.to(https).get("/q/metrics").then().statusCode(200).extract().asString());
        seen.add(HttpsClient.to(https).get("/q/health").then().extract().asString());

        assertTrue(Files.exists(LOG), "the log file was written");
        String log = Files.readString(LOG, StandardCharsets.UTF_8);
        assertTrue(log.contains("\"admission.name\":\"vault\""), "the denials were logged, as JSON lines");
        seen.add(log);

        for (String text : seen) {
            for (String value : VALUES) {
                assertFalse(text.contains(value), "a Secret value leaked: " + value);
                assertFalse(text.contains(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))), "a Secret value leaked (base64)");
                assertFalse(text.contains("c4n4ry"), "a part of a Secret value leaked");
            }
        }
    }

    private static void secret(KubernetesClient client, String name, Map<String, String> values) {
        client.secrets().inNamespace("demo").resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .withStringData(values).build()).createOr(r -> r.update());
    }

    private static String review(String version, boolean dryRun, String dynamoDb) {
        return """
                {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u-canary", "operation": "CREATE",
                 "namespace": "demo", "dryRun": %s, "kind": {"group": "kubevault.com", "version": "%s", "kind": "VaultServer"},
                 "object": {"apiVersion": "kubevault.com/%s", "kind": "VaultServer", "metadata": {"name": "vault"},
                            "spec": {"backend": {"dynamodb": %s}}}}}
                """.formatted(dryRun, version, version, dynamoDb);
    }
}
