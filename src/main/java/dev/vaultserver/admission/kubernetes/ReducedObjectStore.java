package dev.vaultserver.admission.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An informer's store that keeps of each object only what the rules need ({@link #reduce}), keyed by
 * namespace/name. The informer hands over whole objects; nothing else of them stays in memory.
 */
abstract class ReducedObjectStore<T extends HasMetadata> implements ItemStore<T> {

    private final Map<String, T> objects = new ConcurrentHashMap<>();

    /** What is kept of an object the informer hands over. */
    abstract T reduce(T object);

    @Override
    public String getKey(T object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public T put(String key, T object) {
        return objects.put(key, reduce(object));
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
