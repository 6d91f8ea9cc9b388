package dev.vaultserver.admission.e2e.cluster;

import dev.vaultserver.admission.testing.Await;
import dev.vaultserver.admission.testing.SharedReference;
import dev.vaultserver.admission.testing.Tls;
import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.UpgradeCommand;
import dev.vaultserver.admission.e2e.AdmissionScenarios;
import dev.vaultserver.admission.e2e.AuditReports;
import dev.vaultserver.admission.e2e.Kubectl;
import dev.vaultserver.admission.e2e.TableRace;
import dev.vaultserver.admission.e2e.VaultServerYaml;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The chart and the image in a real single-node cluster (e2e/cluster/run.sh starts it, builds the image
 * and imports it into the node): `helm install` with the chart's default values but the image, then the
 * API server reaching the webhook through the chart's Service, with only the chart's RBAC in the Pods.
 * The tests run in order: each step leaves the release as the next one expects it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InClusterTest {

    static final String RELEASE = "vsa";
    static final String RELEASE_NS = "vault-system";
    static final String FULLNAME = "vsa-vaultserver-admission";
    static final String SELECTOR = "app.kubernetes.io/instance=" + RELEASE;
    static final String NS = "team-a";
    static final String SUITE_LABEL = "e2e.vaultserver-admission.dev/suite";
    /** Where the periodic audit's Reports are watched. */
    static final String AUDITED = "audited";
    /** Namespaces that race each other for one table. */
    static final List<String> RACERS = java.util.stream.IntStream.range(0, 8).mapToObj(i -> "race-" + i).toList();

    static KubernetesClient client;
    static Path kubeconfig;
    static Path chart;
    static Node node;
    static String tlsCertificateAtInstall;
    static Set<String> podUidsAtInstall;

    @BeforeAll
    static void install() throws Exception {
        kubeconfig = Path.of(System.getProperty("cluster.kubeconfig"));
        chart = Path.of(System.getProperty("cluster.chart"));
        node = new Node(System.getProperty("cluster.containerdSocket"));
        client = new KubernetesClientBuilder().build();
        // v1.20 does not label namespaces with their name; newer API servers do, and the chart's
        // namespaceSelector relies on it: label them as those would.
        for (String ns : List.of("default", "kube-system", RELEASE_NS, NS, "team-b", "tenant-a", "avail", "closed", "latency", AUDITED)) {
            namespace(ns, Map.of());
        }
        RACERS.forEach(ns -> namespace(ns, Map.of()));
        namespace("tenant-a", Map.of("vaultserver-admission.dev/tenant", "true"));

        // The OpenReports CRDs, as a cluster has them from their own chart (this chart does not ship them).
        kubectl("apply", "-f", SharedReference.openReportsCrd().toString()).run().assertOk();
        String image = System.getProperty("cluster.image");
        long started = System.nanoTime();
        helmInstall(image);
        System.out.printf("cluster: helm install %s with image %s: Ready in %.1f s%n", chart, image, seconds(started));
        waitUntil(Duration.ofSeconds(60), "the webhook refuses a bad VaultServer", () ->
                kubectl("-n", NS, "create", "--dry-run=server", "-f", "-")
                        .input(vaultServer("v1alpha2", "probe", "{readCapacity: -1}")).stderr.contains("readCapacity: Invalid value: -1"));
        tlsCertificateAtInstall = tlsSecret(FULLNAME + "-tls");
        podUidsAtInstall = podUids();
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    // ---------------------------------------------------------------- the Pods

    @Test
    @Order(1)
    void podsAreReadyUnderTheChartsSecurityContextWithOnlyTheChartsRbac() throws Exception {
        List<Pod> pods = webhookPods();
        assertEquals(2, pods.size(), "the chart's two replicas");
        for (Pod pod : pods) {
            assertTrue(ready(pod), pod.getMetadata().getName() + " is Ready");
            var container = pod.getSpec().getContainers().get(0);
            assertEquals(185L, pod.getSpec().getSecurityContext().getRunAsUser());
            assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
            assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());
            assertTrue(container.getEnv().stream().noneMatch(e -> e.getName().equals("KUBECONFIG")), "no kubeconfig in the Pod");
            // Readiness waited for the watch-backed caches and the certificate.
            String health = viaApiServer(pod, "/q/health/ready");
            for (String check : List.of("\"secrets\": true", "\"namespaces\": true", "\"vaultservers\": true", "\"claims\": true",
                    "\"certificate\": true")) {
                assertTrue(health.contains(check), check + " in readiness: " + health);
            }
            assertTrue(health.contains("\"status\": \"UP\""), health);
            // The serving key, as the container sees it: the chart asks 0400, the kubelet adds group read for the fsGroup.
            Path key = Path.of("/proc/" + node.pid(pod) + "/root/etc/webhook/certs/tls.key");
            assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("r--r-----"), Files.getPosixFilePermissions(key), key.toString());
            assertEquals(185, Files.getAttribute(key, "unix:gid"), "readable by the Pod's group only");
        }
        // The ServiceAccount holds the chart's RBAC and nothing more.
        String sa = "system:serviceaccount:" + RELEASE_NS + ":" + FULLNAME;
        for (String allowed : List.of("list secrets", "watch namespaces", "get vaultservers.kubevault.com")) {
            assertEquals("yes", canI(sa, allowed), allowed);
        }
        for (String refused : List.of("create secrets", "update vaultservers.kubevault.com", "delete pods", "list configmaps", "create leases")) {
            assertEquals("no", canI(sa, refused), refused);
        }
        // Its only writes: the table claims, Leases in the release's namespace.
        for (String verb : List.of("get", "list", "watch", "create", "update", "delete")) {
            assertEquals("yes", kubectl("auth", "can-i", "--as=" + sa, "-n", RELEASE_NS, verb, "leases.coordination.k8s.io").run().stdout.trim(), verb);
        }
        assertEquals("no", kubectl("auth", "can-i", "--as=" + sa, "-n", NS, "create", "leases.coordination.k8s.io").run().stdout.trim());
    }

    @Test
    @Order(2)
    void theChartsJvmOptionsReachTheJvm() {
        Pod pod = webhookPods().get(0);
        // The java launcher itself reads JDK_JAVA_OPTIONS and says so on its first line.
        String log = kubectl("-n", RELEASE_NS, "logs", pod.getMetadata().getName(), "-c", "webhook").run().stdout;
        assertTrue(log.contains("Picked up JDK_JAVA_OPTIONS") && log.contains("-XX:MaxRAMPercentage=50"), log.lines().limit(3).toList().toString());
        // And the heap is 50 % of the 192 Mi limit (the JVM's own default would be 25 %; the serial GC reports one
        // survivor space less).
        double heapMiB = metricSum(viaApiServer(pod, "/q/metrics"), "jvm_memory_max_bytes", "area=\"heap\"") / 1024 / 1024;
        assertTrue(heapMiB > 192 * 0.45 && heapMiB <= 192 * 0.51, "max heap " + heapMiB + " MiB");
        System.out.printf("cluster: max heap %.0f MiB of a 192 MiB limit%n", heapMiB);
    }

    @Test
    @Order(3)
    void theImagesSbomNamesItsDebianPackagesAndItsJdk() throws IOException {
        String image = System.getProperty("cluster.image");
        Path sbom = Path.of("target/image/vaultserver-admission-" + image.substring(image.lastIndexOf(':') + 1) + ".amd64.cdx.json");
        List<String> purls = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(sbom.toFile()).path("components")
                .forEach(c -> purls.add(c.path("purl").asText("")));
        assertTrue(purls.stream().anyMatch(p -> p.startsWith("pkg:deb/debian/libc6@")), "the base's C library: " + sbom);
        assertTrue(purls.stream().anyMatch(p -> p.startsWith("pkg:deb/debian/openjdk-17-jre-headless@")), "the JDK the runtime is linked from");
        assertTrue(purls.stream().anyMatch(p -> p.startsWith("pkg:maven/io.quarkus/quarkus-core@")), "the jars");
        System.out.printf("cluster: the image's SBOM has %d components%n", purls.size());
    }

    // ---------------------------------------------------------------- the rules, through the Service

    @Test
    @Order(10)
    void aCreateIsDefaultedAndADenialNamesTheField() {
        scenarios().aCreateIsDefaultedAndADenialNamesTheField();
    }

    @Test
    @Order(11)
    void aMissingSecretIsRefusedUntilTheSecretExists() {
        scenarios().aMissingSecretIsRefusedUntilTheSecretExists("aws-creds");
    }

    @Test
    @Order(12)
    void warningsReachKubectlAndAServerDryRunStoresNothing() {
        scenarios().warningsReachKubectlAndAServerDryRunStoresNothing();
    }

    @Test
    @Order(13)
    void v1alpha1IsCheckedAndDefaultedToo() {
        scenarios().v1alpha1IsCheckedAndDefaultedToo();
    }

    @Test
    @Order(14)
    void anUpdateIsCheckedAndDefaultedAndMayNotMoveTheTable() {
        scenarios().anUpdateIsCheckedAndDefaultedAndMayNotMoveTheTable();
    }

    /** What the API-server suite checks too (written once in AdmissionScenarios), here through the chart's Service. */
    private static AdmissionScenarios scenarios() {
        return new AdmissionScenarios(client, NS, NS);
    }

    @Test
    @Order(15)
    void aTableUsedInAnotherNamespaceIsRefused() {
        KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> vaultServers("v1alpha2", "team-b")
                .resource(resource(client, vaultServer("v1alpha2", "thief", "{table: team-a-one, region: eu-west-1}"))).create());
        assertEquals(403, e.getCode(), e.getMessage());
        assertTrue(e.getMessage().contains("already used by VaultServer team-a/defaulted"), e.getMessage());
    }

    @Test
    @Order(16)
    void eightNamespacesCreatingOneTableAtOnceThroughTheServiceGiveOneOwner() throws Exception {
        List<Integer> admitted = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            admitted.add(race("race-service-" + round).admitted());
        }
        System.out.printf("cluster: table claims through the Service, two replicas: admitted per round of 8 simultaneous creates: %s%n", admitted);
        assertEquals(List.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1), admitted);
    }

    /** One race of the eight namespaces for a new table: every write answered, one owner, the refusals naming it. */
    private static TableRace.Round race(String table) throws Exception {
        TableRace.Round round = TableRace.run(client, RACERS, table);
        assertEquals(List.of(), round.unanswered(), "every write is answered by the webhooks' decision");
        assertEquals(List.of(), round.unnamed(), "every refusal names the holder");
        assertEquals(1, round.namespacesStoring(), "one namespace stores the table");
        return round;
    }

    @Test
    @Order(17)
    void aNamespaceHoldingADoNotTerminateVaultServerStaysTerminatingUntilThePolicyChanges() throws Exception {
        namespace("guarded", Map.of());
        kubectl("-n", "guarded", "create", "-f", "-").input(vaultServer("v1alpha2", "kept", "{table: guarded-kept, region: eu-west-1}")
                .replace("  replicas: 1\n", "  replicas: 1\n  terminationPolicy: DoNotTerminate\n")).assertOk();
        kubectl("delete", "namespace", "guarded", "--wait=false").run().assertOk();
        Thread.sleep(20_000);
        Namespace terminating = client.namespaces().withName("guarded").get();
        assertEquals("Terminating", terminating.getStatus().getPhase());
        assertTrue(vaultServers("v1alpha2", "guarded").withName("kept").get() != null, "the VaultServer is intact");
        String why = terminating.getStatus().getConditions() == null ? "" : terminating.getStatus().getConditions().stream()
                .filter(c -> "True".equals(c.getStatus())).map(c -> c.getType() + ": " + c.getMessage()).collect(Collectors.joining("; "));
        System.out.printf("cluster: namespace guarded after 20 s: %s, the VaultServer intact; its conditions: %s%n",
                terminating.getStatus().getPhase(), why);

        kubectl("-n", "guarded", "patch", "vaultservers.v1alpha2.kubevault.com", "kept", "--type=merge",
                "-p", "{\"spec\":{\"terminationPolicy\":\"Delete\"}}").run().assertOk();
        long patched = System.nanoTime();
        waitUntil(Duration.ofSeconds(240), "the namespace goes once the policy allows it", () -> client.namespaces().withName("guarded").get() == null);
        System.out.printf("cluster: namespace guarded gone %.1f s after the policy was patched to Delete%n", seconds(patched));
    }

    // ---------------------------------------------------------------- tenant policy through helm upgrade

    @Test
    @Order(20)
    void aTenantPolicyGivenInTheValuesIsSeenByTheRunningPodsWithoutARestart() throws Exception {
        String inEuOnly = """
                tenantPolicy:
                  rules:
                    - name: tenants
                      enforcement: deny
                      namespaceSelector: {matchLabels: {vaultserver-admission.dev/tenant: "true"}}
                      allowedRegions: [eu-west-1]
                """;
        long started = System.nanoTime();
        helmUpgrade(values(inEuOnly));
        String yaml = vaultServer("v1alpha2", "tenant", "{table: tenant-a-one, region: us-east-1}");
        waitUntil(Duration.ofSeconds(120), "the policy refuses us-east-1", () -> {
            Kubectl result = kubectl("-n", "tenant-a", "create", "--dry-run=server", "-f", "-").input(yaml);
            return result.stderr.contains("Error from server (Forbidden)") && result.stderr.contains("(tenant policy rule \"tenants\")");
        });
        System.out.printf("cluster: a new tenant policy enforced %.1f s after helm upgrade%n", seconds(started));

        started = System.nanoTime();
        helmUpgrade(values(inEuOnly.replace("enforcement: deny", "enforcement: warn")));
        waitUntil(Duration.ofSeconds(120), "the changed policy only warns", () -> {
            Kubectl result = kubectl("-n", "tenant-a", "create", "--dry-run=server", "-f", "-").input(yaml);
            return result.exit == 0 && result.stderr.contains("Warning: ") && result.stderr.contains("(tenant policy rule \"tenants\", enforcement: warn)");
        });
        System.out.printf("cluster: the changed policy enforced %.1f s after helm upgrade%n", seconds(started));
        assertEquals(podUidsAtInstall, podUids(), "the same Pods, not restarted");
        assertTrue(webhookPods().stream().allMatch(p -> p.getStatus().getContainerStatuses().get(0).getRestartCount() == 0));
    }

    // ---------------------------------------------------------------- availability

    @Test
    @Order(30)
    void everyWriteIsAnsweredWhileAPodIsDeleted() throws Exception {
        everyWriteIsAnsweredDuring("a Pod deletion", () -> {
            Pod victim = webhookPods().get(0);
            client.resource(victim).delete();
            waitForTwoReadyPodsWithout(victim);
        });
    }

    @Test
    @Order(31)
    void everyWriteIsAnsweredWhileHelmUpgradeRollsTheDeployment() throws Exception {
        everyWriteIsAnsweredDuring("a helm upgrade rollout", () -> {
            Set<String> before = podUids();
            helmUpgrade(values("podAnnotations: {rolled: \"" + System.nanoTime() + "\"}"));
            waitUntil(Duration.ofSeconds(120), "the rollout replaced both Pods", () ->
                    Collections.disjoint(before, podUids()) && webhookPods().size() == 2 && webhookPods().stream().allMatch(InClusterTest::ready));
        });
    }

    @Test
    @Order(33)
    void tablesRacedForDuringARollingUpgradeStillGetOneOwner() throws Exception {
        Set<String> before = podUids();
        java.util.concurrent.atomic.AtomicBoolean rolling = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread upgrade = new Thread(() -> {
            try {
                helmUpgrade(values("podAnnotations: {rolled: \"" + System.nanoTime() + "\"}"));
                waitUntil(Duration.ofSeconds(180), "the rollout replaced both Pods", () ->
                        Collections.disjoint(before, podUids()) && webhookPods().size() == 2 && webhookPods().stream().allMatch(InClusterTest::ready));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                rolling.set(false);
            }
        });
        upgrade.start();
        List<Integer> admitted = new ArrayList<>();
        for (int round = 0; rolling.get() || round < 3; round++) {
            admitted.add(race("race-rollout-" + round).admitted());
        }
        upgrade.join();
        System.out.printf("cluster: table claims during a rolling upgrade: admitted per round of 8 simultaneous creates: %s%n", admitted);
        assertTrue(Collections.disjoint(before, podUids()), "the rollout happened while the rounds ran");
        assertTrue(admitted.stream().allMatch(n -> n == 1), admitted.toString());
    }

    @Test
    @Order(32)
    void everyWriteIsAnsweredWhileOneContainerIsKilled() throws Exception {
        everyWriteIsAnsweredDuring("a SIGKILL of one container", () -> {
            // The worst case: the Pod the API server sends its reviews to, over the connection it holds.
            Pod victim = webhookPods().stream().max(java.util.Comparator.comparingLong(p -> Node.apiServerConnections(p.getStatus().getPodIP()))).orElseThrow();
            System.out.printf("cluster: killing %s, which holds %d of the API server's connections%n", victim.getMetadata().getName(),
                    Node.apiServerConnections(victim.getStatus().getPodIP()));
            int restarts = victim.getStatus().getContainerStatuses().get(0).getRestartCount();
            node.kill(victim);
            waitUntil(Duration.ofSeconds(120), "the killed container restarted and is Ready", () -> {
                Pod now = client.pods().inNamespace(RELEASE_NS).withName(victim.getMetadata().getName()).get();
                return now.getStatus().getContainerStatuses().get(0).getRestartCount() > restarts && ready(now);
            });
        });
    }

    /** A writer runs from 2 s before the disruption to 3 s after it is over; every write must be answered. */
    private static void everyWriteIsAnsweredDuring(String disruption, Disruption disrupt) throws Exception {
        Writer writer = new Writer(client, "avail", "{table: avail-one, region: eu-west-1}");
        Thread.sleep(2000);
        disrupt.run();
        Thread.sleep(3000);
        writer.report(disruption);
        assertTrue(writer.attempted() > 50, "the writer kept writing: " + writer.attempted());
        assertEquals(List.of(), writer.failures());
    }

    private interface Disruption {
        void run() throws Exception;
    }

    // ---------------------------------------------------------------- measured

    @Test
    @Order(40)
    void startToReadyMemoryAndCreateLatencyAreMeasured() throws Exception {
        // Start to ready: a replacement Pod's JVM, from its process start to readiness answering 200.
        Pod victim = webhookPods().get(0);
        client.resource(victim).delete();
        Pod replacement = waitForPod(p -> !p.getMetadata().getUid().equals(victim.getMetadata().getUid())
                && p.getStatus().getPodIP() != null && p.getStatus().getContainerStatuses() != null
                && !p.getStatus().getContainerStatuses().isEmpty() && p.getStatus().getContainerStatuses().get(0).getState().getRunning() != null);
        long readyAt = pollUntilReady(replacement.getStatus().getPodIP());
        // The JVM's own start time (process_start_time_seconds), on the same clock as this test's.
        double startedAt = metricSum(viaApiServer(replacement, "/q/metrics"), "process_start_time_seconds", "") * 1000;
        System.out.printf("cluster: JVM start to this test's first 200 from /q/health/ready: %.2f s (includes the kubelet reporting the Pod's"
                + " address; last not-ready answer before it: %s)%n", (readyAt - startedAt) / 1000.0, lastNotReady.isEmpty() ? "none" : lastNotReady);
        // What the new Pod waited for, if anything (a cache that could not list at first, and why).
        kubectl("-n", RELEASE_NS, "logs", replacement.getMetadata().getName(), "-c", "webhook").run().stdout.lines()
                .filter(l -> l.contains("could not") || l.contains("started in")).limit(5)
                .forEach(l -> System.out.println("cluster:   " + l));
        waitForTwoReadyPodsWithout(victim);
        // The kubelet's own view, on the node's clock: the container's start to the Pod's Ready condition (probed every 5 s,
        // both to the second).
        Pod ready = client.pods().inNamespace(RELEASE_NS).withName(replacement.getMetadata().getName()).get();
        java.time.Instant containerStarted = java.time.Instant.parse(ready.getStatus().getContainerStatuses().get(0).getState().getRunning().getStartedAt());
        java.time.Instant readyCondition = java.time.Instant.parse(ready.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow().getLastTransitionTime());
        System.out.printf("cluster: container start to ready: %d s (the kubelet's container start to the Pod's Ready condition;"
                + " readiness probed every 5 s)%n", java.time.Duration.between(containerStarted, readyCondition).toSeconds());
        Thread.sleep(10_000);
        for (Pod pod : webhookPods()) {
            System.out.printf("cluster: RSS idle %s: %.0f MiB%n", pod.getMetadata().getName(), Node.rssMiB(node.pid(pod)));
        }
        List<Double> withWebhook = createLatencies("latency", "with");
        for (Pod pod : webhookPods()) {
            System.out.printf("cluster: RSS after %d creates %s: %.0f MiB%n", withWebhook.size(), pod.getMetadata().getName(), Node.rssMiB(node.pid(pod)));
        }
        System.out.printf("cluster: create latency with the webhooks: p50 %.1f ms, p99 %.1f ms (%d creates, one keep-alive client)%n",
                percentile(withWebhook, 50), percentile(withWebhook, 99), withWebhook.size());
    }

    // ---------------------------------------------------------------- the periodic audit and its OpenReports

    @Test
    @Order(45)
    void thePeriodicAuditWritesReportsFromOneReplicaAndAnotherTakesOverWhenItsPodIsGone() throws Exception {
        secret(AUDITED, "creds");
        secret(AUDITED, "short-lived");
        kubectl("-n", AUDITED, "create", "-f", "-").input(vaultServer("v1alpha2", "clean",
                "{table: audited-clean, region: eu-west-1, credentialSecretRef: {name: creds}}")).assertOk();
        kubectl("-n", AUDITED, "create", "-f", "-").input(vaultServer("v1alpha2", "orphaned",
                "{table: audited-orphaned, region: eu-west-1, credentialSecretRef: {name: short-lived}}")).assertOk();
        client.secrets().inNamespace(AUDITED).withName("short-lived").delete();

        long upgraded = System.nanoTime();
        helmUpgrade(values("audit: {enabled: true, interval: 5s}\nreports: {enabled: true}\n"));
        JsonNode report = Await.until("the audit's Report shows the orphaned VaultServer failing", Duration.ofSeconds(90), Duration.ofSeconds(1),
                () -> auditReport(AUDITED), r -> r != null && auditResults(r, "orphaned").equals(List.of("fail credentials.secret")));
        System.out.printf("cluster: a Report in %s %.1f s after helm upgrade turned the audit on: clean %s, orphaned %s%n", AUDITED, seconds(upgraded),
                auditResults(report, "clean"), auditResults(report, "orphaned"));
        assertEquals(List.of("pass vaultserver-admission"), auditResults(report, "clean"));
        assertEquals(get("v1alpha2", AUDITED, "orphaned").getMetadata().getUid(), report.path("results").get(0).path("resources").get(0).path("uid").asText());
        System.out.println("cluster: kubectl get reports -A\n" + kubectl("get", "reports", "-A").run().stdout.indent(4));
        System.out.println("cluster: kubectl get report -n " + AUDITED + " vaultserver-admission -o yaml\n"
                + kubectl("-n", AUDITED, "get", "report", "vaultserver-admission", "-o", "yaml").run().stdout.indent(4));

        // One replica audits: the Lease's holder, and it alone says so.
        String leader = auditLeader();
        List<Pod> pods = webhookPods();
        assertEquals(2, pods.size());
        for (Pod pod : pods) {
            double leads = metricSum(viaApiServer(pod, "/q/metrics"), "vaultserver_admission_audit_leader", "");
            assertEquals(pod.getMetadata().getName().equals(leader) ? 1.0 : 0.0, leads, pod.getMetadata().getName() + " (the Lease names " + leader + ")");
        }

        // Fixed: the failure drops out at the next run.
        secret(AUDITED, "short-lived");
        long fixed = System.nanoTime();
        Await.until("the fixed VaultServer passes in the Report", Duration.ofSeconds(60), Duration.ofSeconds(1),
                () -> auditReport(AUDITED), r -> r != null && auditResults(r, "orphaned").equals(List.of("pass vaultserver-admission")));
        System.out.printf("cluster: the fixed VaultServer's failure gone from the Report %.1f s after its Secret came back%n", seconds(fixed));

        // The leader's Pod is gone: the other replica takes the Lease and audits.
        Pod leaderPod = pods.stream().filter(p -> p.getMetadata().getName().equals(leader)).findFirst().orElseThrow();
        long deleted = System.nanoTime();
        long deletedAtSecond = java.time.Instant.now().getEpochSecond();
        client.resource(leaderPod).delete();
        String next = Await.until("another replica holds the audit's Lease", Duration.ofSeconds(60), Duration.ofMillis(250),
                InClusterTest::auditLeader, holder -> holder != null && !holder.equals(leader));
        double tookLease = seconds(deleted);
        Await.until("a Report written by the new leader", Duration.ofSeconds(60), Duration.ofMillis(500),
                () -> auditReport(AUDITED), r -> r != null && r.path("results").get(0).path("timestamp").path("seconds").asLong() > deletedAtSecond);
        double reported = seconds(deleted);
        System.out.printf("cluster: leader %s deleted; %s held the Lease after %.1f s and wrote the Report after %.1f s (limit 30 s + the 5 s interval)%n",
                leader, next, tookLease, reported);
        assertTrue(reported <= 35, "taken over within 30 s + the interval: " + reported + " s");
        waitForTwoReadyPodsWithout(leaderPod);
    }

    private static void secret(String namespace, String name) {
        client.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withStringData(Map.of("access_key", "CANARY-CLUSTER-AUDIT-A", "secret_key", "CANARY-CLUSTER-AUDIT-S")).build()).createOr(r -> r.update());
    }

    private static JsonNode auditReport(String namespace) {
        return AuditReports.of(client, namespace);
    }

    private static List<String> auditResults(JsonNode report, String vaultServer) {
        return AuditReports.results(report, vaultServer);
    }

    /** The Pod that holds the audit's Lease (its identity is the Pod's name and a random suffix), or {@code null}. */
    private static String auditLeader() {
        var lease = client.leases().inNamespace(RELEASE_NS).withName("vaultserver-admission-audit").get();
        String holder = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
        return holder == null || holder.isEmpty() ? null : holder.substring(0, holder.lastIndexOf('_'));
    }

    // ---------------------------------------------------------------- doctor

    @Test
    @Order(47)
    void doctorFindsACleanInstallationCleanAndEachFaultByItsId() throws Exception {
        Doctor clean = doctor("text");
        System.out.println("cluster: doctor on the chart's install -> exit " + clean.exit + "\n" + clean.out.indent(4));
        assertEquals(0, clean.exit, clean.out + clean.err);
        JsonNode cleanReport = doctor("json").json();
        assertEquals("[]", cleanReport.path("findings").toString(), "no finding, not even a warning");
        assertTrue(cleanReport.path("summary").path("checks").asInt() >= 19, cleanReport.toString());

        // The webhook configuration is changed with fabric8: kubectl 1.20's JSON patch leaves a caBundle as it was.
        var webhook = client.admissionRegistration().v1().validatingWebhookConfigurations().withName(FULLNAME);
        String caBundle = webhook.get().getWebhooks().get(0).getClientConfig().getCaBundle();
        Path other = Files.createTempDirectory("other-ca");
        generateCertificate(other, FULLNAME + "." + RELEASE_NS + ".svc");
        String otherCa = Base64.getEncoder().encodeToString(Files.readAllBytes(other.resolve("ca.crt")));

        fault("a caBundle replaced by another CA's", "tls.ca-bundle",
                () -> webhook.edit(c -> {
                    c.getWebhooks().get(0).getClientConfig().setCaBundle(otherCa);
                    return c;
                }),
                () -> webhook.edit(c -> {
                    c.getWebhooks().get(0).getClientConfig().setCaBundle(caBundle);
                    return c;
                }));
        fault("the Deployment scaled to 0", "availability.replicas",
                () -> {
                    kubectl("-n", RELEASE_NS, "scale", "deployment/" + FULLNAME, "--replicas=0").run().assertOk();
                    waitUntil(Duration.ofSeconds(90), "no webhook Pod", () -> webhookPods().isEmpty());
                },
                () -> {
                    kubectl("-n", RELEASE_NS, "scale", "deployment/" + FULLNAME, "--replicas=2").run().assertOk();
                    waitUntil(Duration.ofSeconds(120), "two Ready webhook Pods", () -> webhookPods().size() == 2 && webhookPods().stream().allMatch(InClusterTest::ready));
                });
        Doctor timeout = fault("timeoutSeconds: 30", "webhook.timeout",
                () -> webhook.edit(c -> {
                    c.getWebhooks().get(0).setTimeoutSeconds(30);
                    return c;
                }),
                () -> webhook.edit(c -> {
                    c.getWebhooks().get(0).setTimeoutSeconds(5);
                    return c;
                }));
        System.out.println("cluster: doctor with timeoutSeconds: 30 -> exit " + timeout.exit + "\n" + doctorText.indent(4));
        var selector = webhook.get().getWebhooks().get(0).getNamespaceSelector();
        fault("the namespaceSelector removed", "webhook.namespace-selector",
                () -> webhook.edit(c -> {
                    c.getWebhooks().get(0).setNamespaceSelector(null);
                    return c;
                }),
                () -> webhook.edit(c -> {
                    c.getWebhooks().get(0).setNamespaceSelector(selector);
                    return c;
                }));
        var tls = client.secrets().inNamespace(RELEASE_NS).withName(FULLNAME + "-tls").get();
        Map<String, String> tlsData = Map.copyOf(tls.getData());
        fault("a certificate Secret from another CA", "tls.ca-bundle",
                () -> client.secrets().inNamespace(RELEASE_NS).withName(FULLNAME + "-tls").edit(s -> {
                    try {
                        s.setData(Map.of("ca.crt", otherCa, "tls.crt", Base64.getEncoder().encodeToString(Files.readAllBytes(other.resolve("tls.crt"))),
                                "tls.key", Base64.getEncoder().encodeToString(Files.readAllBytes(other.resolve("tls.key")))));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return s;
                }),
                () -> client.secrets().inNamespace(RELEASE_NS).withName(FULLNAME + "-tls").edit(s -> {
                    s.setData(tlsData);
                    return s;
                }));
        var crd = client.apiextensions().v1().customResourceDefinitions().withName("vaultservers.kubevault.com");
        fault("the CRD no longer serving v1alpha1", "crd.versions",
                () -> crd.edit(c -> {
                    c.getSpec().getVersions().stream().filter(v -> v.getName().equals("v1alpha1")).forEach(v -> v.setServed(false));
                    return c;
                }),
                () -> crd.edit(c -> {
                    c.getSpec().getVersions().stream().filter(v -> v.getName().equals("v1alpha1")).forEach(v -> v.setServed(true));
                    return c;
                }));
        assertEquals(0, doctor("json").exit, "clean again after every fault was put back");
    }

    private record Doctor(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
        }
    }

    /** The text of the last fault's doctor run, for the record. */
    private static String doctorText = "";

    private static Doctor doctor(String format) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", "target/quarkus-app/quarkus-run.jar", "doctor", "-o", format);
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        return new Doctor(process.exitValue(), out, err);
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Breaks the installation, runs doctor, puts it back whatever happened, and asserts the fault was found by its ID. */
    private static Doctor fault(String what, String id, Step breakIt, Step putBack) throws Exception {
        breakIt.run();
        Doctor found;
        List<String> ids = new ArrayList<>();
        try {
            found = doctor("json");
            found.json().path("findings").forEach(f -> ids.add(f.path("id").asText()));
            doctorText = doctor("text").out;
        } finally {
            putBack.run();
        }
        System.out.printf("cluster: doctor with %s -> exit %d, findings %s%n", what, found.exit, ids);
        assertEquals(1, found.exit, what + ": " + found.out + found.err);
        assertTrue(ids.contains(id), what + " is found as " + id + ": " + found.out);
        waitUntil(Duration.ofSeconds(120), "the webhook refuses a bad VaultServer again", () ->
                kubectl("-n", NS, "create", "--dry-run=server", "-f", "-")
                        .input(vaultServer("v1alpha2", "probe", "{readCapacity: -1}")).stderr.contains("readCapacity: Invalid value: -1"));
        return found;
    }

    // ---------------------------------------------------------------- certificates

    @Test
    @Order(50)
    void generateModeKeptItsCertificateAcrossUpgrades() {
        assertEquals(tlsCertificateAtInstall, tlsSecret(FULLNAME + "-tls"), "the same serving certificate after three upgrades");
        String caBundle = Base64.getEncoder().encodeToString(Base64.getDecoder().decode(
                client.secrets().inNamespace(RELEASE_NS).withName(FULLNAME + "-tls").get().getData().get("ca.crt")));
        for (var webhook : client.admissionRegistration().v1().validatingWebhookConfigurations().withName(FULLNAME).get().getWebhooks()) {
            assertEquals(caBundle, webhook.getClientConfig().getCaBundle());
        }
    }

    @Test
    @Order(51)
    void inSecretModeAReplacedCertificateIsServedWithoutARestartOrAFailedWrite() throws Exception {
        Path certs = Files.createTempDirectory("webhook-certs");
        String host = FULLNAME + "." + RELEASE_NS + ".svc";
        generateCertificate(certs, host);
        client.resource(tlsSecretOf(certs)).create();
        helmUpgrade(values("""
                certificates:
                  mode: secret
                  secret:
                    name: webhook-tls
                    caBundle: %s
                """.formatted(Base64.getEncoder().encodeToString(Files.readAllBytes(certs.resolve("ca.crt"))))));
        waitUntil(Duration.ofSeconds(120), "both Pods serve the Secret's certificate", () ->
                webhookPods().size() == 2 && webhookPods().stream().allMatch(p -> ready(p)
                        && servedSerial(p).equals(serial(certs))));
        Set<String> pods = podUids();

        Writer writer = new Writer(client, "avail", "{table: avail-one, region: eu-west-1}");
        Thread.sleep(2000);
        BigInteger old = serial(certs);
        generateCertificate(certs, host); // a new key and certificate from the same CA
        BigInteger renewed = serial(certs);
        assertNotEquals(old, renewed);
        client.resource(tlsSecretOf(certs)).update();
        long started = System.nanoTime();
        waitUntil(Duration.ofSeconds(150), "both Pods serve the new certificate", () ->
                webhookPods().stream().allMatch(p -> servedSerial(p).equals(renewed)));
        System.out.printf("cluster: the replaced certificate served %.1f s after the Secret changed%n", seconds(started));
        Thread.sleep(2000);
        writer.report("a certificate replacement");
        assertEquals(pods, podUids(), "no Pod restarted");
        assertEquals(List.of(), writer.failures());
    }

    // ---------------------------------------------------------------- fail closed, but isolated

    @Test
    @Order(60)
    void withNoWebhookPodVaultServerWritesFailClosedAndNothingElseIsAffected() throws Exception {
        client.apps().deployments().inNamespace(RELEASE_NS).withName(FULLNAME).scale(0);
        waitUntil(Duration.ofSeconds(180), "no webhook Pod, not even a terminating one", () ->
                client.pods().inNamespace(RELEASE_NS).withLabel("app.kubernetes.io/instance", RELEASE).list().getItems().isEmpty());
        KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> vaultServers("v1alpha2", "closed")
                .resource(resource(client, vaultServer("v1alpha2", "unchecked", "{table: closed-one, region: eu-west-1}"))).create());
        assertTrue(e.getMessage().contains("failed calling webhook"), e.getMessage());
        // Other kinds, the release's own namespace and kube-system are not behind the webhook.
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("still-works").withNamespace("closed").endMetadata().build()).create();
        // Unique names, removed again: kube-system outlives the suite on a reused cluster.
        String exempt = "exempt-" + System.currentTimeMillis();
        for (String ns : List.of(RELEASE_NS, "kube-system")) {
            vaultServers("v1alpha2", ns).resource(resource(client, vaultServer("v1alpha2", exempt, "{table: " + ns + "-" + exempt + ", region: eu-west-1}"))).create();
        }
        vaultServers("v1alpha2", "kube-system").withName(exempt).delete();
        kubectl("-n", "kube-system", "run", exempt, "--image=" + System.getProperty("cluster.image"),
                "--image-pull-policy=Never", "--restart=Never", "--", "check", "-f", "/nonexistent").run().assertOk();
        kubectl("-n", "kube-system", "delete", "pod", exempt, "--wait=false").run().assertOk();

        client.apps().deployments().inNamespace(RELEASE_NS).withName(FULLNAME).scale(2);
        waitUntil(Duration.ofSeconds(120), "two Ready webhook Pods", () -> webhookPods().size() == 2 && webhookPods().stream().allMatch(InClusterTest::ready));
        waitUntil(Duration.ofSeconds(30), "VaultServer writes are served again", () -> {
            try {
                vaultServers("v1alpha2", "closed").resource(resource(client, vaultServer("v1alpha2", "checked", "{table: closed-one, region: eu-west-1}"))).create();
                return true;
            } catch (KubernetesClientException notYet) {
                return false;
            }
        });
    }

    // ---------------------------------------------------------------- uninstall

    @Test
    @Order(70)
    void helmUninstallRemovesBothWebhookConfigurations() throws Exception {
        // A VaultServer the webhook refuses to delete does not hold up the uninstall.
        kubectl("-n", NS, "create", "-f", "-").input(vaultServer("v1alpha2", "kept-at-uninstall", "{table: team-a-kept, region: eu-west-1}")
                .replace("  replicas: 1\n", "  replicas: 1\n  terminationPolicy: DoNotTerminate\n")).assertOk();
        assertNotEquals(0, kubectl("-n", NS, "delete", "vaultservers.v1alpha2.kubevault.com", "kept-at-uninstall").run().exit, "guarded before");
        Helm.uninstall(RELEASE).withNamespace(RELEASE_NS).withKubeConfig(kubeconfig).call();
        waitUntil(Duration.ofSeconds(60), "both webhook configurations are gone", () ->
                client.admissionRegistration().v1().validatingWebhookConfigurations().withName(FULLNAME).get() == null
                        && client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(FULLNAME).get() == null);
        // Nothing checks VaultServers any more: even a bad one is stored, and nothing is defaulted.
        waitUntil(Duration.ofSeconds(30), "writes no longer go to the webhook", () ->
                kubectl("-n", NS, "create", "--dry-run=server", "-f", "-").input(vaultServer("v1alpha2", "unchecked", "{readCapacity: -5}")).exit == 0);
        waitUntil(Duration.ofSeconds(30), "with the webhook gone, nothing guards the delete", () ->
                kubectl("-n", NS, "delete", "vaultservers.v1alpha2.kubevault.com", "kept-at-uninstall").run().exit == 0);
        List<Double> without = createLatencies("latency", "without");
        System.out.printf("cluster: create latency without the webhooks: p50 %.1f ms, p99 %.1f ms (%d creates, one keep-alive client)%n",
                percentile(without, 50), percentile(without, 99), without.size());
    }

    // ---------------------------------------------------------------- helpers

    private static void helmInstall(String image) {
        int colon = image.lastIndexOf(':');
        Helm.install(chart.toString()).withName(RELEASE).withNamespace(RELEASE_NS).withKubeConfig(kubeconfig)
                .set("image.repository", image.substring(0, colon)).set("image.tag", image.substring(colon + 1))
                .waitReady().withTimeout(300).call();
    }

    private static void helmUpgrade(Path values) {
        UpgradeCommand upgrade = Helm.upgrade(chart.toString()).withName(RELEASE).withNamespace(RELEASE_NS).withKubeConfig(kubeconfig)
                .reuseValues().withValuesFile(values).waitReady().withTimeout(300);
        upgrade.call();
    }

    private static Path values(String yaml) throws IOException {
        Path file = Files.createTempFile("values", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static void namespace(String name, Map<String, String> labels) {
        Namespace existing = client.namespaces().withName(name).get();
        Namespace ns = existing != null ? existing : new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
        ns.getMetadata().setLabels(new java.util.HashMap<>(ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels()));
        ns.getMetadata().getLabels().put("kubernetes.io/metadata.name", name);
        ns.getMetadata().getLabels().putAll(labels);
        if (existing == null) {
            // So that e2e/cluster/run.sh can remove what a failed run left: the namespaces this suite made.
            ns.getMetadata().getLabels().put(SUITE_LABEL, "cluster");
            client.resource(ns).create();
        } else {
            client.resource(ns).update();
        }
    }

    static List<Pod> webhookPods() {
        return client.pods().inNamespace(RELEASE_NS).withLabel("app.kubernetes.io/instance", RELEASE).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
                .toList();
    }

    private static Set<String> podUids() {
        return webhookPods().stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static void waitForTwoReadyPodsWithout(Pod gone) throws InterruptedException {
        waitUntil(Duration.ofSeconds(120), "two Ready Pods besides the deleted one", () -> {
            List<Pod> pods = client.pods().inNamespace(RELEASE_NS).withLabel("app.kubernetes.io/instance", RELEASE).list().getItems();
            return pods.stream().noneMatch(p -> p.getMetadata().getUid().equals(gone.getMetadata().getUid()))
                    && pods.size() == 2 && pods.stream().allMatch(InClusterTest::ready);
        });
    }

    private static Pod waitForPod(java.util.function.Predicate<Pod> wanted) {
        return Await.until("the Pod awaited", Duration.ofSeconds(120), Duration.ofMillis(20),
                () -> webhookPods().stream().filter(wanted).findFirst().orElse(null), java.util.Objects::nonNull);
    }

    /** Polls a Pod's readiness endpoint directly at its address until it answers 200; returns when. */
    /** The last readiness answer that was not 200 (which checks were DOWN), for the measurement's printout. */
    private static String lastNotReady = "";

    private static long pollUntilReady(String podIp) throws Exception {
        SSLContext trustAll = Tls.inspectingAnyCertificate();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpsURLConnection connection = (HttpsURLConnection) new URL("https://" + podIp + ":8443/q/health/ready").openConnection();
                connection.setSSLSocketFactory(trustAll.getSocketFactory());
                connection.setHostnameVerifier((h, s) -> true);
                connection.setConnectTimeout(500);
                connection.setReadTimeout(1000);
                if (connection.getResponseCode() == 200) {
                    return System.currentTimeMillis();
                }
                lastNotReady = new String(connection.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s+", " ");
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError(podIp + " never became ready");
    }

    /** The serial of the certificate a Pod serves at its own address. */
    private static BigInteger servedSerial(Pod pod) {
        try (SSLSocket socket = (SSLSocket) Tls.inspectingAnyCertificate().getSocketFactory().createSocket(pod.getStatus().getPodIP(), 8443)) {
            socket.setSoTimeout(3000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        } catch (Exception e) {
            return BigInteger.valueOf(-1);
        }
    }

    private static void generateCertificate(Path dir, String host) throws Exception {
        Process process = new ProcessBuilder("certs/generate.sh", "--out", dir.toString(), host,
                host.substring(0, host.length() - ".svc".length())).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, out);
    }

    private static BigInteger serial(Path certs) {
        try (var in = Files.newInputStream(certs.resolve("tls.crt"))) {
            return ((X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in)).getSerialNumber();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static io.fabric8.kubernetes.api.model.Secret tlsSecretOf(Path certs) throws IOException {
        return new SecretBuilder().withNewMetadata().withName("webhook-tls").withNamespace(RELEASE_NS).endMetadata()
                .withType("kubernetes.io/tls")
                .addToStringData("tls.crt", Files.readString(certs.resolve("tls.crt")))
                .addToStringData("tls.key", Files.readString(certs.resolve("tls.key")))
                .build();
    }

    private static String tlsSecret(String name) {
        return client.secrets().inNamespace(RELEASE_NS).withName(name).get().getData().get("tls.crt");
    }

    private static String canI(String user, String verbAndResource) {
        List<String> args = new ArrayList<>(List.of("auth", "can-i", "--as=" + user));
        args.addAll(List.of(verbAndResource.split(" ")));
        args.addAll(List.of("-A"));
        return kubectl(args.toArray(String[]::new)).run().stdout.trim();
    }

    /** A GET to the Pod's HTTPS port through the API server's Pod proxy. */
    private static String viaApiServer(Pod pod, String path) {
        Kubectl result = kubectl("get", "--raw", "/api/v1/namespaces/" + RELEASE_NS + "/pods/https:" + pod.getMetadata().getName() + ":8443/proxy" + path).run();
        result.assertOk();
        return result.stdout;
    }

    private static double metricSum(String metrics, String name, String label) {
        return metrics.lines().filter(l -> (l.startsWith(name + "{") || l.startsWith(name + " ")) && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .filter(v -> v > 0).sum();
    }

    /** Creates of VaultServers, each on a table of its own (so each claims one), from one keep-alive client: 20 to warm up, then 200 timed. */
    private static List<Double> createLatencies(String ns, String prefix) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 220; i++) {
            GenericKubernetesResource object = resource(client, vaultServer("v1alpha2", prefix + "-" + i, "{table: latency-" + prefix + "-" + i
                    + ", region: eu-west-1}"));
            long started = System.nanoTime();
            vaultServers("v1alpha2", ns).resource(object).create();
            double elapsed = (System.nanoTime() - started) / 1e6;
            if (i >= 20) {
                millis.add(elapsed);
            }
        }
        vaultServers("v1alpha2", ns).delete();
        Collections.sort(millis);
        return millis;
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static String vaultServer(String version, String name, String dynamoDb) {
        return VaultServerYaml.of(version, name, dynamoDb);
    }

    static GenericKubernetesResource resource(KubernetesClient client, String yaml) {
        return client.getKubernetesSerialization().unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), GenericKubernetesResource.class);
    }

    private static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> vaultServers(String version, String ns) {
        return client.genericKubernetesResources("kubevault.com/" + version, "VaultServer").inNamespace(ns);
    }

    private static GenericKubernetesResource get(String version, String ns, String name) {
        GenericKubernetesResource found = vaultServers(version, ns).withName(name).get();
        assertTrue(found != null, name + " is stored");
        return found;
    }

    private static Kubectl kubectl(String... args) {
        return new Kubectl(args);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    static void waitUntil(Duration timeout, String what, BooleanSupplier condition) {
        Await.untilTrue(what, timeout, Duration.ofMillis(250), condition::getAsBoolean);
    }
}
