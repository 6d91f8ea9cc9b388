package dev.vaultserver.admission.checkaudit;

import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.checkaudit.report.Result;
import dev.vaultserver.admission.core.policy.PolicySource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ClusterAudit against fabric8's mock API server (CRUD mode): every VaultServer judged with the cluster's view. */
@EnableKubernetesMockClient(crud = true)
class ClusterAuditTest {

    KubernetesClient client;

    @BeforeEach
    void cluster() {
        for (String namespace : List.of("team-a", "team-b")) {
            client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("aws").endMetadata()
                    .withStringData(Map.of("access_key", "a", "secret_key", "s")).build()).create();
        }
        vaultServer("team-a", "shares", Map.of("table", "one-table"));
        vaultServer("team-b", "shares-too", Map.of("table", "one-table"));
        vaultServer("team-b", "negative", Map.of("table", "team-b-own", "readCapacity", -3));
        vaultServer("team-a", "fine", Map.of("table", "team-a-own"));
    }

    @Test
    void bothSidesOfASharedTableAndEveryInvalidObjectAreReportedWithTheirRules() {
        Report report = new ClusterAudit(client, PolicySource.NONE).run(Optional.empty());
        assertEquals(4, report.results().size());
        assertEquals(List.of("team-a/fine: allowed", "team-a/shares: table.shared", "team-b/negative: dynamodb.capacity",
                        "team-b/shares-too: table.shared"),
                report.results().stream().map(ClusterAuditTest::verdict).sorted().toList());
        assertEquals(Map.of("team-a", 1, "team-b", 2), ClusterAudit.violationsByNamespace(report));
    }

    @Test
    void oneNamespaceIsAuditedAgainstEveryVaultServerItCanSee() {
        Report report = new ClusterAudit(client, PolicySource.NONE).run(Optional.of("team-a"));
        assertEquals(List.of("team-a/fine: allowed", "team-a/shares: table.shared"),
                report.results().stream().map(ClusterAuditTest::verdict).sorted().toList());
        assertEquals(Map.of("team-a", 1), ClusterAudit.violationsByNamespace(report));
    }

    private static String verdict(Result result) {
        return result.namespace() + "/" + result.name() + ": "
                + (result.allowed() ? "allowed" : String.join(",", result.causes().stream().map(c -> c.rule()).distinct().toList()));
    }

    private void vaultServer(String namespace, String name, Map<String, Object> dynamoDb) {
        Map<String, Object> backend = new java.util.HashMap<>(dynamoDb);
        backend.put("credentialSecretRef", Map.of("name", "aws"));
        GenericKubernetesResource vs = new GenericKubernetesResource();
        vs.setApiVersion("kubevault.com/v1alpha2");
        vs.setKind("VaultServer");
        vs.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        vs.setAdditionalProperty("spec", Map.of("backend", Map.of("dynamodb", backend)));
        client.genericKubernetesResources(ClusterAudit.VAULTSERVERS).inNamespace(namespace).resource(vs).create();
    }
}
