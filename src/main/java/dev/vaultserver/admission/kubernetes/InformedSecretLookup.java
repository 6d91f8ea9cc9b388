package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.lookup.ReadinessSource;
import dev.vaultserver.admission.core.lookup.SecretKeys;
import dev.vaultserver.admission.core.lookup.SecretLookup;
import dev.vaultserver.admission.core.lookup.SecretLookupException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Optional;
import java.util.Set;

/**
 * Secret lookups from a watch-backed cache (a fabric8 informer over all namespaces), so that a review
 * in steady state makes no API-server round trip. The cache keeps key names only ({@link KeyNamesStore}).
 * It answers from memory only when its entry has every key the rule needs; a Secret it does not hold,
 * or holds without a needed key, is looked up on the API server, so a Secret created or completed a
 * moment ago is still found and a stale entry never makes a false denial. Until the informer has
 * synced, every lookup goes to the API server.
 */
public final class InformedSecretLookup implements SecretLookup, ReadinessSource, AutoCloseable {

    private final KubernetesSecretLookup direct;
    private final SharedIndexInformer<Secret> informer;
    private final KeyNamesStore store = new KeyNamesStore();
    private final Counter hits;
    private final Counter misses;

    public InformedSecretLookup(KubernetesClient client, MeterRegistry registry) {
        this.direct = new KubernetesSecretLookup(client);
        this.informer = Informers.retryingForever(client.secrets().inAnyNamespace().runnableInformer(0).itemStore(store), "Secrets");
        this.hits = Counter.builder("vaultserver_admission_secret_lookups").tag("cache", "hit")
                .description("Secret lookups answered from the watch-backed cache (hit) or by the API server (miss)").register(registry);
        this.misses = Counter.builder("vaultserver_admission_secret_lookups").tag("cache", "miss")
                .description("Secret lookups answered from the watch-backed cache (hit) or by the API server (miss)").register(registry);
    }

    /** Starts the list and watch; returns at once (see {@link #hasSynced()}). */
    public InformedSecretLookup start() {
        informer.start();
        return this;
    }

    public boolean hasSynced() {
        return informer.hasSynced();
    }

    @Override
    public String readinessName() {
        return "secrets";
    }

    @Override
    public boolean ready() {
        return hasSynced();
    }

    /** For tests: whether the watch is open (events from now on reach the cache). */
    boolean isWatching() {
        return informer.isWatching();
    }

    @Override
    public Optional<SecretKeys> find(String namespace, String name, Set<String> requiredKeys) throws SecretLookupException {
        if (informer.hasSynced()) {
            Secret cached = store.get(namespace + "/" + name);
            if (cached != null) {
                SecretKeys keys = SecretKeys.of(cached.getData(), null);
                if (keys.nonEmptyKeys().containsAll(requiredKeys)) {
                    hits.increment();
                    return Optional.of(keys);
                }
            }
        }
        misses.increment();
        return direct.find(namespace, name, requiredKeys);
    }

    /** For tests: what the cache holds for a Secret, key names with placeholder values. */
    Optional<Secret> cached(String namespace, String name) {
        return Optional.ofNullable(store.get(namespace + "/" + name));
    }

    @Override
    public void close() {
        informer.stop();
    }
}
