package dev.vaultserver.admission.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.testing.SharedReference;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code audit --write-reports} through the real kube-apiserver with the OpenReports CRDs (installed from the team's
 * shared reference, never copied into the project): without the CRD nothing is written and the command says so; with
 * it, a Report per namespace with VaultServers, a {@code fail} for a VaultServer whose Secret is gone, a {@code pass}
 * for a clean one, with their uids; the fixed object drops its failure on the next run; a namespace whose VaultServers
 * are gone loses its Report; another tool's Report is never touched.
 */
class OpenReportsE2ETest {

    static final String A = "e2e-reports-a";
    static final String B = "e2e-reports-b";
    static final String TERMINATING = "e2e-reports-terminating";
    static final String CRD = "reports.openreports.io";
    static KubernetesClient client;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void connect() throws Exception {
        client = E2eWebhooks.connect(A);
        E2eWebhooks.namespace(client, B);
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    private record Audit(int exit, String out, String err) {}

    private static Audit audit(String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", "target/quarkus-app/quarkus-run.jar", "audit", "--write-reports", "-o", "json"));
        command.addAll(List.of(more));
        Process process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Audit(process.exitValue(), out, err);
    }

    private static JsonNode report(String namespace) {
        return AuditReports.of(client, namespace);
    }

    private static List<String> results(JsonNode report, String vaultServer) {
        return AuditReports.results(report, vaultServer);
    }

    private static String uid(String namespace, String name) {
        return client.genericKubernetesResources("kubevault.com/v1alpha2", "VaultServer").inNamespace(namespace).withName(name).get()
                .getMetadata().getUid();
    }

    private static void secret(String namespace, String name) {
        client.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withStringData(Map.of("access_key", "CANARY-E2E-REPORTS-A", "secret_key", "CANARY-E2E-REPORTS-S")).build()).createOr(r -> r.update());
    }

    @Test
    void theAuditsFindingsAreReportsThatFollowTheCluster() throws Exception {
        // Without the CRD: nothing written, and the command says why.
        client.apiextensions().v1().customResourceDefinitions().withName(CRD).withTimeout(60, TimeUnit.SECONDS).delete();
        new Kubectl("create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "early", "{table: " + B + "-early, region: eu-west-1}")
                .replace("metadata:\n", "metadata:\n  namespace: " + B + "\n")).assertOk();
        Audit missing = audit("-n", B);
        System.out.println("openreports: audit --write-reports without the CRD -> exit " + missing.exit + ": " + missing.err.strip());
        assertEquals(2, missing.exit, missing.err);
        assertTrue(missing.err.contains("does not serve reports.openreports.io/v1alpha1"), missing.err);

        new Kubectl("apply", "-f", SharedReference.openReportsCrd().toString()).run().assertOk();
        new Kubectl("wait", "--for", "condition=established", "--timeout=30s", "crd/" + CRD).run().assertOk();

        // Team A: one clean VaultServer, one whose Secret goes away after it was admitted; another tool's Report.
        secret(A, "aws-creds");
        secret(A, "short-lived");
        new Kubectl("-n", A, "create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "clean",
                "{table: " + A + "-clean, region: eu-west-1, credentialSecretRef: {name: aws-creds}}")).assertOk();
        new Kubectl("-n", A, "create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "orphaned",
                "{table: " + A + "-orphaned, region: eu-west-1, credentialSecretRef: {name: short-lived}}")).assertOk();
        client.secrets().inNamespace(A).withName("short-lived").delete();
        new Kubectl("-n", A, "apply", "-f", "-").input("""
                apiVersion: openreports.io/v1alpha1
                kind: Report
                metadata: {name: another-tool, labels: {app.kubernetes.io/managed-by: another-tool}}
                source: another-tool
                results: [{policy: theirs, result: pass}]
                """).assertOk();

        Audit first = audit();
        System.out.println("openreports: " + first.err.strip());
        assertEquals(1, first.exit, "a VaultServer is denied: " + first.out + first.err);
        JsonNode a = report(A);
        assertNotNull(a, "a Report in " + A);
        assertEquals("vaultserver-admission", a.path("source").asText());
        assertEquals(List.of("pass vaultserver-admission"), results(a, "clean"));
        assertEquals(List.of("fail credentials.secret"), results(a, "orphaned"));
        JsonNode failure = StreamSupport.stream(a.path("results").spliterator(), false).filter(r -> r.path("result").asText().equals("fail"))
                .findFirst().orElseThrow();
        assertEquals(uid(A, "orphaned"), failure.path("resources").get(0).path("uid").asText());
        assertEquals("high", failure.path("severity").asText());
        assertTrue(failure.path("message").asText().startsWith("spec.backend.dynamodb.credentialSecretRef.name: "), failure.toString());
        assertEquals(1, a.path("summary").path("fail").asInt());
        assertNotNull(report(B), "a Report in " + B);
        Kubectl listed = new Kubectl("get", "reports", "-A").run();
        System.out.println("openreports: kubectl get reports -A\n" + listed.stdout.indent(4));
        assertTrue(listed.stdout.contains(A) && listed.stdout.contains("vaultserver-admission"), listed.stdout);
        System.out.println("openreports: kubectl get report -n " + A + " vaultserver-admission -o yaml\n"
                + new Kubectl("-n", A, "get", "report", "vaultserver-admission", "-o", "yaml").run().stdout.indent(4));

        // Fixed: the Secret is back; B's VaultServer is gone.
        secret(A, "short-lived");
        client.genericKubernetesResources("kubevault.com/v1alpha2", "VaultServer").inNamespace(B).withName("early").delete();
        client.genericKubernetesResources("kubevault.com/v1alpha2", "VaultServer").inNamespace(B).withName("early")
                .waitUntilCondition(r -> r == null, 30, TimeUnit.SECONDS);
        Audit second = audit();
        System.out.println("openreports: after the fix: " + second.err.strip());
        a = report(A);
        assertEquals(List.of("pass vaultserver-admission"), results(a, "orphaned"), a.toString());
        assertEquals(0, a.path("summary").path("fail").asInt());
        assertNull(report(B), "no VaultServer left in " + B + ", no Report");
        assertNotNull(client.genericKubernetesResources("openreports.io/v1alpha1", "Report").inNamespace(A).withName("another-tool").get(),
                "another tool's Report is left alone");

        // A namespace being deleted (this API server has no namespace controller: it stays Terminating) takes no Report:
        // that one namespace is named with the API server's reason, the others are written all the same.
        E2eWebhooks.namespace(client, TERMINATING);
        new Kubectl("-n", TERMINATING, "create", "-f", "-").input(VaultServerYaml.of("v1alpha2", "leaving",
                "{table: " + TERMINATING + "-leaving, region: eu-west-1}")).assertOk();
        new Kubectl("delete", "namespace", TERMINATING, "--wait=false").run().assertOk();
        long before = report(A).path("results").get(0).path("timestamp").path("seconds").asLong();
        Thread.sleep(1100); // a new second, so that a rewritten Report shows it
        Audit terminating = audit();
        System.out.println("openreports: with namespace " + TERMINATING + " Terminating -> exit " + terminating.exit + ": " + terminating.err.strip());
        assertEquals(2, terminating.exit, terminating.err);
        assertTrue(terminating.err.contains("reports: not written in " + TERMINATING + ": "), terminating.err);
        assertTrue(report(A).path("results").get(0).path("timestamp").path("seconds").asLong() > before, "the other namespaces are still written");
        assertNull(report(TERMINATING));
    }
}
