package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.lookup.ReadinessSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.Optional;

/**
 * A lookup backed by one watch-backed cache (a fabric8 informer that retries for ever, see {@link Informers}):
 * started at once, ready for reviews when it has synced, stopped with the application. Subclasses answer
 * from {@link #cached}, and ask the API server directly for what it does not hold.
 */
abstract class InformerCache<T extends HasMetadata> implements ReadinessSource, AutoCloseable {

    private final SharedIndexInformer<T> informer;
    private final String readinessName;

    InformerCache(SharedIndexInformer<T> informer, String what, String readinessName) {
        this.informer = Informers.retryingForever(informer, what);
        this.readinessName = readinessName;
    }

    /** Starts the list and watch; returns at once (see {@link #hasSynced()}). */
    void startInformer() {
        informer.start();
    }

    public boolean hasSynced() {
        return informer.hasSynced();
    }

    /** The object the cache holds under namespace/name (or name), once it has synced: before, nothing is trusted. */
    Optional<T> cached(String key) {
        return informer.hasSynced() ? held(key) : Optional.empty();
    }

    /** For tests: what the cache holds under the key, synced or not. */
    Optional<T> held(String key) {
        return Optional.ofNullable(informer.getStore().getByKey(key));
    }

    /** For tests: whether the watch is open (events from now on reach the cache). */
    boolean isWatching() {
        return informer.isWatching();
    }

    @Override
    public String readinessName() {
        return readinessName;
    }

    @Override
    public boolean ready() {
        return hasSynced();
    }

    @Override
    public void close() {
        informer.stop();
    }
}
