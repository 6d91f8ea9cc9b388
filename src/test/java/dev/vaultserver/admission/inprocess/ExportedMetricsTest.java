package dev.vaultserver.admission.inprocess;

import dev.vaultserver.admission.chart.ChartMonitoringTest;
import dev.vaultserver.admission.checkaudit.ClusterAudit;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
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
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every metric the chart's alerts and Grafana dashboard query is one the service really exports: the
 * service runs with every feature that registers metrics (a tenant policy file, the periodic audit, the
 * Secret cache), answers a review on each endpoint, and its /q/metrics is compared with the queries.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeVaultApi.class)
@TestProfile(ExportedMetricsTest.EveryFeature.class)
class ExportedMetricsTest {

    public static class EveryFeature implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path policy = Path.of("target/exported-metrics/policy.yaml");
            PolicyFiles.write(policy, "rules: []\n");
            return Map.of(PolicyFiles.SETTING, policy.toString(), "vaultserver-admission.audit.interval", "1s");
        }
    }

    @KubernetesTestServer
    KubernetesServer apiServer;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void everyMetricTheAlertsAndTheDashboardQueryIsExported() throws Exception {
        GenericKubernetesResource bad = new GenericKubernetesResource();
        bad.setApiVersion("kubevault.com/v1alpha2");
        bad.setKind("VaultServer");
        bad.setMetadata(new ObjectMetaBuilder().withName("bad").withNamespace("audited").build());
        bad.setAdditionalProperty("spec", Map.of("backend", Map.of("dynamodb", Map.of("readCapacity", -1, "table", "audited-bad"))));
        apiServer.getClient().genericKubernetesResources(ClusterAudit.VAULTSERVERS).inNamespace("audited").resource(bad).createOr(r -> r.update());
        String review = """
                {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u-1", "operation": "CREATE",
                 "namespace": "demo", "kind": {"group": "kubevault.com", "version": "v1alpha2", "kind": "VaultServer"},
                 "object": {"apiVersion": "kubevault.com/v1alpha2", "kind": "VaultServer", "metadata": {"name": "vault"},
                            "spec": {"backend": {"dynamodb": {"table": "demo-table", "region": "eu-west-1"}}}}}}
                """;
        for (String endpoint : List.of("/mutate", "/validate")) {
            HttpsClient.to(https).contentType("application/json").body(review).post(endpoint).then().statusCode(200);
        }

        Set<String> queried = ChartMonitoringTest.metricNamesQueried();
        assertFalse(queried.isEmpty());
        long deadline = System.currentTimeMillis() + 15_000;
        List<String> missing;
        do {
            String metrics = HttpsClient.to(https).get("/q/metrics").then().statusCode(200).extract().asString();
            missing = queried.stream().filter(name -> metrics.lines().noneMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " "))).toList();
            if (!missing.isEmpty()) {
                Thread.sleep(250); // the periodic audit's first run
            }
        } while (!missing.isEmpty() && System.currentTimeMillis() < deadline);
        assertEquals(List.of(), missing, "queried by the chart's alerts or dashboard but not exported (of " + queried + ")");
    }
}
