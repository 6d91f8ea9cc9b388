package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.lookup.ReadinessSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.Optional;

/**
 * A lookup backed by one watch-backed cache (a fabric8 informer that retries for ever, see {@link Informers}):
 * started at once, ready for reviews when it has synced, stopped with the application. Subclasses answer
 * from {@link #synced()}'s store, and ask the API server directly for what it does not hold.
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

    /** The informer, when it has synced: its store may be trusted; before, every lookup goes to the API server. */
    Optional<SharedIndexInformer<T>> synced() {
        return informer.hasSynced() ? Optional.of(informer) : Optional.empty();
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
