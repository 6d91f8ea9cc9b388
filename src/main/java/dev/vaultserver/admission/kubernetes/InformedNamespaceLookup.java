package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.lookup.LookupException;
import dev.vaultserver.admission.core.lookup.NamespaceLookup;
import dev.vaultserver.admission.core.lookup.ReadinessSource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.Map;
import java.util.Optional;

/**
 * Namespace labels from a watch-backed cache (a fabric8 informer), so a review makes no API-server
 * call in steady state. A Namespace the cache does not hold yet (created a moment ago), or any lookup
 * before the cache has synced, is asked of the API server directly.
 */
public final class InformedNamespaceLookup implements NamespaceLookup, ReadinessSource, AutoCloseable {

    private final KubernetesNamespaceLookup direct;
    private final SharedIndexInformer<Namespace> informer;

    public InformedNamespaceLookup(KubernetesClient client) {
        this.direct = new KubernetesNamespaceLookup(client);
        this.informer = Informers.retryingForever(client.namespaces().runnableInformer(0), "Namespaces");
    }

    public InformedNamespaceLookup start() {
        informer.start();
        return this;
    }

    public boolean hasSynced() {
        return informer.hasSynced();
    }

    @Override
    public String readinessName() {
        return "namespaces";
    }

    @Override
    public boolean ready() {
        return hasSynced();
    }

    @Override
    public Optional<Map<String, String>> labels(String namespace) throws LookupException {
        Namespace cached = informer.hasSynced() ? informer.getStore().getByKey(namespace) : null;
        return cached != null ? Optional.of(KubernetesNamespaceLookup.labelsOf(cached)) : direct.labels(namespace);
    }

    @Override
    public void close() {
        informer.stop();
    }
}
