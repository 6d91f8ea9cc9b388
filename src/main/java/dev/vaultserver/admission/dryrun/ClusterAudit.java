package dev.vaultserver.admission.dryrun;

import dev.vaultserver.admission.cluster.VaultServerResources;
import dev.vaultserver.admission.core.cluster.ClusterView;
import dev.vaultserver.admission.core.policy.PolicySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.secrets.KubernetesSecretLookup;
import dev.vaultserver.admission.webhook.ReviewJson;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads every VaultServer the client can see (or those of one namespace) and runs each through the
 * webhooks' handlers, with Secrets looked up on the same API server. Read-only: nothing is written.
 */
public final class ClusterAudit {

    /** VaultServers in their storage version; named outright, so no discovery call is needed. */
    public static final ResourceDefinitionContext VAULTSERVERS = VaultServerResources.of(VaultServerVersion.V1ALPHA2);

    private final KubernetesClient client;
    private final ObjectChecker checker;
    private final ObjectMapper json = ReviewJson.newMapper();

    public ClusterAudit(KubernetesClient client) {
        this.client = client;
        this.checker = new ObjectChecker(ClusterView.secretsOnly(new KubernetesSecretLookup(client)), PolicySource.NONE);
    }

    public CheckReport run(Optional<String> namespace) {
        var resources = client.genericKubernetesResources(VAULTSERVERS);
        List<GenericKubernetesResource> items = namespace.map(ns -> resources.inNamespace(ns).list().getItems())
                .orElseGet(() -> resources.inAnyNamespace().list().getItems());
        CheckReport report = new CheckReport();
        for (GenericKubernetesResource item : items) {
            JsonNode object = json.valueToTree(item);
            ObjectNode source = json.createObjectNode();
            source.put("cluster", client.getConfiguration().getMasterUrl())
                    .put("object", item.getMetadata().getNamespace() + "/" + item.getMetadata().getName());
            report.addResult(checker.checkVaultServer(object, source, item.getMetadata().getNamespace()));
        }
        return report;
    }

    /** Denied objects per namespace (every namespace that has a VaultServer appears, with 0 when none is denied). */
    public static Map<String, Integer> violationsByNamespace(CheckReport report) {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode result : report.results()) {
            counts.merge(result.path("namespace").asText(), result.path("allowed").asBoolean() ? 0 : 1, Integer::sum);
        }
        return counts;
    }
}
