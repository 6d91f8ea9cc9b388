package dev.vaultserver.admission.inprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vaultserver.admission.checkaudit.ClusterAudit;
import dev.vaultserver.admission.webhook.ReviewJson;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Map;

/** What the HTTP tests put on the mock API server, and the CREATE review of a stored object, written once. */
final class ClusterObjects {

    private ClusterObjects() {
    }

    static void namespace(KubernetesClient client, String name, Map<String, String> labels) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build())
                .createOr(r -> r.update());
    }

    static void secret(KubernetesClient client, String namespace, String name, Map<String, String> data) {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .withStringData(data).build()).createOr(r -> r.update());
    }

    /** A v1alpha2 VaultServer with this DynamoDB backend. */
    static void vaultServer(KubernetesClient client, String namespace, String name, Map<String, Object> dynamoDb) {
        GenericKubernetesResource vs = new GenericKubernetesResource();
        vs.setApiVersion("kubevault.com/v1alpha2");
        vs.setKind("VaultServer");
        vs.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        vs.setAdditionalProperty("spec", Map.of("version", "1.12.1", "backend", Map.of("dynamodb", dynamoDb)));
        client.genericKubernetesResources(ClusterAudit.VAULTSERVERS).inNamespace(namespace).resource(vs).createOr(r -> r.update());
    }

    /** The admission.k8s.io/v1 AdmissionReview the API server sends to create this object. */
    static String createReview(JsonNode object, String namespace) {
        String[] groupVersion = object.path("apiVersion").asText().split("/");
        ObjectNode review = ReviewJson.newMapper().createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", "create-" + object.path("metadata").path("name").asText())
                .put("operation", "CREATE").put("namespace", namespace).put("name", object.path("metadata").path("name").asText());
        request.putObject("kind").put("group", groupVersion[0]).put("version", groupVersion[1]).put("kind", "VaultServer");
        request.set("object", object);
        requestedBy(request, KubeVaultApi.CLUSTER_ADMIN);
        return review.toString();
    }

    /** The review's userInfo, as the API server sets it: this user in system:authenticated. */
    static void requestedBy(ObjectNode request, String username) {
        request.putObject("userInfo").put("username", username).putArray("groups").add("system:authenticated");
    }
}
