package dev.vaultserver.admission.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An informer's store that keeps of each object only what the rules need, keyed by namespace/name: a
 * subclass's {@code put} reduces the whole object the informer hands over and {@link #keep}s the rest.
 * Nothing else of the object stays in memory.
 */
abstract class ReducedObjectStore<T extends HasMetadata> implements ItemStore<T> {

    private final Map<String, T> objects = new ConcurrentHashMap<>();

    @Override
    public String getKey(T object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    /** Stores what is kept of an object; returns what was kept before under the key. */
    final T keep(String key, T reduced) {
        return objects.put(key, reduced);
    }

    @Override
    public T remove(String key) {
        return objects.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return objects.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return objects.values().stream();
    }

    @Override
    public int size() {
        return objects.size();
    }

    @Override
    public T get(String key) {
        return objects.get(key);
    }

    /** The stored objects are not the whole objects. */
    @Override
    public boolean isFullState() {
        return false;
    }
}
