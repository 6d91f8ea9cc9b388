package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the table claims ({@link LeaseLocationClaims}) true to the VaultServers that exist, from the VaultServer watch
 * the service already has ({@link InformedVaultServerIndex}) and the claims' own watch-backed cache: a second after a
 * VaultServer is deleted, and every sweep interval, it
 * <ul>
 *   <li>releases a claim no VaultServer of its namespace uses any more: its holder was deleted, moved to another
 *       location, or never stored (refused after the webhooks, by a ResourceQuota, another webhook or a timeout).
 *       A claim whose last write (by its uid) the watch has seen stored is released at once; one whose last write has
 *       not been seen is left alone for the grace period, since that write may still be on its way to storage. The
 *       cache's word is checked with the API server before a release, and the release is a delete on the Lease's
 *       resourceVersion, so a write renewing the claim at that moment wins;</li>
 *   <li>adopts what exists without a claim (VaultServers created before the claims, or while the webhook was
 *       away): a location used by one namespace is claimed for it; one already used by several namespaces is
 *       never touched, only reported (a log line when first seen, and {@link #sharedLocations()}).</li>
 * </ul>
 * Every replica keeps the claims alike: their writes race on the API server's atomic operations, and the loser's
 * {@code AlreadyExists} or {@code Conflict} is simply the other's success.
 */
public final class ClaimKeeper implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClaimKeeper.class);
    private static final Comparator<VaultServerIndex.Ref> BY_NAME =
            Comparator.comparing(VaultServerIndex.Ref::namespace).thenComparing(VaultServerIndex.Ref::name);

    /** Far beyond any grace period: a write this old has landed or failed long since. */
    private static final Duration FORGET_UIDS_AFTER = Duration.ofHours(1);

    private final KubernetesClient client;
    private final String namespace;
    private final LeaseLocationClaims claimsStore;
    private final InformedVaultServerIndex index;
    private final Duration grace;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "table-claims");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean sweepPending = new AtomicBoolean();
    private final AtomicLong released = new AtomicLong();
    private final AtomicLong adopted = new AtomicLong();
    private volatile int claims = -1;
    private volatile Set<EffectiveBackend.Location> shared = Set.of();

    /** @param claims the claims, whose Leases the keeper reads (from their watch-backed cache) and writes */
    public ClaimKeeper(KubernetesClient client, LeaseLocationClaims claims, InformedVaultServerIndex index, Duration grace) {
        this.client = client;
        this.namespace = claims.namespace();
        this.claimsStore = claims;
        this.index = index;
        this.grace = grace;
    }

    /**
     * Sweeps every interval, and a second after a VaultServer is deleted (what frees a table at once); adoption and the
     * release of claims whose write never landed wait for the interval.
     */
    public ClaimKeeper start(Duration interval) {
        index.onDelete(this::sweepSoon);
        scheduler.scheduleWithFixedDelay(this::sweepLogged, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void sweepSoon() {
        if (sweepPending.compareAndSet(false, true)) {
            scheduler.schedule(this::sweepLogged, 1, TimeUnit.SECONDS);
        }
    }

    private void sweepLogged() {
        try {
            sweep();
        } catch (KubernetesClientException e) {
            LOG.warnf("Table claims could not be kept up to date, trying again: %s", ApiServerErrors.describe(e, "list, create and delete Leases in namespace \"" + namespace + "\""));
        } catch (RuntimeException e) {
            LOG.warnf("Table claims could not be kept up to date, trying again: %s", e.toString());
        }
    }

    /** One pass: release what no one uses, adopt what no one claimed, report what is shared. Nothing before the caches have synced. */
    void sweep() {
        sweepPending.set(false);
        if (!index.hasSynced()) {
            return;
        }
        Map<EffectiveBackend.Location, Set<VaultServerIndex.Ref>> users = index.locations();
        List<Lease> leases = claimsStore.leases();
        Set<EffectiveBackend.Location> claimed = new HashSet<>();
        // What the API server says each namespace uses, asked once per namespace and sweep, and only when the cache
        // would release one of its claims.
        Map<String, Map<EffectiveBackend.Location, List<VaultServerIndex.Ref>>> asked = new HashMap<>();
        int kept = 0;
        for (Lease lease : leases) {
            Optional<LocationLease> read = LocationLease.of(lease);
            if (read.isEmpty()) {
                continue;
            }
            LocationLease claim = read.get();
            claimed.add(claim.location());
            if (keep(claim, users.getOrDefault(claim.location(), Set.of()), asked)) {
                kept++;
            }
        }
        claims = kept;
        index.forgetUidsSeenBefore(FORGET_UIDS_AFTER);
        Set<EffectiveBackend.Location> sharedNow = new HashSet<>();
        users.forEach((location, refs) -> {
            if (refs.stream().map(VaultServerIndex.Ref::namespace).distinct().count() > 1) {
                sharedNow.add(location);
                if (!shared.contains(location)) {
                    LOG.warnf("%s is used by VaultServers of several namespaces (%s): it was shared before the claims; it is left as it is,"
                            + " and no other namespace can take it", location.describe(), refs.stream().sorted(BY_NAME).map(Object::toString).toList());
                }
            } else if (!claimed.contains(location)) {
                adopt(location, refs.stream().min(BY_NAME).orElseThrow());
            }
        });
        shared = Set.copyOf(sharedNow);
    }

    /**
     * Whether the claim stays: used by its namespace, or its last write may still be on its way to storage (not seen
     * stored by the watch, and within the grace period); else it is released.
     */
    private boolean keep(LocationLease claim, Set<VaultServerIndex.Ref> cachedUsers,
            Map<String, Map<EffectiveBackend.Location, List<VaultServerIndex.Ref>>> asked) {
        String owner = claim.holder().namespace();
        List<VaultServerIndex.Ref> users = cachedUsers.stream().filter(r -> r.namespace().equals(owner)).sorted(BY_NAME).toList();
        if (users.isEmpty() && !index.seenStored(claim.lastUid()) && Instant.now().isBefore(claim.renewed().plus(grace))) {
            return true;
        }
        if (users.isEmpty()) {
            // The cache may lag: the API server has the last word before a release.
            users = asked.computeIfAbsent(owner, index::usersNow).getOrDefault(claim.location(), List.of()).stream().sorted(BY_NAME).toList();
        }
        if (users.isEmpty()) {
            release(claim);
            return false;
        }
        if (!users.contains(claim.holder())) {
            // The holder went but its namespace still uses the table: name one that is there.
            replace(claim.heldBy(users.get(0), ""));
        }
        return true;
    }

    private void release(LocationLease claim) {
        try {
            client.leases().inNamespace(namespace).withName(LocationLease.name(claim.location())).lockResourceVersion(claim.resourceVersion()).delete();
            released.incrementAndGet();
            LOG.infof("Released the claim of namespace %s on %s: no VaultServer there uses it (%s was deleted, moved, or never stored)",
                    claim.holder().namespace(), claim.location().describe(), claim.holder());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404) {
                throw e;
            }
            // Renewed by a write, or released by another replica, meanwhile.
        }
    }

    private void replace(LocationLease claim) {
        try {
            client.leases().inNamespace(namespace).resource(claim.toLease(namespace)).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404) {
                throw e;
            }
        }
    }

    private void adopt(EffectiveBackend.Location location, VaultServerIndex.Ref holder) {
        try {
            client.leases().inNamespace(namespace).resource(LocationLease.of(location, holder, "").toLease(namespace)).create();
            adopted.incrementAndGet();
            LOG.infof("Claimed %s for namespace %s, where VaultServer %s uses it", location.describe(), holder.namespace(), holder);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** Locations used by VaultServers of more than one namespace at the last sweep (shared before the claims existed). */
    public int sharedLocations() {
        return shared.size();
    }

    /** Claims held at the last sweep, or -1 before the first. */
    public int claims() {
        return claims;
    }

    public long released() {
        return released.get();
    }

    public long adopted() {
        return adopted.get();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
