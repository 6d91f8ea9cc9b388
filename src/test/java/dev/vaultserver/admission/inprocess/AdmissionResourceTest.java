package dev.vaultserver.admission.inprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vaultserver.admission.webhook.ReviewJson;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.zjsonpatch.JsonPatch;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both endpoints over HTTPS, with Secrets served by the fabric8 mock API server (CRUD mode). */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeVaultApi.class)
class AdmissionResourceTest {

    private static final ObjectMapper JSON = ReviewJson.newMapper();

    @KubernetesTestServer
    KubernetesServer apiServer;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @BeforeEach
    void secrets() {
        KubernetesClient client = apiServer.getClient();
        client.secrets().inNamespace("demo").resource(new SecretBuilder().withNewMetadata().withName("aws-credentials").endMetadata()
                .withStringData(Map.of("access_key", "CANARY-ACCESS-HTTP", "secret_key", "CANARY-SECRET-HTTP")).build()).createOr(r -> r.update());
        client.secrets().inNamespace("demo").resource(new SecretBuilder().withNewMetadata().withName("only-access").endMetadata()
                .withData(Map.of("access_key", Base64.getEncoder().encodeToString("CANARY-ACCESS-HTTP".getBytes()))).build()).createOr(r -> r.update());
    }

    @Test
    void healthAndMetricsAnswerOnlyGet() {
        for (String path : List.of("/q/health", "/q/health/ready", "/q/metrics")) {
            HttpsClient.to(https).get(path).then().statusCode(200);
            for (String method : List.of("PUT", "DELETE", "POST", "PATCH", "TRACE")) {
                HttpsClient.to(https).request(method, path).then().statusCode(405)
                        .header("Allow", "GET, HEAD")
                        .body("kind", equalTo("Status")).body("reason", equalTo("MethodNotAllowed"));
            }
        }
    }

    @Test
    void metricUriLabelsComeFromTheRoutesOnly() {
        for (int i = 0; i < 5; i++) {
            HttpsClient.to(https).get("/scan-" + i + "-" + System.nanoTime()).then().statusCode(404);
            HttpsClient.to(https).contentType("application/json").body("{}").post("/hostile/" + i).then().statusCode(404);
        }
        String metrics = HttpsClient.to(https).get("/q/metrics").then().statusCode(200).extract().asString();
        List<String> uris = metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{"))
                .map(l -> l.replaceAll(".*uri=\"([^\"]*)\".*", "$1")).distinct().sorted().toList();
        assertTrue(List.of("/mutate", "/unmatched", "/validate").containsAll(uris), "uri labels: " + uris);
        assertTrue(uris.contains("/unmatched"), "the scans were counted, under one label: " + uris);
    }

    @Test
    void mutatePatchAppliesAndIsIdempotent() throws Exception {
        JsonNode review = JSON.readTree(Path.of("examples/create-v1alpha1.json").toFile());
        JsonNode response = post("/mutate", review.toString()).then().statusCode(200).extract().as(JsonNode.class);
        assertEquals("admission.k8s.io/v1", response.path("apiVersion").asText());
        assertEquals(review.path("request").path("uid"), response.path("response").path("uid"));
        assertTrue(response.path("response").path("allowed").asBoolean());
        assertEquals("JSONPatch", response.path("response").path("patchType").asText());

        JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("response").path("patch").asText()));
        JsonNode patched = JsonPatch.apply(patch, review.path("request").path("object"));
        JsonNode dynamoDb = patched.path("spec").path("backend").path("dynamodb");
        assertEquals(128, dynamoDb.path("maxParallel").asInt());
        assertFalse(dynamoDb.path("haEnabled").asBoolean(true));
        assertEquals("my-vault-table", dynamoDb.path("table").asText(), "a set value is kept");

        ObjectNode again = review.deepCopy();
        ((ObjectNode) again.get("request")).set("object", patched);
        JsonNode second = post("/mutate", again.toString()).then().statusCode(200).extract().as(JsonNode.class);
        assertTrue(second.path("response").path("allowed").asBoolean());
        assertTrue(second.path("response").path("patch").isMissingNode(), "no patch the second time: " + second);
        assertTrue(second.path("response").path("patchType").isMissingNode());
    }

    @Test
    void validateAllowsWhenTheSecretIsOnTheApiServer() throws Exception {
        String review = Files.readString(Path.of("examples/create-v1alpha1.json"));
        post("/validate", review).then().statusCode(200)
                .body("apiVersion", equalTo("admission.k8s.io/v1"))
                .body("response.uid", equalTo("0df28fbd-5f5f-4b7a-8a4a-1b2c3d4e5f60"))
                .body("response.allowed", equalTo(true));
    }

    @Test
    void validateDeniesWithEveryCause() {
        Response response = post("/validate", review("admission.k8s.io/v1", "v1alpha2", false,
                "{\"credentialSecretRef\": {\"name\": \"only-access\"}, \"readCapacity\": -5, \"region\": \"mars-1\"}"));
        response.then().statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(422))
                .body("response.status.reason", equalTo("Invalid"))
                .body("response.status.details.causes.field", equalTo(List.of("spec.backend.dynamodb.region",
                        "spec.backend.dynamodb.readCapacity", "spec.backend.dynamodb.credentialSecretRef.name")))
                .body("response.status.details.causes.reason", equalTo(List.of("FieldValueInvalid", "FieldValueInvalid", "FieldValueInvalid")))
                .body("response.status.message", containsString("spec.backend.dynamodb.credentialSecretRef.name: Invalid value: \"only-access\":"
                        + " Secret \"demo/only-access\" has no non-empty secret_key; Vault needs both access_key and secret_key"));
        assertFalse(response.asString().contains("CANARY"), "no Secret value in the answer");
    }

    @Test
    void missingSecretIsNotFound() {
        post("/validate", review("admission.k8s.io/v1", "v1alpha1", false, "{\"credentialSecret\": \"absent\"}")).then().statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.details.causes[0].field", equalTo("spec.backend.dynamodb.credentialSecret"))
                .body("response.status.details.causes[0].reason", equalTo("FieldValueNotFound"));
    }

    @Test
    void dryRunGetsTheSameAnswer() {
        String dynamoDb = "{\"credentialSecret\": \"absent\", \"maxParallel\": -1}";
        JsonNode real = post("/validate", review("admission.k8s.io/v1", "v1alpha1", false, dynamoDb)).as(JsonNode.class);
        JsonNode dry = post("/validate", review("admission.k8s.io/v1", "v1alpha1", true, dynamoDb)).as(JsonNode.class);
        assertEquals(real, dry);
        JsonNode realPatch = post("/mutate", review("admission.k8s.io/v1", "v1alpha1", false, dynamoDb)).as(JsonNode.class);
        JsonNode dryPatch = post("/mutate", review("admission.k8s.io/v1", "v1alpha1", true, dynamoDb)).as(JsonNode.class);
        assertEquals(realPatch, dryPatch);
        assertTrue(dryPatch.path("response").path("patch").isTextual());
    }

    @Test
    void v1beta1IsAnsweredInV1beta1() {
        for (String path : new String[] {"/mutate", "/validate"}) {
            post(path, review("admission.k8s.io/v1beta1", "v1alpha2", false, "{\"readCapacity\": -1}")).then().statusCode(200)
                    .body("apiVersion", equalTo("admission.k8s.io/v1beta1"))
                    .body("kind", equalTo("AdmissionReview"))
                    .body("response.uid", equalTo("uid-1"));
        }
    }

    @Test
    void malformedBodiesAre400WithAMessage() {
        for (String path : new String[] {"/mutate", "/validate"}) {
            post(path, "{not json").then().statusCode(400)
                    .body("kind", equalTo("Status"))
                    .body("reason", equalTo("BadRequest"))
                    .body("message", containsString("request body is not valid JSON"));
            post(path, "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\"}").then().statusCode(400)
                    .body("message", equalTo("AdmissionReview has no request object"));
            post(path, "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {\"operation\": \"CREATE\"}}")
                    .then().statusCode(400).body("message", equalTo("request.uid must be a non-empty string"));
            post(path, "").then().statusCode(400).body("message", equalTo("request body is empty: expected an AdmissionReview"));
        }
    }

    /**
     * Over HTTP/2, which the API server speaks, a declared length over 3 MiB gets the same Status (a Connection header, which
     * HTTP/2 has not, once turned it into a stream PROTOCOL_ERROR), and so does a body sent without a length.
     */
    @Test
    void overHttp2ABodyOver3MiBIs413WithAStatus() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(HttpsClient.sslContext()).version(HttpClient.Version.HTTP_2).build();
        byte[] large = new byte[4 * 1024 * 1024];
        java.util.Arrays.fill(large, (byte) ' ');
        HttpResponse<String> declared = client.send(HttpRequest.newBuilder(https.toURI().resolve("/validate"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(large)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, declared.version());
        assertEquals(413, declared.statusCode(), declared.body());
        assertTrue(declared.body().contains("larger than 3 MiB"), declared.body());
        String padded = review("admission.k8s.io/v1", "v1alpha2", false, "{\"table\": \"" + "a".repeat(3 * 1024 * 1024) + "\"}");
        HttpResponse<String> unsized = client.send(HttpRequest.newBuilder(https.toURI().resolve("/mutate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(padded.getBytes())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, unsized.statusCode(), unsized.body());
        assertTrue(unsized.body().contains("larger than 3 MiB"), unsized.body());
        post("/validate", review("admission.k8s.io/v1", "v1alpha2", false, "{}")).then().statusCode(200);
    }

    /** A chunked body past the outer bound (4 MiB) is not read into memory at all: Quarkus REST cuts it off. */
    @Test
    void aChunkedBodyPastTheOuterBoundIsCutOffWith413() throws Exception {
        byte[] huge = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        HttpClient client = HttpClient.newBuilder().sslContext(HttpsClient.sslContext()).version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(https.toURI().resolve("/validate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode(), chunked.body());
        post("/validate", review("admission.k8s.io/v1", "v1alpha2", false, "{}")).then().statusCode(200);
    }

    @Test
    void wrongContentTypeAndMethodSayWhatIsExpected() {
        HttpsClient.to(https).contentType("text/plain").body("{}").post("/validate").then().statusCode(415)
                .body("kind", equalTo("Status")).body("message", containsString("application/json"));
        HttpsClient.to(https).get("/mutate").then().statusCode(405).body("message", containsString("POST"));
    }

    @Test
    void bodiesOver3MiBAre413WithAMessage() throws Exception {
        String padded = review("admission.k8s.io/v1", "v1alpha2", false, "{\"table\": \"" + "a".repeat(3 * 1024 * 1024) + "\"}");
        post("/validate", padded).then().statusCode(413)
                .body("kind", equalTo("Status"))
                .body("reason", equalTo("RequestEntityTooLarge"))
                .body("message", containsString("larger than 3 MiB"));

        // Sent without a length (chunked): read, then refused by the same limit.
        HttpClient client = HttpClient.newBuilder().sslContext(HttpsClient.sslContext()).version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(https.toURI().resolve("/mutate"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(padded.getBytes())))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode());
        assertTrue(chunked.body().contains("larger than 3 MiB"), chunked.body());
    }

    @Test
    void aHeaderOf100KbIs431WithAStatusOverHttp2AndHttp11() throws Exception {
        for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)) {
            HttpClient client = HttpClient.newBuilder().sslContext(HttpsClient.sslContext()).version(version).build();
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(https.toURI().resolve("/validate"))
                    .header("Content-Type", "application/json").header("X-Padding", "a".repeat(100 * 1024))
                    .POST(HttpRequest.BodyPublishers.ofString(review("admission.k8s.io/v1", "v1alpha2", false, "{}"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(version, answer.version(), "the protocol asked for");
            assertEquals(431, answer.statusCode(), version + ": " + answer.body());
            assertTrue(answer.body().contains("\"reason\":\"RequestHeaderFieldsTooLarge\"") && answer.body().contains("\"kind\":\"Status\""),
                    version + ": " + answer.body());
            HttpResponse<String> fine = client.send(HttpRequest.newBuilder(https.toURI().resolve("/validate"))
                    .header("Content-Type", "application/json").header("X-Padding", "a".repeat(8 * 1024))
                    .POST(HttpRequest.BodyPublishers.ofString(review("admission.k8s.io/v1", "v1alpha2", false, "{}"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, fine.statusCode(), version + ": headers under the limit are served");
        }
    }

    /** The test profile's deadline is 2 s (vaultserver-admission.http.body-deadline; 10 s in production). */
    @Test
    void aBodyTrickledByteByByteIsCutOffWith408() throws Exception {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) HttpsClient.sslContext().getSocketFactory()
                .createSocket(https.getHost(), https.getPort())) {
            socket.setSoTimeout(15_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8); // until the server closes
            long waitedMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("\"kind\":\"Status\"") && answer.contains("the request body did not arrive within 2000 ms"), answer);
            assertTrue(waitedMs >= 1_500, "not before the deadline: " + waitedMs + " ms");
        }
        post("/validate", review("admission.k8s.io/v1", "v1alpha2", false, "{}")).then().statusCode(200);
    }

    @Test
    void reviewsAreCountedByEndpointOperationVerdictAndVersion() {
        post("/validate", review("admission.k8s.io/v1beta1", "v1alpha2", false, "{\"readCapacity\": -1}")).then().statusCode(200);
        post("/mutate", review("admission.k8s.io/v1", "v1alpha2", false, "{}")).then().statusCode(200);
        post("/mutate", "{}").then().statusCode(400);
        String metrics = HttpsClient.to(https).get("/q/metrics").then().statusCode(200).extract().asString();
        for (String series : List.of(
                "vaultserver_admission_reviews_seconds_count{api_version=\"admission.k8s.io/v1beta1\",endpoint=\"validate\",operation=\"CREATE\",verdict=\"denied\"}",
                "vaultserver_admission_reviews_seconds_count{api_version=\"admission.k8s.io/v1\",endpoint=\"mutate\",operation=\"CREATE\",verdict=\"patched\"}",
                "vaultserver_admission_reviews_seconds_count{api_version=\"unknown\",endpoint=\"mutate\",operation=\"unknown\",verdict=\"bad_request\"}",
                "vaultserver_admission_reviews_seconds_bucket{api_version=\"admission.k8s.io/v1\",endpoint=\"mutate\",operation=\"CREATE\",verdict=\"patched\",le=")) {
            assertTrue(metrics.contains(series), series + " in\n" + metrics.lines().filter(l -> l.startsWith("vaultserver_")).toList());
        }
    }

    @Test
    void healthIsServedOverHttps() {
        HttpsClient.to(https).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    private Response post(String path, String body) {
        return HttpsClient.to(https).contentType("application/json").body(body).post(path);
    }

    private static String review(String apiVersion, String version, boolean dryRun, String dynamoDb) {
        return """
                {"apiVersion": "%s", "kind": "AdmissionReview", "request": {"uid": "uid-1", "operation": "CREATE", "namespace": "demo",
                 "kind": {"group": "kubevault.com", "version": "%s", "kind": "VaultServer"}, "dryRun": %s,
                 "object": {"apiVersion": "kubevault.com/%s", "kind": "VaultServer", "metadata": {"name": "vault", "namespace": "demo"},
                            "spec": {"version": "1.12.1", "backend": {"dynamodb": %s}}}}}
                """.formatted(apiVersion, version, dryRun, version, dynamoDb);
    }
}
