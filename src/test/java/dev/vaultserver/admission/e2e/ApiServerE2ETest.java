package dev.vaultserver.admission.e2e;

import dev.vaultserver.admission.testing.ReportCauses;
import dev.vaultserver.admission.testing.Await;
import dev.vaultserver.admission.testing.Tls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Against a real kube-apiserver started by {@code e2e/run.sh} (KUBECONFIG points at it), with the built
 * webhook registered by URL: the API server itself calls the webhook over TLS, applies its patches and
 * hands its denials and warnings to kubectl and the fabric8 client.
 */
class ApiServerE2ETest {

    private static final String NS = "e2e-demo";
    private static final String DENIED = E2eWebhooks.DENIED;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KubernetesClient client;

    @BeforeAll
    static void registerWebhooks() throws Exception {
        client = E2eWebhooks.connect(NS);
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    // ---------------------------------------------------------------- what the in-cluster suite checks too

    @Test
    void aCreateIsDefaultedAndADenialNamesTheField() {
        scenarios().aCreateIsDefaultedAndADenialNamesTheField();
    }

    @Test
    void aMissingSecretIsRefusedUntilTheSecretExists() {
        scenarios().aMissingSecretIsRefusedUntilTheSecretExists("aws-e2e");
    }

    @Test
    void warningsReachKubectlAndAServerDryRunStoresNothing() {
        scenarios().warningsReachKubectlAndAServerDryRunStoresNothing();
    }

    @Test
    void v1alpha1IsCheckedAndDefaultedToo() {
        scenarios().v1alpha1IsCheckedAndDefaultedToo();
    }

    @Test
    void anUpdateIsCheckedAndDefaultedAndMayNotMoveTheTable() {
        scenarios().anUpdateIsCheckedAndDefaultedAndMayNotMoveTheTable();
    }

    // ---------------------------------------------------------------- this suite's own

    @Test
    void anEmptyTableAndNoRegionAreDefaulted() {
        kubectl("-n", NS, "create", "-f", "-").input(vaultServer("v1alpha2", "defaulted-empty", "{table: '', readCapacity: 0}")).assertOk();
        JsonNode dynamoDb = get("v1alpha2", "defaulted-empty").path("spec").path("backend").path("dynamodb");
        assertEquals("vault-dynamodb-backend", dynamoDb.path("table").asText());
        assertEquals("us-east-1", dynamoDb.path("region").asText());
        assertEquals(5, dynamoDb.path("readCapacity").asInt());
    }

    @Test
    void aV1alpha1TableIsDefaultedToo() {
        kubectl("-n", NS, "create", "-f", "-").input(vaultServer("v1alpha1", "old-empty", "{region: eu-west-1}")).assertOk();
        JsonNode old = get("v1alpha1", "old-empty").path("spec").path("backend").path("dynamodb");
        assertEquals("eu-west-1", old.path("region").asText());
        assertEquals("vault-dynamodb-backend", old.path("table").asText());
    }

    private static AdmissionScenarios scenarios() {
        return new AdmissionScenarios(client, NS, NS);
    }

    @Test
    void theChartIsAcceptedByTheApiServer() throws Exception {
        client.resource(new NamespaceBuilder().withNewMetadata().withName("vault-system").endMetadata().build()).createOr(r -> r.update());
        for (Map<String, String> values : List.of(Map.of("certificates.mode", "generate"),
                Map.of("networkPolicy.enabled", "true", "networkPolicy.apiServer.cidrs[0]", "127.0.0.1/32",
                        "networkPolicy.prometheus.namespaceSelector.matchLabels.name", "monitoring"),
                Map.of("certificates.mode", "secret", "certificates.secret.name", "my-tls", "certificates.secret.caBundle",
                        Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(System.getProperty("e2e.caFile"))))))) {
            String manifests = renderChart(values);
            Kubectl applied = kubectl("apply", "--dry-run=server", "-f", "-").input(manifests);
            applied.assertOk();
            assertTrue(applied.stdout.contains("mutatingwebhookconfiguration.admissionregistration.k8s.io/vsa-vaultserver-admission created (server dry run)"),
                    applied.toString());
            assertTrue(applied.stdout.contains("deployment.apps/vsa-vaultserver-admission created (server dry run)"), applied.toString());
        }
    }

    @Test
    void theChartKeepsItsGeneratedCertificateAcrossUpgrades() throws Exception {
        client.resource(new NamespaceBuilder().withNewMetadata().withName("vault-system").endMetadata().build()).createOr(r -> r.update());
        String first = renderChart(Map.of());
        String secret = first.substring(first.indexOf("kind: Secret") - "apiVersion: v1\n".length());
        secret = secret.substring(0, secret.indexOf("\n---"));
        kubectl("apply", "-f", "-").input("apiVersion: v1\n" + secret.substring(secret.indexOf("kind: Secret"))).assertOk();
        String second = renderChart(Map.of());
        assertEquals(caBundles(first).get(0), caBundles(second).get(0), "the upgrade renders the installed CA again");
        assertEquals(caBundles(second).get(0), caBundles(second).get(1));
        assertNotEquals(caBundles(first).get(0), caBundles(renderChart(Map.of("certificates.generate.reuseExisting", "false"))).get(0),
                "without the lookup a new CA is made (so the equality above is the lookup's doing)");

        // Within renewBeforeDays (90) of its end, an upgrade makes a new CA and certificate.
        long in30Days = java.time.Instant.now().plus(java.time.Duration.ofDays(30)).getEpochSecond();
        client.secrets().inNamespace("vault-system").withName("vsa-vaultserver-admission-tls").edit(existing -> {
            existing.getMetadata().getAnnotations().put("vaultserver-admission.dev/not-after", String.valueOf(in30Days));
            return existing;
        });
        String renewed = renderChart(Map.of());
        assertNotEquals(caBundles(first).get(0), caBundles(renewed).get(0), "renewed 30 days before the end");
        assertEquals(caBundles(renewed).get(0), caBundles(renewed).get(1));
    }

    /** The tenant policy the webhook reads (e2e/run.sh points it at this file); written by the tenant tests. */
    private static final String TENANT_POLICY = """
            rules:
            - name: tenants
              namespaceSelector: {matchLabels: {e2e-tenant: "true"}}
              allowedRegions: [eu-west-1]
              tableNamePattern: "{namespace}-*"
              endpoint: {forbidden: true}
            - name: capacity-rollout
              enforcement: warn
              namespaceSelector: {matchLabels: {e2e-tenant: "true"}}
              maxReadCapacity: 10
            """;

    private static void tenantNamespace(String name) throws IOException {
        Path policy = Path.of(System.getProperty("e2e.policyFile"));
        Path tmp = policy.resolveSibling("tenant-policy.yaml.tmp");
        Files.writeString(tmp, TENANT_POLICY);
        Files.move(tmp, policy, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        client.resource(new NamespaceBuilder().withNewMetadata().withName(name).addToLabels("e2e-tenant", "true").endMetadata().build())
                .createOr(r -> r.update());
    }

    @Test
    void aTenantPolicyRefusesWithForbiddenNamingTheRule() throws Exception {
        tenantNamespace("e2e-tenant-a");
        Kubectl refused = kubectl("-n", "e2e-tenant-a", "create", "-f", "-")
                .input(vaultServer("v1alpha2", "off-policy", "{region: us-west-2, table: shared, endpoint: 'http://localstack:4566'}"));
        assertNotEquals(0, refused.exit);
        assertTrue(refused.stderr.contains("Error from server (Forbidden)"), refused.toString());
        assertTrue(refused.stderr.contains(DENIED + ": VaultServer.kubevault.com \"off-policy\" is forbidden:"), refused.toString());
        assertTrue(refused.stderr.contains("spec.backend.dynamodb.region: Unsupported value: \"us-west-2\": supported values: \"eu-west-1\""
                + " (tenant policy rule \"tenants\")"), refused.toString());
        assertTrue(refused.stderr.contains("spec.backend.dynamodb.table: Invalid value: \"shared\": must match e2e-tenant-a-*"), refused.toString());

        KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> client.genericKubernetesResources("kubevault.com/v1alpha2", "VaultServer")
                .inNamespace("e2e-tenant-a").resource(resource(vaultServer("v1alpha2", "off-policy", "{region: us-west-2}"))).create());
        assertEquals(403, e.getCode());
        assertEquals("spec.backend.dynamodb.region", e.getStatus().getDetails().getCauses().get(0).getField());
    }

    @Test
    void aWarnRuleLetsTheObjectInWithAWarning() throws Exception {
        tenantNamespace("e2e-tenant-w");
        Kubectl created = kubectl("-n", "e2e-tenant-w", "create", "-f", "-")
                .input(vaultServer("v1alpha2", "vault", "{region: eu-west-1, table: e2e-tenant-w-vault, readCapacity: 50}"));
        created.assertOk();
        assertTrue(created.stderr.contains("Warning: spec.backend.dynamodb.readCapacity: Invalid value: 50: must be no more than 10"
                + " (tenant policy rule \"capacity-rollout\", enforcement: warn)"), created.toString());
    }

    @Test
    void anUpdateThatSwitchesTheTableIsRefusedUnlessAnnotated() {
        kubectl("-n", NS, "create", "-f", "-").input(vaultServer("v1alpha2", "switch", "{table: e2e-switch-one}")).assertOk();
        Kubectl refused = kubectl("-n", NS, "patch", "vaultservers.v1alpha2.kubevault.com", "switch", "--type=merge",
                "-p", "{\"spec\":{\"backend\":{\"dynamodb\":{\"table\":\"e2e-switch-two\"}}}}").run();
        assertNotEquals(0, refused.exit, refused.toString());
        assertTrue(refused.stderr.contains("spec.backend.dynamodb.table: Forbidden: field is immutable while the VaultServer exists:"
                + " the effective table changes from \"e2e-switch-one\" to \"e2e-switch-two\""), refused.toString());
        assertEquals("e2e-switch-one", get("v1alpha2", "switch").path("spec").path("backend").path("dynamodb").path("table").asText());

        kubectl("-n", NS, "patch", "vaultservers.v1alpha2.kubevault.com", "switch", "--type=merge",
                "-p", "{\"spec\":{\"backend\":{\"dynamodb\":{\"readCapacity\":9}}}}").run().assertOk();
        Kubectl annotated = kubectl("-n", NS, "patch", "vaultservers.v1alpha2.kubevault.com", "switch", "--type=merge",
                "-p", "{\"metadata\":{\"annotations\":{\"vaultserver-admission.dev/allow-backend-change\":\"true\"}},"
                        + "\"spec\":{\"backend\":{\"dynamodb\":{\"table\":\"e2e-switch-two\"}}}}").run();
        annotated.assertOk();
        assertTrue(annotated.stderr.contains("allowed by the annotation vaultserver-admission.dev/allow-backend-change"), annotated.toString());
        assertEquals("e2e-switch-two", get("v1alpha2", "switch").path("spec").path("backend").path("dynamodb").path("table").asText());
    }

    /** One table, the second time spelled with AWS's own endpoint for the region: in aws, in aws-iso, and as the FIPS variant. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "eu-west-1|e2e-shared|eu-west-1|https://dynamodb.eu-west-1.amazonaws.com",
            "aws-iso|e2e-shared-iso|us-iso-east-1|https://dynamodb.us-iso-east-1.c2s.ic.gov",
            "fips|e2e-shared-fips|us-east-1|https://dynamodb-fips.us-east-1.amazonaws.com"})
    void aTableUsedInAnotherNamespaceIsRefusedNamingTheOther(String name, String table, String region, String endpoint) throws Exception {
        for (String ns : List.of("e2e-col-a", "e2e-col-b")) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).createOr(r -> r.update());
        }
        String vault = "vault-" + name;
        kubectl("-n", "e2e-col-a", "create", "-f", "-").input(vaultServer("v1alpha1", vault, "{table: " + table + ", region: " + region + "}")).assertOk();
        // The webhook's VaultServer cache sees the new object within moments.
        Kubectl refused = Await.until("the second create is refused", Duration.ofSeconds(10), Duration.ofMillis(200), () -> {
            Kubectl attempt = kubectl("-n", "e2e-col-b", "create", "-f", "-").input(vaultServer("v1alpha2", vault,
                    "{table: " + table + ", region: " + region + ", endpoint: '" + endpoint + "'}"));
            if (attempt.exit == 0) {
                kubectl("-n", "e2e-col-b", "delete", "vaultservers.v1alpha2.kubevault.com", vault).run();
            }
            return attempt;
        }, attempt -> attempt.exit != 0);
        assertNotEquals(0, refused.exit, refused.toString());
        assertTrue(refused.stderr.contains("Error from server (Forbidden)"), refused.toString());
        assertTrue(refused.stderr.contains("spec.backend.dynamodb.table: Forbidden: table \"" + table + "\" in region " + region + " at AWS's endpoint"
                + " is already used by VaultServer e2e-col-a/" + vault), refused.toString());
        kubectl("-n", "e2e-col-b", "create", "-f", "-").input(vaultServer("v1alpha2", vault, "{table: " + table + "-own, region: " + region + "}")).assertOk();
    }

    @Test
    void auditReadsTheClusterWithTheSameRules() throws Exception {
        kubectl("-n", NS, "create", "-f", "-").input(vaultServer("v1alpha2", "audited", "{region: eu-west-3}")).assertOk();
        Process process = new ProcessBuilder("java", "-jar", "target/quarkus-app/quarkus-run.jar", "audit", "-n", NS, "-o", "json")
                .redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "every stored VaultServer passed the webhook, so the audit allows all: " + out + err);
        JsonNode report = readTree(out);
        assertEquals("AuditReport", report.path("kind").asText());
        assertTrue(report.path("summary").path("checked").asInt() >= 1, out);
        boolean found = false;
        for (JsonNode result : report.path("results")) {
            assertTrue(result.path("allowed").asBoolean(), result.toString());
            found |= result.path("name").asText().equals("audited");
        }
        assertTrue(found, out);
    }

    /**
     * {@code audit --policy} and the running webhook's {@code /validate} agree object by object on the real API server,
     * with the tenant policy, one table used twice in a namespace, a warn rule and a Secret that lost a key.
     */
    @Test
    void auditAgreesWithValidateObjectByObject() throws Exception {
        String ns = "e2e-audit-parity";
        tenantNamespace(ns);
        client.secrets().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("aws").endMetadata()
                .withStringData(Map.of("access_key", "CANARY-E2E-AUDIT-A", "secret_key", "CANARY-E2E-AUDIT-S")).build()).createOr(r -> r.update());
        String withKeys = ", credentialSecretRef: {name: aws}";
        kubectl("-n", ns, "create", "-f", "-").input(vaultServer("v1alpha2", "one", "{table: " + ns + "-one, region: eu-west-1}")).assertOk();
        kubectl("-n", ns, "create", "-f", "-").input(vaultServer("v1alpha2", "neighbour", "{table: " + ns + "-one, region: eu-west-1, readCapacity: 50}"))
                .assertOk();
        kubectl("-n", ns, "create", "-f", "-").input(vaultServer("v1alpha2", "keys", "{table: " + ns + "-two, region: eu-west-1" + withKeys + "}")).assertOk();
        // The Secret loses a key after the fact: both sides must now refuse "keys".
        client.secrets().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("aws").endMetadata()
                .withStringData(Map.of("access_key", "CANARY-E2E-AUDIT-A")).build()).update();

        javax.net.ssl.SSLContext tls = Tls.trusting(Path.of(System.getProperty("e2e.caFile")));
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(tls).build();
        record Agreement(JsonNode report, List<String> disagreements) {
        }
        Agreement agreement = Await.until("audit and /validate agree", Duration.ofSeconds(20), Duration.ofMillis(500), () -> {
            Process process = new ProcessBuilder("java", "-jar", "target/quarkus-app/quarkus-run.jar", "audit", "-n", ns,
                    "--policy", System.getProperty("e2e.policyFile"), "-o", "json").start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.getErrorStream().readAllBytes();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            JsonNode audited = readTree(out);
            assertEquals(3, audited.path("summary").path("checked").asInt(), out);
            assertFalse(out.contains("CANARY"), "no Secret value in the report");
            List<String> differing = new ArrayList<>();
            for (JsonNode fromAudit : audited.path("results")) {
                differing.addAll(differences(http, ns, fromAudit));
            }
            return new Agreement(audited, differing);
        }, a -> a.disagreements().isEmpty());
        List<String> disagreements = agreement.disagreements();
        JsonNode report = agreement.report();
        assertEquals(List.of(), disagreements);
        assertEquals(1, report.path("summary").path("denied").asInt(), "the Secret without secret_key: " + report);
        assertTrue(report.toString().contains("is already used by VaultServer " + ns + "/neighbour"), "the shared table, warned in one namespace");
        assertTrue(report.toString().contains("(tenant policy rule \\\"capacity-rollout\\\", enforcement: warn)"), "the policy's warn rule: " + report);
    }

    /** What differs between the audit's verdict on one stored object and the webhook's answers to creating it. */
    private static List<String> differences(java.net.http.HttpClient http, String ns, JsonNode fromAudit) throws Exception {
        JsonNode stored = JSON.valueToTree(client.genericKubernetesResources("kubevault.com/v1alpha2", "VaultServer").inNamespace(ns)
                .withName(fromAudit.path("name").asText()).get());
        JsonNode mutate = postReview(http, "/mutate", stored, ns);
        JsonNode patch = mutate.has("patch") ? JSON.readTree(Base64.getDecoder().decode(mutate.path("patch").asText())) : JSON.createArrayNode();
        JsonNode validate = postReview(http, "/validate", io.fabric8.zjsonpatch.JsonPatch.apply(patch, stored), ns);
        List<String> differences = new ArrayList<>();
        String what = ns + "/" + fromAudit.path("name").asText() + ": ";
        JsonNode causes = validate.path("status").path("details").has("causes") ? validate.path("status").path("details").path("causes") : JSON.createArrayNode();
        JsonNode warnings = validate.has("warnings") ? validate.path("warnings") : JSON.createArrayNode();
        if (fromAudit.path("allowed").asBoolean() != validate.path("allowed").asBoolean()) {
            differences.add(what + "verdict " + fromAudit.path("allowed") + " vs " + validate.path("allowed"));
        }
        if (!ReportCauses.withoutRules(fromAudit.path("causes")).equals(causes)) {
            differences.add(what + "causes " + fromAudit.path("causes") + " vs " + causes);
        }
        if (!fromAudit.path("warnings").equals(warnings)) {
            differences.add(what + "warnings " + fromAudit.path("warnings") + " vs " + warnings);
        }
        return differences;
    }

    private static JsonNode postReview(java.net.http.HttpClient http, String path, JsonNode object, String ns) throws Exception {
        var review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        var request = review.putObject("request").put("uid", "e2e-audit-parity").put("operation", "CREATE").put("namespace", ns)
                .put("name", object.path("metadata").path("name").asText());
        request.putObject("kind").put("group", "kubevault.com").put("version", "v1alpha2").put("kind", "VaultServer");
        request.set("object", object);
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(System.getProperty("e2e.webhookUrl") + path))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(review.toString())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("response");
    }

    private static String renderChart(Map<String, String> values) {
        TemplateCommand template = new Helm(Path.of(System.getProperty("e2e.chart"))).template().withName("vsa").withNamespace("vault-system");
        values.forEach(template::set);
        return template.call();
    }

    private static List<String> caBundles(String manifests) {
        List<String> found = new ArrayList<>();
        for (String line : manifests.split("\n")) {
            if (line.trim().startsWith("caBundle:")) {
                found.add(line.trim().substring("caBundle:".length()).trim());
            }
        }
        assertEquals(2, found.size(), manifests);
        return found;
    }

    static String vaultServer(String version, String name, String dynamoDb) {
        return VaultServerYaml.of(version, name, dynamoDb);
    }

    private static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> vaultServers(String version) {
        return client.genericKubernetesResources("kubevault.com/" + version, "VaultServer").inNamespace(NS);
    }

    private static GenericKubernetesResource resource(String yaml) {
        return client.getKubernetesSerialization().unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), GenericKubernetesResource.class);
    }

    private static JsonNode get(String version, String name) {
        GenericKubernetesResource found = vaultServers(version).withName(name).get();
        assertTrue(found != null, name + " is stored");
        return JSON.valueToTree(found);
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static Kubectl kubectl(String... args) {
        return new Kubectl(args);
    }
}
