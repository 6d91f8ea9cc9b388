package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.lookup.SecretKeys;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import java.util.Map;
import java.util.TreeMap;

/**
 * The informer's store of Secrets, keeping of each only what the rules need: its name, namespace and
 * resourceVersion, and the names of its non-empty keys (each value replaced by "*"). No Secret value
 * stays in memory after the informer has handed the object over.
 */
final class KeyNamesStore extends ReducedObjectStore<Secret> {

    static final String PLACEHOLDER = "*";

    @Override
    public Secret put(String key, Secret secret) {
        return keep(key, keyNamesOnly(secret));
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
