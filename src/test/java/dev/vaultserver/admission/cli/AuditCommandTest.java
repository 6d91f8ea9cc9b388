package dev.vaultserver.admission.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import dev.vaultserver.admission.checkaudit.ClusterAudit;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code audit} against fabric8's mock API server (CRUD mode): VaultServers and Secrets stored there. */
@EnableKubernetesMockClient(crud = true)
class AuditCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    void cluster() {
        client.secrets().inNamespace("team-a").resource(new SecretBuilder().withNewMetadata().withName("aws").endMetadata()
                .withStringData(Map.of("access_key", "CANARY-AUDIT-A", "secret_key", "CANARY-AUDIT-S")).build()).create();
        vaultServer("team-a", "good", Map.of("table", "team-a-vault", "credentialSecretRef", Map.of("name", "aws")));
        vaultServer("team-b", "bad", Map.of("readCapacity", -3, "credentialSecretRef", Map.of("name", "aws")));
        vaultServer("team-b", "ok", Map.of());
    }

    @Test
    void auditsEveryNamespace() throws Exception {
        Run run = audit("-o", "json");
        assertEquals(1, run.exit, run.err);
        JsonNode report = JSON.readTree(run.out);
        assertEquals("AuditReport", report.path("kind").asText());
        assertEquals(3, report.path("summary").path("checked").asInt());
        assertEquals(1, report.path("summary").path("denied").asInt());
        JsonNode bad = result(report, "bad");
        assertEquals(List.of("spec.backend.dynamodb.readCapacity", "spec.backend.dynamodb.credentialSecretRef.name"),
                StreamSupport.stream(bad.path("causes").spliterator(), false).map(c -> c.path("field").asText()).toList(),
                "the Secret is in team-a, not team-b");
        assertTrue(result(report, "good").path("allowed").asBoolean());
        assertEquals("team-b/bad", bad.path("source").path("object").asText());
        assertFalse(run.out.contains("CANARY"));
    }

    @Test
    void countsTheVaultServersProtectedFromDeletion() throws Exception {
        GenericKubernetesResource kept = new GenericKubernetesResource();
        kept.setApiVersion("kubevault.com/v1alpha2");
        kept.setKind("VaultServer");
        kept.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("kept").withNamespace("team-a").build());
        kept.setAdditionalProperty("spec", Map.of("terminationPolicy", "DoNotTerminate", "backend", Map.of("dynamodb",
                Map.of("table", "team-a-kept", "credentialSecretRef", Map.of("name", "aws")))));
        client.genericKubernetesResources(dev.vaultserver.admission.checkaudit.ClusterAudit.VAULTSERVERS).inNamespace("team-a").resource(kept).create();
        Run json = audit("-o", "json");
        assertEquals(1, JSON.readTree(json.out).path("summary").path("deletionProtected").asInt(), json.out);
        Run text = audit();
        assertTrue(text.out.contains("; 1 protected from deletion (terminationPolicy DoNotTerminate)"), text.out);
    }

    @Test
    void auditsOneNamespace() throws Exception {
        Run run = audit("-n", "team-a", "-o", "json");
        assertEquals(0, run.exit, run.err);
        assertEquals(1, JSON.readTree(run.out).path("summary").path("checked").asInt());
    }

    @Test
    void withAPolicyTheTenantRulesAndTheSharedTableGuardApply(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        for (String ns : List.of("team-a", "team-b")) {
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(ns)
                    .addToLabels("tenant", "true").endMetadata().build()).create();
        }
        // One table in two namespaces: both sides are reported.
        vaultServer("team-b", "intruder", Map.of("table", "team-a-vault", "credentialSecretRef", Map.of("name", "aws")));
        java.nio.file.Path policy = dir.resolve("policy.yaml");
        java.nio.file.Files.writeString(policy, """
                rules:
                - name: tenants
                  namespaceSelector: {matchLabels: {tenant: "true"}}
                  tableNamePattern: "{namespace}-*"
                """);

        Run run = audit("--policy", policy.toString(), "-o", "json");
        assertEquals(1, run.exit, run.err);
        JsonNode report = JSON.readTree(run.out);
        assertEquals(List.of("Forbidden: table \"team-a-vault\" in region us-east-1 at AWS's endpoint is already used by VaultServer team-b/intruder"
                + " (two Vaults on one table overwrite each other's data)"), messages(result(report, "good")));
        List<String> intruder = messages(result(report, "intruder"));
        assertTrue(intruder.contains("Forbidden: table \"team-a-vault\" in region us-east-1 at AWS's endpoint is already used by VaultServer team-a/good"
                + " (two Vaults on one table overwrite each other's data)"), intruder.toString());
        assertTrue(intruder.stream().anyMatch(m -> m.contains("must match team-b-*") && m.endsWith("(tenant policy rule \"tenants\")")), intruder.toString());
        assertTrue(messages(result(report, "ok")).stream().anyMatch(m -> m.contains("must match team-b-*")), "the policy names the default table too");

        Run without = audit("-o", "json");
        assertTrue(messages(result(JSON.readTree(without.out), "intruder")).stream().noneMatch(m -> m.contains("tenant policy")),
                "no policy without --policy");
    }

    @Test
    void anUnreadablePolicyIsExit2WithAReport(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path policy = dir.resolve("policy.yaml");
        java.nio.file.Files.writeString(policy, "rules:\n- name: x\n  allowedRegion: [eu-west-1]\n");
        Run run = audit("--policy", policy.toString(), "-o", "json");
        assertEquals(2, run.exit, run.err);
        assertTrue(run.err.contains("allowedRegion: unknown field"), run.err);
        assertTrue(JSON.readTree(run.out).path("error").path("message").asText().contains("allowedRegion: unknown field"), run.out);
    }

    private static List<String> messages(JsonNode result) {
        return StreamSupport.stream(result.path("causes").spliterator(), false).map(c -> c.path("message").asText()).toList();
    }

    @Test
    void writesNothing() throws InterruptedException {
        int before = server.getRequestCount();
        for (int i = 0; i < before; i++) {
            server.takeRequest(); // the setup's own requests
        }
        audit("-o", "json");
        audit("-o", "text");
        int sent = server.getRequestCount() - before;
        assertTrue(sent >= 2, "the audit read the cluster");
        for (int i = 0; i < sent; i++) {
            String method = server.takeRequest().getMethod();
            assertEquals("GET", method, "audit may only read");
        }
    }

    private void vaultServer(String namespace, String name, Map<String, Object> dynamoDb) {
        GenericKubernetesResource vs = new GenericKubernetesResource();
        vs.setApiVersion("kubevault.com/v1alpha2");
        vs.setKind("VaultServer");
        vs.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        vs.setAdditionalProperty("spec", Map.of("version", "1.12.1", "backend", Map.of("dynamodb", dynamoDb)));
        client.genericKubernetesResources(ClusterAudit.VAULTSERVERS).inNamespace(namespace).resource(vs).create();
    }

    private record Run(int exit, String out, String err) {
    }

    private Run audit(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine commandLine = Cli.commandLine(new PrintWriter(out), new PrintWriter(err));
        AuditCommand audit = commandLine.getSubcommands().get("audit").getCommand();
        audit.clients = () -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
        String[] args = new String[options.length + 1];
        args[0] = "audit";
        System.arraycopy(options, 0, args, 1, options.length);
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static JsonNode result(JsonNode report, String name) {
        return StreamSupport.stream(report.path("results").spliterator(), false)
                .filter(r -> r.path("name").asText().equals(name)).findFirst().orElseThrow();
    }
}
