package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.config.MetricNames;
import dev.vaultserver.admission.core.lookup.LocationClaims;
import dev.vaultserver.admission.core.lookup.LookupException;
import dev.vaultserver.admission.core.lookup.ReadinessSource;
import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Claims on data locations held by the API server, as Leases in one namespace (the release's): claiming is creating
 * the location's Lease ({@link LocationLease}), which the API server makes atomic per name, so of any number of
 * claimants at the same instant, in any replica, exactly one creates it and the others read who did. A claimant of
 * the holder's namespace renews the claim (an update with the Lease's resourceVersion), so that a release racing it
 * ({@link ClaimKeeper}, a delete with the same precondition) fails instead of freeing a table in use. A dry run only
 * reads, from a watch-backed cache of the claims (no API call; before the cache has synced, from the API server): it
 * gets the answer the write would get, short of a claim made in the same instant, which the write itself would meet.
 * Every call is bounded: the whole claim fails closed, retryably, within the budget.
 */
public final class LeaseLocationClaims implements LocationClaims, ReadinessSource, AutoCloseable {

    private static final int ATTEMPTS = 4;

    private final KubernetesClient client;
    private final String namespace;
    private final long budgetNanos;
    private volatile io.fabric8.kubernetes.client.informers.SharedIndexInformer<Lease> cache;
    private final Timer claims;

    public LeaseLocationClaims(KubernetesClient client, String namespace, Duration budget) {
        this(client, namespace, budget, new SimpleMeterRegistry());
    }

    /** @param registry where the time each claim (not a dry run's read) takes is recorded */
    public LeaseLocationClaims(KubernetesClient client, String namespace, Duration budget, MeterRegistry registry) {
        this.client = client;
        this.namespace = namespace;
        this.budgetNanos = budget.toNanos();
        this.claims = Timer.builder(MetricNames.TABLE_CLAIM)
                .description("Claims of a table made through the API server (the API calls of one write, dry runs excluded)").register(registry);
    }

    /** Starts the watch-backed cache of claims that dry runs read; returns at once. */
    public LeaseLocationClaims startCache() {
        cache = Informers.retryingForever(client.leases().inNamespace(namespace).withLabel(LocationLease.LABEL, LocationLease.LABEL_VALUE)
                .runnableInformer(0), "table claims");
        cache.start();
        return this;
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.stop();
        }
    }

    @Override
    public String readinessName() {
        return "claims";
    }

    /** Ready once the cache of claims has synced: a Pod that may not list and watch its Leases is never ready. */
    @Override
    public boolean ready() {
        var informer = cache;
        return informer != null && informer.hasSynced();
    }

    /** Every claim Lease, from the watch-backed cache once it has synced (no API call), else from the API server. */
    List<Lease> leases() {
        var informer = cache;
        if (informer != null && informer.hasSynced()) {
            return informer.getStore().list();
        }
        return client.leases().inNamespace(namespace).withLabel(LocationLease.LABEL, LocationLease.LABEL_VALUE).list().getItems();
    }

    public String namespace() {
        return namespace;
    }

    @Override
    public VaultServerIndex.Ref claim(EffectiveBackend.Location location, VaultServerIndex.Ref claimant, String uid, boolean dryRun)
            throws LookupException {
        long deadline = System.nanoTime() + budgetNanos;
        try {
            if (dryRun) {
                return readForDryRun(location, deadline).map(LocationLease::holder).orElse(claimant);
            }
            long started = System.nanoTime();
            try {
                return claimOnce(location, claimant, uid, deadline);
            } finally {
                claims.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        } catch (KubernetesClientException e) {
            throw new LookupException(ApiServerErrors.describe(e, "create and read Leases in namespace \"" + namespace + "\""), e);
        }
    }

    /** Create, else read and (in the holder's namespace) renew; a few times when it changes hands meanwhile. */
    private VaultServerIndex.Ref claimOnce(EffectiveBackend.Location location, VaultServerIndex.Ref claimant, String uid, long deadline)
            throws LookupException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (create(LocationLease.of(location, claimant, uid), deadline)) {
                return claimant;
            }
            Optional<LocationLease> held = read(location, deadline);
            if (held.isEmpty()) {
                continue; // released between the two calls: claim again
            }
            LocationLease claim = held.get();
            if (!claim.holder().namespace().equals(claimant.namespace())) {
                return claim.holder();
            }
            if (claim.lastUid().equals(uid) && !uid.isEmpty()) {
                return claim.holder(); // made or renewed by this very write (another webhook entry or replica answered it first)
            }
            // The holder's namespace uses it again: renew it, so that a release racing this write fails, and the
            // claim is kept until this write is seen stored.
            LocationLease renewed = claim.holder().equals(claimant) ? claim.heldBy(claimant, uid).renewedBy(uid) : claim.renewedBy(uid);
            if (renew(renewed, deadline)) {
                return renewed.holder();
            }
        }
        throw new LookupException("the claim on it changed hands " + ATTEMPTS + " times while being made; try again");
    }

    /** Creates the Lease; false when it exists already. */
    private boolean create(LocationLease claim, long deadline) throws LookupException {
        inTime(deadline);
        try {
            client.leases().inNamespace(namespace).resource(claim.toLease(namespace)).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    /** Updates the Lease if it is still the version read; false when it changed or went meanwhile. */
    private boolean renew(LocationLease claim, long deadline) throws LookupException {
        inTime(deadline);
        try {
            client.leases().inNamespace(namespace).resource(claim.toLease(namespace)).update();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** The claim from the watch-backed cache once it has synced, else from the API server. */
    private Optional<LocationLease> readForDryRun(EffectiveBackend.Location location, long deadline) throws LookupException {
        var informer = cache;
        if (informer == null || !informer.hasSynced()) {
            return read(location, deadline);
        }
        Lease lease = informer.getStore().getByKey(namespace + "/" + LocationLease.name(location));
        return lease == null ? Optional.empty() : Optional.of(claimOf(lease, location));
    }

    private Optional<LocationLease> read(EffectiveBackend.Location location, long deadline) throws LookupException {
        inTime(deadline);
        Lease lease = client.leases().inNamespace(namespace).withName(LocationLease.name(location)).get();
        return lease == null ? Optional.empty() : Optional.of(claimOf(lease, location));
    }

    /** The claim a Lease records for this location; a Lease that is not ours, or of another location with the same hash, fails. */
    private LocationLease claimOf(Lease lease, EffectiveBackend.Location location) throws LookupException {
        LocationLease claim = LocationLease.of(lease).orElseThrow(() -> new LookupException("the Lease " + namespace + "/"
                + lease.getMetadata().getName() + " that records its claim is not one this webhook wrote"));
        if (!claim.location().equals(location)) {
            throw new LookupException("the Lease " + namespace + "/" + lease.getMetadata().getName() + " records another location with the same hash");
        }
        return claim;
    }

    private void inTime(long deadline) throws LookupException {
        if (System.nanoTime() > deadline) {
            throw new LookupException("the API server did not settle the claim within " + Duration.ofNanos(budgetNanos).toMillis() + " ms; try again");
        }
    }
}
