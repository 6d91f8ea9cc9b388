package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.testing.Await;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The watch-backed Secret cache against fabric8's mock API server (CRUD mode, with watches). */
@EnableKubernetesMockClient(crud = true)
class InformedSecretLookupTest {

    private static final Set<String> PAIR = Set.of("access_key", "secret_key");

    KubernetesMockServer server;
    KubernetesClient client;
    private SimpleMeterRegistry registry;
    private InformedSecretLookup lookup;

    @BeforeEach
    void start() {
        secret("demo", "aws", Map.of("access_key", "CANARY-CACHE-A", "secret_key", "CANARY-CACHE-S", "empty", ""));
        registry = new SimpleMeterRegistry();
        lookup = new InformedSecretLookup(client, registry).start();
        await(lookup::hasSynced, "the informer syncs");
        // The mock server does not replay events from before the watch opened, as a real API server does.
        await(lookup::isWatching, "the informer watches");
    }

    @AfterEach
    void stop() {
        lookup.close();
    }

    @Test
    void steadyStateLookupsAreAnsweredFromMemoryWithoutValues() throws Exception {
        await(() -> lookup.cached("demo", "aws").isPresent(), "the Secret is cached");
        Secret cached = lookup.cached("demo", "aws").orElseThrow();
        assertEquals(Map.of("access_key", "*", "secret_key", "*"), cached.getData(), "key names only; the empty key is dropped");
        assertFalse(cached.toString().contains("CANARY"), "no value is kept");

        int requestsBefore = server.getRequestCount();
        for (int i = 0; i < 100; i++) {
            assertEquals(PAIR, lookup.find("demo", "aws", PAIR).orElseThrow().nonEmptyKeys());
        }
        assertEquals(requestsBefore, server.getRequestCount(), "no API-server round trip per lookup");
        assertEquals(100.0, registry.get("vaultserver_admission_secret_lookups").tag("cache", "hit").counter().count());
    }

    @Test
    void aSecretCreatedAMomentAgoIsFound() throws Exception {
        secret("demo", "fresh", Map.of("access_key", "a", "secret_key", "s"));
        assertTrue(lookup.find("demo", "fresh", PAIR).isPresent(), "found at once: from the watch or by a direct lookup");
        assertTrue(lookup.find("demo", "absent", PAIR).isEmpty());
        assertTrue(registry.get("vaultserver_admission_secret_lookups").tag("cache", "miss").counter().count() >= 1);
    }

    @Test
    void aStaleEntryNeverMakesAFalseDenial() throws Exception {
        secret("demo", "half", Map.of("access_key", "a"));
        await(() -> lookup.cached("demo", "half").isPresent(), "the half Secret is cached");
        assertEquals(Set.of("access_key"), lookup.find("demo", "half", PAIR).orElseThrow().nonEmptyKeys());

        // Completed on the API server; the cache may not have seen it yet: the missing key sends the lookup there.
        secret("demo", "half", Map.of("access_key", "a", "secret_key", "s"));
        assertEquals(PAIR, lookup.find("demo", "half", PAIR).orElseThrow().nonEmptyKeys());
    }

    @Test
    void deletedSecretsLeaveTheCache() throws Exception {
        client.secrets().inNamespace("demo").withName("aws").delete();
        await(() -> lookup.cached("demo", "aws").isEmpty(), "the deletion is watched");
        assertTrue(lookup.find("demo", "aws", PAIR).isEmpty());
    }

    private void secret(String namespace, String name, Map<String, String> values) {
        Secret secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata().withStringData(values).build();
        client.secrets().inNamespace(namespace).resource(secret).createOr(r -> r.update());
    }

    private static void await(BooleanSupplier condition, String what) {
        Await.untilTrue(what, java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(20), condition::getAsBoolean);
    }
}
