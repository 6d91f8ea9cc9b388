package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.config.MetricNames;
import dev.vaultserver.admission.core.lookup.SecretKeys;
import dev.vaultserver.admission.core.lookup.SecretLookup;
import dev.vaultserver.admission.core.lookup.SecretLookupException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
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
public final class InformedSecretLookup extends InformerCache<Secret> implements SecretLookup {

    private final KubernetesSecretLookup direct;
    private final Counter hits;
    private final Counter misses;

    public InformedSecretLookup(KubernetesClient client, MeterRegistry registry) {
        super(client.secrets().inAnyNamespace().runnableInformer(0).itemStore(new KeyNamesStore()), "Secrets", "secrets");
        this.direct = new KubernetesSecretLookup(client);
        this.hits = Counter.builder(MetricNames.SECRET_LOOKUPS).tag("cache", "hit")
                .description("Secret lookups answered from the watch-backed cache (hit) or by the API server (miss)").register(registry);
        this.misses = Counter.builder(MetricNames.SECRET_LOOKUPS).tag("cache", "miss")
                .description("Secret lookups answered from the watch-backed cache (hit) or by the API server (miss)").register(registry);
    }

    /** Starts the list and watch; returns at once (see {@link #hasSynced()}). */
    public InformedSecretLookup start() {
        startInformer();
        return this;
    }

    @Override
    public Optional<SecretKeys> find(String namespace, String name, Set<String> requiredKeys) throws SecretLookupException {
        Optional<SecretKeys> cached = cached(namespace + "/" + name).map(secret -> SecretKeys.of(secret.getData(), null))
                .filter(keys -> keys.nonEmptyKeys().containsAll(requiredKeys));
        if (cached.isPresent()) {
            hits.increment();
            return cached;
        }
        misses.increment();
        return direct.find(namespace, name, requiredKeys);
    }

    /** For tests: what the cache holds for a Secret, key names with placeholder values. */
    Optional<Secret> cached(String namespace, String name) {
        return held(namespace + "/" + name);
    }
}
