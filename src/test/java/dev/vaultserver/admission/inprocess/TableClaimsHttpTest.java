package dev.vaultserver.admission.inprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vaultserver.admission.webhook.ReviewJson;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table claims through /validate with the service as it runs, on the fabric8 mock API server: the first create
 * claims its table (a Lease in the claims namespace), another namespace is refused 403 naming the holder, a dry run
 * gets the same answer and writes nothing, and the claim metrics are exported.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeVaultApi.class)
class TableClaimsHttpTest {

    @KubernetesTestServer
    KubernetesServer apiServer;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void theFirstCreateClaimsItsTableAndOthersAreRefusedOrReadOnly() {
        KubernetesClient client = apiServer.getClient();
        String claims = client.getNamespace();

        JsonNode dry = validate("team-c", "vault", "claims-http", true);
        assertTrue(dry.path("allowed").asBoolean(), dry.toString());
        assertEquals(List.of(), leasesOn(client, claims, "claims-http"), "a dry run claims nothing");

        JsonNode first = validate("team-a", "vault", "claims-http", false);
        assertTrue(first.path("allowed").asBoolean(), first.toString());
        List<Lease> leases = leasesOn(client, claims, "claims-http");
        assertEquals(1, leases.size());
        assertEquals("team-a/vault", leases.get(0).getSpec().getHolderIdentity());
        assertEquals("uid-team-a-vault", leases.get(0).getMetadata().getAnnotations().get("vaultserver-admission.dev/holder-uid"));

        for (boolean dryRun : List.of(false, true)) {
            // A dry run reads the claims from a watch-backed cache: the claim just made reaches it within moments.
            JsonNode refused = validate("team-b", "vault", "claims-http", dryRun);
            for (long deadline = System.currentTimeMillis() + 5000; refused.path("allowed").asBoolean() && System.currentTimeMillis() < deadline; ) {
                refused = validate("team-b", "vault", "claims-http", dryRun);
            }
            assertFalse(refused.path("allowed").asBoolean(), refused.toString());
            assertEquals(403, refused.path("status").path("code").asInt());
            assertEquals("VaultServer.kubevault.com \"vault\" is forbidden: spec.backend.dynamodb.table: Forbidden: table \"claims-http\" in region"
                    + " eu-west-1 at AWS's endpoint is already used by VaultServer team-a/vault (two Vaults on one table overwrite each other's data)",
                    refused.path("status").path("message").asText(), "dryRun " + dryRun);
        }
        // A requester who may not read team-a's VaultServers is not told which one holds it.
        ObjectNode object = ReviewJson.newMapper().createObjectNode().put("apiVersion", "kubevault.com/v1alpha2").put("kind", "VaultServer");
        object.putObject("metadata").put("name", "vault").put("namespace", "team-b").put("uid", "uid-team-b-vault");
        object.putObject("spec").put("version", "1.12.1").putObject("backend").putObject("dynamodb").put("table", "claims-http").put("region", "eu-west-1");
        ObjectNode tenant = (ObjectNode) readTree(ClusterObjects.createReview(object, "team-b"));
        ClusterObjects.requestedBy(tenant.with("request"), "tenant-b");
        JsonNode withheld = HttpsClient.postJson(https, "/validate", tenant.toString()).path("response");
        assertEquals(403, withheld.path("status").path("code").asInt());
        assertTrue(withheld.path("status").path("message").asText().contains("is already used by a VaultServer in another namespace"), withheld.toString());
        assertFalse(withheld.toString().contains("team-a"), "nothing of team-a: " + withheld);

        JsonNode neighbour = validate("team-a", "second", "claims-http", false);
        assertTrue(neighbour.path("allowed").asBoolean(), neighbour.toString());
        assertTrue(neighbour.path("warnings").toString().contains("is already used by VaultServer team-a/vault"), neighbour.toString());
        assertEquals(1, leasesOn(client, claims, "claims-http").size());

        String metrics = HttpsClient.to(https).get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : List.of("vaultserver_admission_table_claims ", "vaultserver_admission_shared_tables ",
                "vaultserver_admission_table_claims_released_total ", "vaultserver_admission_table_claims_adopted_total ",
                "vaultserver_admission_table_claim_seconds_count ")) {
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith(name)), name + " exported: " + metrics.lines().filter(l -> l.contains("table") || l.contains("shared")).toList());
        }
    }

    private JsonNode validate(String namespace, String name, String table, boolean dryRun) {
        ObjectNode object = ReviewJson.newMapper().createObjectNode().put("apiVersion", "kubevault.com/v1alpha2").put("kind", "VaultServer");
        object.putObject("metadata").put("name", name).put("namespace", namespace).put("uid", "uid-" + namespace + "-" + name);
        object.putObject("spec").put("version", "1.12.1").putObject("backend").putObject("dynamodb").put("table", table).put("region", "eu-west-1");
        ObjectNode review = (ObjectNode) ReviewJson.newMapper().valueToTree(readTree(ClusterObjects.createReview(object, namespace)));
        review.with("request").put("dryRun", dryRun);
        return HttpsClient.postJson(https, "/validate", review.toString()).path("response");
    }

    private static JsonNode readTree(String json) {
        try {
            return ReviewJson.newMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Lease> leasesOn(KubernetesClient client, String namespace, String table) {
        return client.leases().inNamespace(namespace).list().getItems().stream()
                .filter(l -> table.equals(l.getMetadata().getAnnotations().get("vaultserver-admission.dev/table"))).toList();
    }
}
