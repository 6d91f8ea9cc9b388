package dev.vaultserver.admission.kubernetes;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A cache whose first list fails (found in the cluster suite: a Pod starting under load timed out
 * listing Secrets, fabric8 stopped the informer, and the Pod never became Ready) lists again and syncs.
 */
@EnableKubernetesMockClient
class InformerRecoveryTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void aFailedFirstListIsRetriedUntilTheCacheSyncs() throws Exception {
        server.expect().get().withPath("/api/v1/secrets?resourceVersion=0")
                .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcd is busy").build()).times(2);
        server.expect().get().withPath("/api/v1/secrets?resourceVersion=0")
                .andReturn(200, new SecretListBuilder().withNewMetadata().withResourceVersion("7").endMetadata()
                        .addToItems(new SecretBuilder().withNewMetadata().withName("aws").withNamespace("demo").withResourceVersion("7").endMetadata()
                                .addToStringData("access_key", "a").addToStringData("secret_key", "s").build()).build()).always();
        // As the service configures its client: no HTTP-level retries (quarkus.kubernetes-client.request-retry-backoff-limit=0).
        KubernetesClient noRetries = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build()).build();
        try (noRetries; InformedSecretLookup lookup = new InformedSecretLookup(noRetries, new SimpleMeterRegistry()).start()) {
            long deadline = System.currentTimeMillis() + 20_000;
            while (!lookup.hasSynced()) {
                if (System.currentTimeMillis() > deadline) {
                    fail("the cache never synced; requests: " + server.getRequestCount() + ", last: " + server.getLastRequest().getPath());
                }
                Thread.sleep(100);
            }
            assertTrue(server.getRequestCount() >= 3, "listed three times");
            assertFalse(lookup.cached("demo", "aws").isEmpty(), "the Secret from the list that worked is cached");
            assertTrue(lookup.find("demo", "aws", Set.of("access_key", "secret_key")).isPresent());
        }
    }
}
