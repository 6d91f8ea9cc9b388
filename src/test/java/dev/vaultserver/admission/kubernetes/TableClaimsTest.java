package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.lookup.LookupException;
import dev.vaultserver.admission.core.lookup.VaultServerIndex.Ref;
import dev.vaultserver.admission.core.model.EffectiveBackend.Location;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Claims as Leases and their keeper, on the fabric8 mock API server (CRUD mode: a second create of a name is
 * {@code 409 AlreadyExists}, as on the real one): claim, refuse, renew, dry run, orphan release, adoption, and what
 * is shared already. Races on the real API server are proven by the end-to-end suite.
 */
@EnableKubernetesMockClient(crud = true)
class TableClaimsTest {

    static final String CLAIMS = "vault-system";
    static final Location SHARED = new Location("", "eu-west-1", "shared");

    KubernetesMockServer server;
    KubernetesClient client;
    InformedVaultServerIndex index;
    LeaseLocationClaims claims;

    @BeforeEach
    void start() throws Exception {
        for (VaultServerVersion version : VaultServerVersion.values()) {
            server.expect().get().withPath("/apis/" + version.apiVersion())
                    .andReturn(200, new APIResourceListBuilder().withGroupVersion(version.apiVersion()).addNewResource().withName("vaultservers")
                            .withKind("VaultServer").withNamespaced(true).endResource().build()).always();
        }
        index = new InformedVaultServerIndex(client, 1).start();
        waitUntil("the VaultServer caches synced", index::hasSynced);
        claims = new LeaseLocationClaims(client, CLAIMS, Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() {
        index.close();
    }

    @Test
    void theFirstClaimWinsAndIsKeptAsALeaseNamedForTheLocation() throws Exception {
        assertEquals(new Ref("team-a", "vault"), claims.claim(SHARED, new Ref("team-a", "vault"), "uid-1", false));
        Lease lease = client.leases().inNamespace(CLAIMS).withName(LocationLease.name(SHARED)).get();
        assertEquals("team-a/vault", lease.getSpec().getHolderIdentity());
        assertEquals(Map.of("vaultserver-admission.dev/endpoint", "", "vaultserver-admission.dev/region", "eu-west-1",
                "vaultserver-admission.dev/table", "shared", "vaultserver-admission.dev/holder-namespace", "team-a",
                "vaultserver-admission.dev/holder-name", "vault", "vaultserver-admission.dev/holder-uid", "uid-1",
                "vaultserver-admission.dev/last-writer-uid", "uid-1"), lease.getMetadata().getAnnotations());
        assertTrue(lease.getMetadata().getName().matches("table-claim-[0-9a-f]{64}"), lease.getMetadata().getName());

        assertEquals(new Ref("team-a", "vault"), claims.claim(SHARED, new Ref("team-b", "vault"), "uid-2", false), "another namespace: the holder");
        assertEquals(new Ref("team-a", "vault"), claims.claim(SHARED, new Ref("team-a", "vault"), "uid-1", false), "the same write again");
        assertEquals(1, client.leases().inNamespace(CLAIMS).list().getItems().size());
    }

    @Test
    void theHoldersNamespaceRenewsTheClaim() throws Exception {
        claims.claim(SHARED, new Ref("team-a", "vault"), "uid-1", false);
        Lease before = client.leases().inNamespace(CLAIMS).withName(LocationLease.name(SHARED)).get();
        Thread.sleep(20);
        assertEquals(new Ref("team-a", "vault"), claims.claim(SHARED, new Ref("team-a", "second"), "uid-2", false), "shared within its namespace");
        Lease after = client.leases().inNamespace(CLAIMS).withName(LocationLease.name(SHARED)).get();
        assertTrue(after.getSpec().getRenewTime().isAfter(before.getSpec().getRenewTime()), "renewed: " + after.getSpec());
        assertEquals("vault", after.getMetadata().getAnnotations().get(LocationLease.HOLDER_NAME), "the first holder stays named");
        assertEquals("uid-2", after.getMetadata().getAnnotations().get(LocationLease.LAST_UID), "the write that used it last");
        assertEquals(new Ref("team-a", "vault"), claims.claim(SHARED, new Ref("team-a", "second"), "uid-2", false));
        assertEquals(after.getMetadata().getResourceVersion(),
                client.leases().inNamespace(CLAIMS).withName(LocationLease.name(SHARED)).get().getMetadata().getResourceVersion(),
                "the same write answered twice (two webhook entries, two replicas) renews once");
    }

    @Test
    void aDryRunReadsAndWritesNothing() throws Exception {
        assertEquals(new Ref("team-b", "vault"), claims.claim(SHARED, new Ref("team-b", "vault"), "", true));
        assertEquals(List.of(), client.leases().inNamespace(CLAIMS).list().getItems());
        claims.claim(SHARED, new Ref("team-a", "vault"), "uid-1", false);
        assertEquals(new Ref("team-a", "vault"), claims.claim(SHARED, new Ref("team-b", "vault"), "", true));
    }

    @Test
    void aDryRunReadsTheClaimsFromTheWatchBackedCacheWithoutAnApiCall() throws Exception {
        try (LeaseLocationClaims cached = new LeaseLocationClaims(client, CLAIMS, Duration.ofSeconds(3)).startCache()) {
            cached.claim(SHARED, new Ref("team-a", "vault"), "uid-1", false);
            waitUntil("the claim is in the cache", () -> {
                try {
                    return cached.claim(SHARED, new Ref("team-b", "vault"), "", true).equals(new Ref("team-a", "vault"));
                } catch (LookupException e) {
                    return false;
                }
            });
            int before = server.getRequestCount();
            assertEquals(new Ref("team-a", "vault"), cached.claim(SHARED, new Ref("team-b", "vault"), "", true));
            assertEquals(new Ref("team-c", "vault"), cached.claim(new Location("", "eu-west-1", "free"), new Ref("team-c", "vault"), "", true));
            assertEquals(before, server.getRequestCount(), "answered from the cache");
        }
    }

    @Test
    void aLeaseOfAnotherLocationWithTheSameNameFailsClosed() {
        Lease foreign = LocationLease.of(new Location("", "eu-west-1", "other"), new Ref("team-a", "vault"), "").toLease(CLAIMS);
        foreign.getMetadata().setName(LocationLease.name(SHARED));
        client.leases().inNamespace(CLAIMS).resource(foreign).create();
        LookupException e = assertThrows(LookupException.class, () -> claims.claim(SHARED, new Ref("team-b", "vault"), "", false));
        assertTrue(e.getMessage().contains("records another location with the same hash"), e.getMessage());
    }

    @Test
    void anUnreachableApiServerFailsWithinTheBudget() {
        LeaseLocationClaims unreachable = new LeaseLocationClaims(UnreachableApiServer.client(), CLAIMS, Duration.ofSeconds(3));
        long started = System.nanoTime();
        LookupException e = assertThrows(LookupException.class, () -> unreachable.claim(SHARED, new Ref("team-a", "vault"), "", false));
        assertTrue(e.getMessage().startsWith("the API server could not be reached") || e.getMessage().contains("did not answer in time"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5, "bounded");
    }

    @Test
    void anOrphanIsReleasedAfterTheGraceAndATableInUseIsKept() throws Exception {
        try (ClaimKeeper keeper = new ClaimKeeper(client, claims, index, Duration.ofMillis(300))) {
            claims.claim(SHARED, new Ref("team-a", "never-stored"), "uid-1", false);
            keeper.sweep();
            assertEquals(1, keeper.claims(), "within the grace period a claim is kept: its write may be on its way");
            Thread.sleep(400);
            keeper.sweep();
            assertNull(client.leases().inNamespace(CLAIMS).withName(LocationLease.name(SHARED)).get(), "released");
            assertEquals(1, keeper.released());
            assertEquals(new Ref("team-b", "vault"), claims.claim(SHARED, new Ref("team-b", "vault"), "uid-2", false), "another namespace takes it");

            vaultServer("team-b", "vault", "shared");
            waitUntil("the cache sees team-b/vault", () -> !index.locations().getOrDefault(SHARED, java.util.Set.of()).isEmpty());
            Thread.sleep(400);
            keeper.sweep();
            assertFalse(client.leases().inNamespace(CLAIMS).withName(LocationLease.name(SHARED)).get() == null, "in use: kept");
            assertEquals(1, keeper.released());
        }
    }

    @Test
    void aHolderSeenStoredAndThenDeletedFreesTheTableAtOnce() throws Exception {
        try (ClaimKeeper keeper = new ClaimKeeper(client, claims, index, Duration.ofSeconds(30))) {
            String uid = vaultServer("team-a", "vault", "shared");
            claims.claim(SHARED, new Ref("team-a", "vault"), uid, false);
            waitUntil("the cache sees team-a/vault", () -> index.seenStored(uid));
            deleteVaultServer("team-a", "vault");
            waitUntil("the cache sees it deleted", () -> index.locations().getOrDefault(SHARED, java.util.Set.of()).isEmpty());
            keeper.sweep();
            assertNull(client.leases().inNamespace(CLAIMS).withName(LocationLease.name(SHARED)).get(),
                    "its write landed (seen by the watch), so no grace period is waited for");
            assertEquals(new Ref("team-b", "vault"), claims.claim(SHARED, new Ref("team-b", "vault"), "uid-b", false));
        }
    }

    @Test
    void deletingTheHolderReleasesTheTableAndAnotherUserOfItsNamespaceIsNamedInstead() throws Exception {
        try (ClaimKeeper keeper = new ClaimKeeper(client, claims, index, Duration.ofMillis(100))) {
            vaultServer("team-a", "vault", "shared");
            vaultServer("team-a", "second", "shared");
            claims.claim(SHARED, new Ref("team-a", "vault"), "uid-1", false);
            waitUntil("the cache sees both", () -> index.locations().getOrDefault(SHARED, java.util.Set.of()).size() == 2);
            deleteVaultServer("team-a", "vault");
            waitUntil("the cache sees one", () -> index.locations().getOrDefault(SHARED, java.util.Set.of()).size() == 1);
            Thread.sleep(150);
            keeper.sweep();
            Lease lease = client.leases().inNamespace(CLAIMS).withName(LocationLease.name(SHARED)).get();
            assertEquals("second", lease.getMetadata().getAnnotations().get(LocationLease.HOLDER_NAME), "a holder that is there is named");

            deleteVaultServer("team-a", "second");
            waitUntil("the cache sees none", () -> index.locations().getOrDefault(SHARED, java.util.Set.of()).isEmpty());
            Thread.sleep(150);
            keeper.sweep();
            assertNull(client.leases().inNamespace(CLAIMS).withName(LocationLease.name(SHARED)).get(), "released on delete");
        }
    }

    @Test
    void whatExistsIsAdoptedAndWhatIsSharedIsOnlyReported() throws Exception {
        try (ClaimKeeper keeper = new ClaimKeeper(client, claims, index, Duration.ofSeconds(30))) {
            vaultServer("team-a", "vault", "alone");
            vaultServer("team-a", "vault-2", "both");
            vaultServer("team-b", "vault", "both");
            waitUntil("the cache sees all three", () -> index.locations().values().stream().mapToInt(java.util.Set::size).sum() == 3);
            keeper.sweep();
            Lease adopted = client.leases().inNamespace(CLAIMS).withName(LocationLease.name(new Location("", "eu-west-1", "alone"))).get();
            assertEquals("team-a/vault", adopted.getSpec().getHolderIdentity());
            assertNull(client.leases().inNamespace(CLAIMS).withName(LocationLease.name(new Location("", "eu-west-1", "both"))).get(),
                    "a table shared already is never taken over");
            assertEquals(1, keeper.sharedLocations());
            assertEquals(1, keeper.adopted());
            keeper.sweep();
            assertEquals(1, keeper.adopted(), "adopted once");
            assertEquals(new Ref("team-a", "vault"), claims.claim(new Location("", "eu-west-1", "alone"), new Ref("team-c", "vault"), "", false));
        }
    }

    /** Creates a VaultServer on the mock API server; returns its uid. */
    private String vaultServer(String namespace, String name, String table) {
        GenericKubernetesResource vs = new GenericKubernetesResource();
        vs.setApiVersion("kubevault.com/v1alpha2");
        vs.setKind("VaultServer");
        vs.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        vs.setAdditionalProperty("spec", Map.of("version", "1.12.1", "backend", Map.of("dynamodb", Map.of("table", table, "region", "eu-west-1"))));
        return client.genericKubernetesResources(VaultServerResources.of(VaultServerVersion.V1ALPHA2)).inNamespace(namespace).resource(vs).create()
                .getMetadata().getUid();
    }

    private void deleteVaultServer(String namespace, String name) {
        client.genericKubernetesResources(VaultServerResources.of(VaultServerVersion.V1ALPHA2)).inNamespace(namespace).withName(name).delete();
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail(what + ": not within 10 s");
            }
            Thread.sleep(50);
        }
    }
}
