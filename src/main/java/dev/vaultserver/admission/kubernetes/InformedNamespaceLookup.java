package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.lookup.LookupException;
import dev.vaultserver.admission.core.lookup.NamespaceLookup;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Map;
import java.util.Optional;

/**
 * Namespace labels from a watch-backed cache (a fabric8 informer), so a review makes no API-server
 * call in steady state. A Namespace the cache does not hold yet (created a moment ago), or any lookup
 * before the cache has synced, is asked of the API server directly.
 */
public final class InformedNamespaceLookup extends InformerCache<Namespace> implements NamespaceLookup {

    private final KubernetesNamespaceLookup direct;

    public InformedNamespaceLookup(KubernetesClient client) {
        super(client.namespaces().runnableInformer(0), "Namespaces", "namespaces");
        this.direct = new KubernetesNamespaceLookup(client);
    }

    public InformedNamespaceLookup start() {
        startInformer();
        return this;
    }

    @Override
    public Optional<Map<String, String>> labels(String namespace) throws LookupException {
        Optional<Namespace> cached = cached(namespace);
        return cached.isPresent() ? Optional.of(KubernetesNamespaceLookup.labelsOf(cached.get())) : direct.labels(namespace);
    }
}
