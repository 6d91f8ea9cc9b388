package dev.vaultserver.admission.e2e;

import dev.vaultserver.admission.testing.Await;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One table, one owner, through the real kube-apiserver: many namespaces creating VaultServers on one table at the same
 * instant (with one webhook process deciding, and with two), dry runs, a create refused after the webhooks, a delete, and
 * a webhook restarted between two creates. The claims are Leases in the webhook's namespace (e2e/run.sh).
 */
class TableClaimsE2ETest {

    static final int NAMESPACES = 8;
    static final int ROUNDS = 10;
    static KubernetesClient client;

    @BeforeAll
    static void connect() throws Exception {
        client = E2eWebhooks.connect("e2e-claims");
        for (int i = 0; i < NAMESPACES; i++) {
            E2eWebhooks.namespace(client, "e2e-race-" + i);
        }
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void eightNamespacesCreatingOneTableAtTheSameInstantGiveOneOwner() throws Exception {
        List<Integer> admitted = rounds("one");
        System.out.printf("table claims, one webhook process: admitted per round of %d simultaneous creates: %s%n", NAMESPACES, admitted);
        assertEquals(List.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1), admitted);
    }

    @Test
    void twoWebhookProcessesDecidingTogetherStillGiveOneOwner() throws Exception {
        try (WebhookProcess second = WebhookProcess.start(Map.of())) {
            // A second validating webhook, answered by the second process: the API server calls both in parallel for every write.
            E2eWebhooks.registerValidating(client, "vaultserver-admission-e2e-second", "validate-second.vaultserver-admission.dev", second.base.toString());
            try {
                awaitCalled(second);
                long before = second.reviews("validate");
                List<Integer> admitted = rounds("two");
                long answeredBySecond = second.reviews("validate") - before;
                System.out.printf("table claims, two webhook processes: admitted per round of %d simultaneous creates: %s"
                        + " (the second process answered %d of the %d reviews)%n", NAMESPACES, admitted, answeredBySecond, NAMESPACES * ROUNDS);
                assertEquals(NAMESPACES * ROUNDS, answeredBySecond, "the second process decided every write too");
                assertEquals(List.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1), admitted);
            } finally {
                client.admissionRegistration().v1().validatingWebhookConfigurations().withName("vaultserver-admission-e2e-second").delete();
            }
        }
    }

    /** Each round, every namespace creates a VaultServer on one new table at once; how many were admitted, per round. */
    private static List<Integer> rounds(String label) throws Exception {
        List<String> namespaces = java.util.stream.IntStream.range(0, NAMESPACES).mapToObj(i -> "e2e-race-" + i).toList();
        List<Integer> admitted = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            TableRace.Round result = TableRace.run(client, namespaces, "e2e-race-" + label + "-" + round);
            assertEquals(List.of(), result.unanswered(), "every write is answered, and refused as Forbidden");
            assertEquals(List.of(), result.unnamed(), "every refusal names the holder");
            assertEquals(Math.min(1, result.admitted()), result.namespacesStoring(), "what is stored agrees");
            admitted.add(result.admitted());
        }
        return admitted;
    }

    @Test
    void aDryRunClaimsNothingAndGetsTheSameAnswer() throws Exception {
        E2eWebhooks.namespace(client, "e2e-dry-a");
        E2eWebhooks.namespace(client, "e2e-dry-b");
        new Kubectl("-n", "e2e-dry-a", "create", "--dry-run=server", "-f", "-")
                .input(VaultServerYaml.of("v1alpha2", "vault", "{table: e2e-dry, region: eu-west-1}")).assertOk();
        assertEquals(List.of(), claimsOn("e2e-dry"), "a dry-run create leaves no claim");
        new Kubectl("-n", "e2e-dry-b", "create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "vault", "{table: e2e-dry, region: eu-west-1}")).assertOk();
        assertEquals(1, claimsOn("e2e-dry").size());
        Kubectl dry = new Kubectl("-n", "e2e-dry-a", "create", "--dry-run=server", "-f", "-")
                .input(VaultServerYaml.of("v1alpha2", "vault", "{table: e2e-dry, region: eu-west-1}"));
        assertNotEquals(0, dry.exit);
        assertTrue(dry.stderr.contains("Error from server (Forbidden)") && dry.stderr.contains("is already used by VaultServer e2e-dry-b/vault"), dry.toString());
    }

    @Test
    void aCreateRefusedAfterTheWebhooksFreesItsTableWithinAMinute() throws Exception {
        E2eWebhooks.namespace(client, "e2e-quota");
        E2eWebhooks.namespace(client, "e2e-quota-other");
        ResourceQuota none = client.resourceQuotas().inNamespace("e2e-quota").resource(new ResourceQuotaBuilder().withNewMetadata().withName("no-vaultservers")
                .endMetadata().withNewSpec().addToHard("count/vaultservers.kubevault.com", new io.fabric8.kubernetes.api.model.Quantity("0")).endSpec()
                .build()).createOr(r -> r.update());
        // No controller manager here: the quota's usage is set as the quota controller would.
        none.setStatus(new io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder().addToHard("count/vaultservers.kubevault.com",
                new io.fabric8.kubernetes.api.model.Quantity("0")).addToUsed("count/vaultservers.kubevault.com", new io.fabric8.kubernetes.api.model.Quantity("0")).build());
        client.resourceQuotas().inNamespace("e2e-quota").resource(none).updateStatus();

        Kubectl refused = new Kubectl("-n", "e2e-quota", "create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "vault", "{table: e2e-quota, region: eu-west-1}"));
        assertNotEquals(0, refused.exit);
        assertTrue(refused.stderr.contains("exceeded quota"), "refused by the ResourceQuota, after the webhooks: " + refused);
        assertEquals(1, claimsOn("e2e-quota").size(), "the validating webhook had claimed the table for a write that was never stored");

        double seconds = secondsUntilTaken("e2e-quota-other", "e2e-quota");
        System.out.printf("table claims: the table of a create refused by a ResourceQuota was taken by another namespace %.1f s later%n", seconds);
        assertTrue(seconds <= 60, "freed within 60 s: " + seconds);
    }

    @Test
    void deletingTheHolderFreesTheTable() throws Exception {
        E2eWebhooks.namespace(client, "e2e-del-a");
        E2eWebhooks.namespace(client, "e2e-del-b");
        new Kubectl("-n", "e2e-del-a", "create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "vault", "{table: e2e-del, region: eu-west-1}")).assertOk();
        Kubectl refused = new Kubectl("-n", "e2e-del-b", "create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "vault", "{table: e2e-del, region: eu-west-1}"));
        assertNotEquals(0, refused.exit, refused.toString());
        Thread.sleep(1500); // the webhook's watch sees the create stored
        new Kubectl("-n", "e2e-del-a", "delete", "vaultservers.v1alpha2.kubevault.com", "vault").run().assertOk();
        System.out.printf("table claims: a deleted holder's table was taken by another namespace %.1f s later%n", secondsUntilTaken("e2e-del-b", "e2e-del"));
        assertEquals("e2e-del-b", claimsOn("e2e-del").get(0).getMetadata().getAnnotations().get("vaultserver-admission.dev/holder-namespace"));
    }

    @Test
    void aWebhookRestartedBetweenTwoCreatesStillRefusesTheSecond() throws Exception {
        E2eWebhooks.namespace(client, "e2e-restart-a");
        E2eWebhooks.namespace(client, "e2e-restart-b");
        String url = System.getProperty("e2e.webhookUrl");
        WebhookProcess first = WebhookProcess.start(Map.of());
        try {
            // Only this process decides: the suite's validating webhook is pointed at it for the test.
            E2eWebhooks.registerValidating(client, "vaultserver-admission-e2e", "validate.vaultserver-admission.dev", first.base.toString());
            awaitCalled(first);
            new Kubectl("-n", "e2e-restart-a", "create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "vault", "{table: e2e-restart, region: eu-west-1}"))
                    .assertOk();
            first.kill();
            try (WebhookProcess restarted = WebhookProcess.start(Map.of())) {
                E2eWebhooks.registerValidating(client, "vaultserver-admission-e2e", "validate.vaultserver-admission.dev", restarted.base.toString());
                awaitCalled(restarted);
                Kubectl second = new Kubectl("-n", "e2e-restart-b", "create", "-f", "-")
                        .input(VaultServerYaml.of("v1alpha2", "vault", "{table: e2e-restart, region: eu-west-1}"));
                assertNotEquals(0, second.exit, second.toString());
                assertTrue(second.stderr.contains("is already used by VaultServer e2e-restart-a/vault"), second.toString());
            }
        } finally {
            first.kill();
            E2eWebhooks.registerValidating(client, "vaultserver-admission-e2e", "validate.vaultserver-admission.dev", url);
            awaitCalledAt(url);
        }
    }

    /** Creates a VaultServer on the table in the namespace, again every half second until it is admitted (at most 70 s); how long that took. */
    private static double secondsUntilTaken(String namespace, String table) throws InterruptedException {
        long started = System.nanoTime();
        Kubectl taken;
        do {
            Thread.sleep(500);
            taken = new Kubectl("-n", namespace, "create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "vault", "{table: " + table + ", region: eu-west-1}"));
        } while (taken.exit != 0 && System.nanoTime() - started < Duration.ofSeconds(70).toNanos());
        taken.assertOk();
        return (System.nanoTime() - started) / 1e9;
    }

    /** Waits until the API server sends this process reviews (it picks webhook configurations up asynchronously). */
    private static void awaitCalled(WebhookProcess process) throws Exception {
        long before = process.reviews("validate");
        Await.untilTrue("the API server calls " + process.base, Duration.ofSeconds(30), Duration.ofMillis(300), () -> {
            new Kubectl("-n", "e2e-claims", "create", "--dry-run=server", "-f", "-").input(VaultServerYaml.of("v1alpha2", "probe", "{}"));
            return process.reviews("validate") != before;
        });
    }

    /** Waits until a bad object is refused again (the suite's own webhook answers). */
    private static void awaitCalledAt(String url) throws Exception {
        Await.until("the API server calls " + url + " again", Duration.ofSeconds(30), Duration.ofMillis(300),
                () -> new Kubectl("-n", "e2e-claims", "create", "--dry-run=server", "-f", "-").input(VaultServerYaml.of("v1alpha2", "probe", "{readCapacity: -1}")),
                probe -> probe.stderr.contains("readCapacity: Invalid value: -1"));
    }

    private static List<Lease> claimsOn(String table) {
        return client.leases().inNamespace(E2eWebhooks.CLAIMS_NAMESPACE).list().getItems().stream()
                .filter(l -> l.getMetadata().getAnnotations() != null && table.equals(l.getMetadata().getAnnotations().get("vaultserver-admission.dev/table")))
                .toList();
    }

}
