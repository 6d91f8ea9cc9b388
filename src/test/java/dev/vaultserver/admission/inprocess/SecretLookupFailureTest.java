package dev.vaultserver.admission.inprocess;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static org.hamcrest.Matchers.equalTo;

/** An API server that refuses the Secret lookup: the request is denied, and the answer says why. */
@QuarkusTest
@WithKubernetesTestServer(setup = KubeVaultApi.class)
class SecretLookupFailureTest {

    @KubernetesTestServer
    KubernetesServer apiServer;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void forbiddenLookupDeniesAndSaysWhy() {
        apiServer.expect().get().withPath("/api/v1/namespaces/demo/secrets/aws")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("secrets \"aws\" is forbidden: User \"system:serviceaccount:x:y\" cannot get resource \"secrets\"").build())
                .always();
        String review = """
                {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u-403", "operation": "CREATE",
                 "namespace": "demo", "kind": {"group": "kubevault.com", "version": "v1alpha2", "kind": "VaultServer"},
                 "object": {"apiVersion": "kubevault.com/v1alpha2", "kind": "VaultServer", "metadata": {"name": "vault"},
                            "spec": {"backend": {"dynamodb": {"credentialSecretRef": {"name": "aws"}}}}}}}
                """;
        HttpsClient.to(https).contentType("application/json").body(review).post("/validate").then().statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(500))
                .body("response.status.reason", equalTo("InternalError"))
                .body("response.status.details.causes[0].field", equalTo("spec.backend.dynamodb.credentialSecretRef.name"))
                .body("response.status.details.causes[0].message", equalTo("Internal error: Secret \"demo/aws\" could not be verified:"
                        + " the webhook's service account may not get Secrets in namespace \"demo\" (403 Forbidden)"));
        // Counted apart from denials of bad objects: the alert on failing reviews watches this verdict.
        String metrics = HttpsClient.to(https).get("/q/metrics").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains(
                "vaultserver_admission_reviews_seconds_count{api_version=\"admission.k8s.io/v1\",endpoint=\"validate\",operation=\"CREATE\",verdict=\"failed\"}"),
                metrics.lines().filter(l -> l.startsWith("vaultserver_admission_reviews_seconds_count")).toList().toString());
    }
}
