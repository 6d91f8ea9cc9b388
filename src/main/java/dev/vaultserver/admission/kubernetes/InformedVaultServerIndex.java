package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.lookup.LookupException;
import dev.vaultserver.admission.core.lookup.ReadinessSource;
import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every VaultServer in the cluster, by where its data lives, from watch-backed caches: one fabric8
 * informer for each VaultServer API version the API server serves (v1alpha1, v1alpha2), each with a
 * {@link BackendLocationStore} that keeps only what locates the data. The served versions are found
 * by discovery, retried in the background until the API server answers and the CRD is there; until
 * then, and until the informers have synced, a lookup fails (and so the write fails closed, retryably)
 * rather than miss a collision.
 */
public final class InformedVaultServerIndex implements VaultServerIndex, ReadinessSource, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InformedVaultServerIndex.class);

    private final KubernetesClient client;
    /** Set once discovery has found the served versions; read without a lock on every review. */
    private volatile List<SharedIndexInformer<GenericKubernetesResource>> informers = List.of();
    private volatile List<BackendLocationStore> stores = List.of();
    private final ScheduledExecutorService discovery = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vaultserver-discovery");
        t.setDaemon(true);
        return t;
    });
    private final long retrySeconds;
    private volatile Runnable deleted = () -> { };
    /** The uid of every VaultServer the watches have seen stored, and when (so that a claim's write is known to have landed). */
    private final Map<String, Long> seenUids = new java.util.concurrent.ConcurrentHashMap<>();
    private final BackendLocationStore.Listener listener = new BackendLocationStore.Listener() {
        @Override
        public void stored(String uid) {
            if (uid != null && !uid.isEmpty()) {
                seenUids.put(uid, System.nanoTime());
            }
        }

        @Override
        public void deleted() {
            deleted.run();
        }
    };
    private volatile boolean started;
    private volatile boolean crdAbsent;
    private volatile boolean closed;

    public InformedVaultServerIndex(KubernetesClient client, long retrySeconds) {
        this.client = client;
        this.retrySeconds = retrySeconds;
    }

    /** Starts discovery and then the informers; returns at once (see {@link #hasSynced()}). */
    public InformedVaultServerIndex start() {
        discovery.execute(this::discover);
        return this;
    }

    private void discover() {
        List<VaultServerVersion> served = new ArrayList<>();
        try {
            for (VaultServerVersion version : VaultServerVersion.values()) {
                APIResourceList resources = client.getApiResources(version.apiVersion());
                if (resources != null && resources.getResources().stream().anyMatch(r -> VaultServerResources.PLURAL.equals(r.getName()))) {
                    served.add(version);
                }
            }
        } catch (KubernetesClientException e) {
            LOG.warnf("VaultServer discovery failed, retrying in %d s: %s", retrySeconds, ApiServerErrors.describe(e, "discover kubevault.com"));
            discovery.schedule(this::discover, retrySeconds, TimeUnit.SECONDS);
            return;
        }
        if (served.isEmpty()) {
            crdAbsent = true;
            LOG.warnf("The API server serves no VaultServer version (is KubeVault's CRD installed?); looking again in %d s", retrySeconds);
            discovery.schedule(this::discover, retrySeconds, TimeUnit.SECONDS);
            return;
        }
        List<SharedIndexInformer<GenericKubernetesResource>> newInformers = new ArrayList<>();
        List<BackendLocationStore> newStores = new ArrayList<>();
        for (VaultServerVersion version : served) {
            BackendLocationStore store = new BackendLocationStore(version, listener);
            newStores.add(store);
            newInformers.add(Informers.retryingForever(client.genericKubernetesResources(VaultServerResources.of(version))
                    .inAnyNamespace().runnableInformer(0).itemStore(store), "VaultServers " + version));
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            informers = List.copyOf(newInformers);
            stores = List.copyOf(newStores);
            started = true;
            crdAbsent = false;
        }
        informers.forEach(SharedIndexInformer::start);
        LOG.infof("VaultServers: watch-backed caches of %s", served.stream().map(VaultServerVersion::apiVersion).toList());
    }

    public boolean hasSynced() {
        return started && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /**
     * For readiness: synced, or the API server answered that it serves no VaultServer (KubeVault is not
     * installed yet, so no VaultServer write can arrive; discovery keeps looking).
     */
    @Override
    public String readinessName() {
        return "vaultservers";
    }

    @Override
    public boolean ready() {
        return hasSynced() || (!started && crdAbsent);
    }

    @Override
    public List<Ref> using(EffectiveBackend.Location location) throws LookupException {
        if (!hasSynced()) {
            throw new LookupException(crdAbsent
                    ? "the API server served no VaultServer version when last asked; the webhook looks again every " + retrySeconds + " s"
                    : "the cache of VaultServers has not synced with the API server yet");
        }
        Set<Ref> users = new LinkedHashSet<>();
        stores.forEach(store -> users.addAll(store.using(location)));
        return List.copyOf(users);
    }

    /** Every location the caches know of and the VaultServers using it (empty before they have synced). */
    public Map<EffectiveBackend.Location, Set<Ref>> locations() {
        Map<EffectiveBackend.Location, Set<Ref>> all = new HashMap<>();
        if (hasSynced()) {
            stores.forEach(store -> store.users().forEach((location, refs) -> all.merge(location, refs, (a, b) -> {
                Set<Ref> both = new LinkedHashSet<>(a);
                both.addAll(b);
                return both;
            })));
        }
        return all;
    }

    /**
     * Where the VaultServers of one namespace keep their data, asked of the API server rather than the cache (one list,
     * in the first served version: every version holds the same objects).
     */
    public Map<EffectiveBackend.Location, List<Ref>> usersNow(String namespace) {
        List<BackendLocationStore> known = stores;
        Map<EffectiveBackend.Location, List<Ref>> users = new HashMap<>();
        if (known.isEmpty()) {
            return users;
        }
        BackendLocationStore store = known.get(0);
        for (GenericKubernetesResource vs : client.genericKubernetesResources(VaultServerResources.of(store.version())).inNamespace(namespace).list().getItems()) {
            store.locationOf(vs).ifPresent(location -> users.computeIfAbsent(location, l -> new ArrayList<>())
                    .add(new Ref(namespace, vs.getMetadata().getName())));
        }
        return users;
    }

    /** Whether the watches have seen a VaultServer with this uid stored (within the last {@code forgetAfter}). */
    public boolean seenStored(String uid) {
        return !uid.isEmpty() && seenUids.containsKey(uid);
    }

    /** Forgets the uids seen longer ago than this: writes that old have landed or failed long since. */
    public void forgetUidsSeenBefore(java.time.Duration age) {
        long cutoff = System.nanoTime() - age.toNanos();
        seenUids.values().removeIf(seen -> seen - cutoff < 0);
    }

    /** Told after a VaultServer is deleted (as the watches see it). */
    public void onDelete(Runnable listener) {
        this.deleted = listener;
    }

    @Override
    public void close() {
        discovery.shutdownNow();
        synchronized (this) {
            closed = true;
        }
        informers.forEach(SharedIndexInformer::stop);
    }
}
