package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.lookup.LookupException;
import dev.vaultserver.admission.core.lookup.NamespaceLookup;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Map;
import java.util.Optional;

/** Namespace labels asked of the API server directly: one GET per lookup (the cache's fallback, and the audit's). */
public final class KubernetesNamespaceLookup implements NamespaceLookup {

    private final KubernetesClient client;

    public KubernetesNamespaceLookup(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<Map<String, String>> labels(String namespace) throws LookupException {
        try {
            return Optional.ofNullable(client.namespaces().withName(namespace).get()).map(KubernetesNamespaceLookup::labelsOf);
        } catch (KubernetesClientException e) {
            throw new LookupException(ApiServerErrors.describe(e, "get namespaces"), e);
        }
    }

    static Map<String, String> labelsOf(Namespace namespace) {
        Map<String, String> labels = namespace.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
