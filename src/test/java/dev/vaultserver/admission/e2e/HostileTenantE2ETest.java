package dev.vaultserver.admission.e2e;

import dev.vaultserver.admission.testing.Await;
import dev.vaultserver.admission.testing.Tls;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What a hostile tenant tries through the real kube-apiserver, and what it gets: nowhere. */
class HostileTenantE2ETest {

    static final String NS = "e2e-hostile";
    static KubernetesClient client;

    @BeforeAll
    static void connect() throws Exception {
        client = E2eWebhooks.connect(NS);
        E2eWebhooks.namespace(client, "e2e-victim");
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aVaultServerBeingDeletedCannotBePatchedOntoAnotherTenantsTableOrOutOfRange() {
        new Kubectl("-n", "e2e-victim", "create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "vault", "{table: e2e-victim-table, region: eu-west-1}"))
                .assertOk();
        new Kubectl("-n", NS, "create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "held", "{table: e2e-hostile-table, region: eu-west-1}")
                .replace("  name: held\n", "  name: held\n  finalizers: [example.com/hold]\n")).assertOk();
        new Kubectl("-n", NS, "delete", "vaultservers.v1alpha2.kubevault.com", "held", "--wait=false").run().assertOk();

        Kubectl patched = new Kubectl("-n", NS, "patch", "vaultservers.v1alpha2.kubevault.com", "held", "--type=merge", "-p",
                "{\"spec\":{\"backend\":{\"dynamodb\":{\"table\":\"e2e-victim-table\",\"readCapacity\":-5}}}}").run();
        assertNotEquals(0, patched.exit, patched.toString());
        assertTrue(patched.stderr.contains("spec.backend.dynamodb.readCapacity: Invalid value: -5"), patched.toString());
        assertTrue(patched.stderr.contains("spec.backend.dynamodb.table: Forbidden: field is immutable while the VaultServer is being deleted"),
                patched.toString());

        // Annotated for a deliberate move, still no: a VaultServer being deleted moves nowhere.
        Kubectl annotated = new Kubectl("-n", NS, "patch", "vaultservers.v1alpha2.kubevault.com", "held", "--type=merge", "-p",
                "{\"metadata\":{\"annotations\":{\"vaultserver-admission.dev/allow-backend-change\":\"true\"}},"
                        + "\"spec\":{\"backend\":{\"dynamodb\":{\"table\":\"e2e-victim-table\"}}}}").run();
        assertNotEquals(0, annotated.exit, annotated.toString());

        // The rightful owner is not locked out, and the finalizer can always be removed.
        new Kubectl("-n", "e2e-victim", "patch", "vaultservers.v1alpha2.kubevault.com", "vault", "--type=merge", "-p",
                "{\"spec\":{\"backend\":{\"dynamodb\":{\"maxParallel\":64}}}}").run().assertOk();
        new Kubectl("-n", NS, "patch", "vaultservers.v1alpha2.kubevault.com", "held", "--type=merge", "-p",
                "{\"metadata\":{\"finalizers\":null}}").run().assertOk();
        assertNull(client.genericKubernetesResources("kubevault.com/v1alpha2", "VaultServer").inNamespace(NS).withName("held").get(), "gone");
    }

    @Test
    void anEndpointOfThreeThousandLabelsIsDeniedCleanlyUnderFailAndIgnore() throws Exception {
        String endpoint = "https://" + "a.".repeat(3000) + "example";
        for (String failurePolicy : new String[] {"Fail", "Ignore"}) {
            setValidatingFailurePolicy(failurePolicy);
            Kubectl refused = new Kubectl("-n", NS, "create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "long-" + failurePolicy.toLowerCase(),
                    "{endpoint: '" + endpoint + "'}"));
            assertNotEquals(0, refused.exit, refused.toString());
            assertTrue(refused.stderr.contains("spec.backend.dynamodb.endpoint: Invalid value: \"https://a.a.a."), refused.toString());
            assertTrue(refused.stderr.contains("must be at most 2048 characters (it has 6015)"), refused.toString());
            assertFalse(refused.stderr.contains("failed calling webhook"), refused.toString());
            assertTrue(refused.stderr.length() < 2000, "a bounded answer: " + refused.stderr.length() + " characters");
            assertNull(client.genericKubernetesResources("kubevault.com/v1alpha2", "VaultServer").inNamespace(NS)
                    .withName("long-" + failurePolicy.toLowerCase()).get(), "not created under " + failurePolicy);
        }
        setValidatingFailurePolicy("Fail");
    }

    private static void setValidatingFailurePolicy(String failurePolicy) throws Exception {
        client.admissionRegistration().v1().validatingWebhookConfigurations().withName("vaultserver-admission-e2e")
                .edit(c -> {
                    c.getWebhooks().forEach(w -> w.setFailurePolicy(failurePolicy));
                    return c;
                });
        Thread.sleep(1500); // the API server picks webhook configurations up asynchronously
    }

    @Test
    void aDeletedPolicyFileLeavesThePolicyEnforcedAndTheWebhookReady() throws Exception {
        Path policy = Path.of(System.getProperty("e2e.policyFile"));
        String inForce = Files.readString(policy);
        Files.writeString(policy.resolveSibling("policy.tmp"), "rules:\n- name: eu-only\n  namespaceSelector: {matchLabels: {e2e-hostile: \"true\"}}\n"
                + "  allowedRegions: [eu-west-1]\n");
        Files.move(policy.resolveSibling("policy.tmp"), policy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        client.namespaces().withName(NS).edit(n -> {
            n.getMetadata().setLabels(new java.util.HashMap<>(n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels()));
            n.getMetadata().getLabels().put("e2e-hostile", "true");
            return n;
        });
        try {
            String offPolicy = VaultServerYaml.of("v1alpha2", "us", "{table: e2e-hostile-us, region: us-west-2}");
            awaitRefusal(offPolicy);
            long refusedBefore = metric("vaultserver_admission_policy_refused_loads_total");
            Files.delete(policy);
            Kubectl refused = new Kubectl("-n", NS, "create", "--dry-run=server", "-f", "-").input(offPolicy);
            assertTrue(refused.stderr.contains("(tenant policy rule \"eu-only\")"), "the policy stays enforced: " + refused);
            assertEquals(200, status("/q/health/ready"), "ready: the last good policy is in force");
            assertEquals(refusedBefore + 1, metric("vaultserver_admission_policy_refused_loads_total"), "the missing file is a counted refusal");
        } finally {
            Files.writeString(policy, inForce);
            client.namespaces().withName(NS).edit(n -> {
                n.getMetadata().getLabels().remove("e2e-hostile");
                return n;
            });
        }
    }

    @Test
    void aConfiguredPolicyFileMissingAtStartKeepsTheWebhookNotReady() throws Exception {
        Path missing = Files.createTempDirectory("policy").resolve("policy.yaml");
        try (WebhookProcess started = WebhookProcess.launch(Map.of("VAULTSERVER_ADMISSION_POLICY_FILE", missing.toString(),
                "VAULTSERVER_ADMISSION_POLICY_REQUIRED", "true"))) {
            Await.untilTrue("the refusal is logged in " + started.log, Duration.ofSeconds(60), Duration.ofMillis(200),
                    () -> Files.readString(started.log).contains("the file is missing"));
            Thread.sleep(3000);
            assertEquals(503, started.status("/q/health/ready"), "not ready while the configured policy is missing");
            Files.writeString(missing, "rules: []");
            started.awaitReady(Duration.ofSeconds(30));
        }
    }

    private static void awaitRefusal(String yaml) {
        Await.until("the policy is enforced", Duration.ofSeconds(20), Duration.ofMillis(300),
                () -> new Kubectl("-n", NS, "create", "--dry-run=server", "-f", "-").input(yaml),
                probe -> probe.stderr.contains("(tenant policy rule \"eu-only\")"));
    }

    private static int status(String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(Tls.trusting(Path.of(System.getProperty("e2e.caFile")))).build();
        return http.send(HttpRequest.newBuilder(URI.create(System.getProperty("e2e.webhookUrl") + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static long metric(String name) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(Tls.trusting(Path.of(System.getProperty("e2e.caFile")))).build();
        String metrics = http.send(HttpRequest.newBuilder(URI.create(System.getProperty("e2e.webhookUrl") + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
