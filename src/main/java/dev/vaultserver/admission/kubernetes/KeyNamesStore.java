package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.lookup.SecretKeys;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The informer's store of Secrets, keeping of each only what the rules need: its name, namespace and
 * resourceVersion, and the names of its non-empty keys (each value replaced by "*"). No Secret value
 * stays in memory after the informer has handed the object over.
 */
final class KeyNamesStore implements ItemStore<Secret> {

    static final String PLACEHOLDER = "*";

    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

    @Override
    public String getKey(Secret secret) {
        return Cache.metaNamespaceKeyFunc(secret);
    }

    @Override
    public Secret put(String key, Secret secret) {
        return secrets.put(key, keyNamesOnly(secret));
    }

    @Override
    public Secret remove(String key) {
        return secrets.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return secrets.keySet().stream();
    }

    @Override
    public Stream<Secret> values() {
        return secrets.values().stream();
    }

    @Override
    public int size() {
        return secrets.size();
    }

    @Override
    public Secret get(String key) {
        return secrets.get(key);
    }

    /** The stored objects are not the whole Secrets. */
    @Override
    public boolean isFullState() {
        return false;
    }

    static Secret keyNamesOnly(Secret secret) {
        Map<String, String> keys = new TreeMap<>();
        SecretKeys.of(secret.getData(), secret.getStringData()).nonEmptyKeys().forEach(k -> keys.put(k, PLACEHOLDER));
        return new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(secret.getMetadata().getName())
                        .withNamespace(secret.getMetadata().getNamespace())
                        .withResourceVersion(secret.getMetadata().getResourceVersion())
                        .build())
                .withData(keys)
                .build();
    }
}
