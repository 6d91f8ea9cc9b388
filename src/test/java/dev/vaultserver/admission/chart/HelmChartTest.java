package dev.vaultserver.admission.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import dev.vaultserver.admission.core.policy.Enforcement;
import dev.vaultserver.admission.core.policy.PolicyReader;
import dev.vaultserver.admission.core.policy.PolicyRule;
import dev.vaultserver.admission.core.policy.TenantPolicy;

import java.util.ArrayList;
import java.util.stream.StreamSupport;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Helm chart rendered with helm-java (Helm's own Go code): lint, the three certificate modes, values, schema. */
class HelmChartTest {

    static final Path CHART = Path.of("helm/vaultserver-admission");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String NAMESPACE = "vault-system";
    private static final String FULLNAME = "vsa-vaultserver-admission";
    private static final String CA_PEM = Base64.getEncoder().encodeToString("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".getBytes());

    @Test
    void lintIsClean() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
        assertTrue(result.getMessages().stream().noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]")),
                String.join("\n", result.getMessages()));
    }

    @ParameterizedTest(name = "certificates.mode={0}")
    @CsvSource({"generate", "secret", "certManager"})
    void webhookConfigurationsCarryTheRulesInEveryMode(String mode) throws IOException {
        List<JsonNode> docs = render(Map.of("certificates.mode", mode, "certificates.secret.name", "my-tls", "certificates.secret.caBundle", CA_PEM));
        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            JsonNode config = only(docs, kind);
            JsonNode webhook = config.path("webhooks").get(0);
            assertEquals(1, config.path("webhooks").size());
            assertEquals(kind.startsWith("Mutating") ? "mutate.vaultserver-admission.dev" : "validate.vaultserver-admission.dev",
                    webhook.path("name").asText());
            JsonNode rule = webhook.path("rules").get(0);
            assertEquals(List.of("kubevault.com"), texts(rule.path("apiGroups")));
            assertEquals(List.of("v1alpha1", "v1alpha2"), texts(rule.path("apiVersions")));
            assertEquals(kind.startsWith("Mutating") ? List.of("CREATE", "UPDATE") : List.of("CREATE", "UPDATE", "DELETE"), texts(rule.path("operations")),
                    "deletes are judged (terminationPolicy DoNotTerminate), never mutated");
            assertEquals(List.of("vaultservers"), texts(rule.path("resources")), "the main resource only, not vaultservers/status");
            assertEquals("NoneOnDryRun", webhook.path("sideEffects").asText(), "the validating webhook claims tables, never on a dry run");
            assertEquals(List.of("v1", "v1beta1"), texts(webhook.path("admissionReviewVersions")));
            assertEquals("Equivalent", webhook.path("matchPolicy").asText());
            assertEquals("Fail", webhook.path("failurePolicy").asText());
            assertEquals(5, webhook.path("timeoutSeconds").asInt());
            assertEquals(kind.startsWith("Mutating"), webhook.has("reinvocationPolicy"));
            JsonNode excluded = webhook.path("namespaceSelector").path("matchExpressions").get(0);
            assertEquals("kubernetes.io/metadata.name", excluded.path("key").asText());
            assertEquals("NotIn", excluded.path("operator").asText());
            assertEquals(List.of(NAMESPACE, "kube-system"), texts(excluded.path("values")));
            JsonNode service = webhook.path("clientConfig").path("service");
            assertEquals(FULLNAME, service.path("name").asText());
            assertEquals(NAMESPACE, service.path("namespace").asText());
            assertEquals(kind.startsWith("Mutating") ? "/mutate" : "/validate", service.path("path").asText());
            assertEquals(443, service.path("port").asInt());
            String caBundle = webhook.path("clientConfig").path("caBundle").asText();
            if (mode.equals("certManager")) {
                assertTrue(caBundle.isEmpty(), "cert-manager's cainjector fills the caBundle");
                assertEquals(NAMESPACE + "/" + FULLNAME, config.path("metadata").path("annotations").path("cert-manager.io/inject-ca-from").asText());
            } else {
                assertFalse(caBundle.isEmpty(), kind + " has a caBundle");
            }
        }
        String tlsSecret = only(docs, "Deployment").path("spec").path("template").path("spec").path("volumes").get(0).path("secret").path("secretName").asText();
        switch (mode) {
            case "generate" -> assertEquals(FULLNAME + "-tls", only(docs, "Secret").path("metadata").path("name").asText());
            case "secret" -> {
                assertEquals("my-tls", tlsSecret);
                assertTrue(all(docs, "Secret").isEmpty(), "the existing Secret is used, none rendered");
                assertEquals(CA_PEM, only(docs, "ValidatingWebhookConfiguration").path("webhooks").get(0).path("clientConfig").path("caBundle").asText());
            }
            case "certManager" -> {
                JsonNode certificate = all(docs, "Certificate").stream().filter(c -> c.path("metadata").path("name").asText().equals(FULLNAME)).findFirst().orElseThrow();
                assertEquals(tlsSecret, certificate.path("spec").path("secretName").asText());
                assertTrue(texts(certificate.path("spec").path("dnsNames")).contains(FULLNAME + "." + NAMESPACE + ".svc"));
                assertEquals(2, all(docs, "Issuer").size(), "a self-signed Issuer and the CA Issuer it makes");
            }
            default -> throw new IllegalArgumentException(mode);
        }
    }

    @Test
    void generatedCaSignsTheServingCertificateForTheServiceName() throws Exception {
        List<JsonNode> docs = render(Map.of());
        JsonNode secret = only(docs, "Secret");
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509Certificate ca = (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(secret.path("data").path("ca.crt").asText())));
        X509Certificate leaf = (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(secret.path("data").path("tls.crt").asText())));
        leaf.verify(ca.getPublicKey());
        List<String> names = leaf.getSubjectAlternativeNames().stream().map(san -> san.get(1).toString()).toList();
        assertTrue(names.contains(FULLNAME + "." + NAMESPACE + ".svc"), names.toString());
        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            assertEquals(secret.path("data").path("ca.crt").asText(), only(docs, kind).path("webhooks").get(0).path("clientConfig").path("caBundle").asText(),
                    "one CA for the Secret and both webhook configurations");
        }
    }

    @Test
    void theGeneratedCertificateLastsAYearAndItsEndIsKeptForRenewal() throws Exception {
        JsonNode secret = only(render(Map.of()), "Secret");
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(secret.path("data").path("tls.crt").asText())));
        long days = java.time.Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()).toDays();
        assertEquals(365, days, "one year, renewed by an upgrade within 90 days of its end");
        long notAfter = Long.parseLong(secret.path("metadata").path("annotations").path("vaultserver-admission.dev/not-after").asText());
        assertTrue(Math.abs(notAfter - leaf.getNotAfter().toInstant().getEpochSecond()) < 120,
                "the Secret records the end the chart can read on upgrade: " + notAfter + " vs " + leaf.getNotAfter());
    }

    @Test
    void theKeyIsMountedOwnerReadOnlyAndLogsAreJson() throws IOException {
        JsonNode pod = only(render(Map.of()), "Deployment").path("spec").path("template").path("spec");
        JsonNode certs = StreamSupport.stream(pod.path("volumes").spliterator(), false)
                .filter(v -> v.path("name").asText().equals("certs")).findFirst().orElseThrow();
        assertEquals(0400, certs.path("secret").path("defaultMode").asInt());
        assertTrue(StreamSupport.stream(pod.path("containers").get(0).path("env").spliterator(), false).anyMatch(e ->
                e.path("name").asText().equals("VAULTSERVER_ADMISSION_LOG_JSON") && e.path("value").asText().equals("true")));
    }

    @Test
    void aNetworkPolicyIsOptInAndLetsOnlyTheApiServerAndPrometheusIn() throws IOException {
        assertEquals(List.of(), all(render(Map.of()), "NetworkPolicy"));
        Exception e = assertThrows(Exception.class, () -> render(Map.of("networkPolicy.enabled", "true")));
        assertTrue(e.getMessage().contains("networkPolicy.apiServer.cidrs"), e.getMessage());

        JsonNode policy = only(render(Map.of("networkPolicy.enabled", "true", "networkPolicy.apiServer.cidrs[0]", "10.244.0.1/32",
                "networkPolicy.prometheus.namespaceSelector.matchLabels.name", "monitoring",
                "networkPolicy.prometheus.podSelector.matchLabels.app", "prometheus")), "NetworkPolicy");
        assertEquals("vsa", policy.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/instance").asText());
        assertEquals(List.of("Ingress"), texts(policy.path("spec").path("policyTypes")));
        JsonNode ingress = policy.path("spec").path("ingress");
        assertEquals(1, ingress.size());
        assertEquals(8443, ingress.get(0).path("ports").get(0).path("port").asInt());
        JsonNode from = ingress.get(0).path("from");
        assertEquals(2, from.size(), from.toString());
        assertEquals("10.244.0.1/32", from.get(0).path("ipBlock").path("cidr").asText());
        assertEquals("monitoring", from.get(1).path("namespaceSelector").path("matchLabels").path("name").asText());
        assertEquals("prometheus", from.get(1).path("podSelector").path("matchLabels").path("app").asText(), "both selectors in one peer: an AND");
    }

    @Test
    void valuesReachTheWebhookConfigurations() throws IOException {
        List<JsonNode> docs = render(Map.of("webhook.failurePolicy", "Ignore", "webhook.timeoutSeconds", "10",
                "webhook.reinvocationPolicy", "IfNeeded", "webhook.excludeNamespaces[0]", "team-legacy"));
        JsonNode mutating = only(docs, "MutatingWebhookConfiguration").path("webhooks").get(0);
        assertEquals("Ignore", mutating.path("failurePolicy").asText());
        assertEquals(10, mutating.path("timeoutSeconds").asInt());
        assertEquals("IfNeeded", mutating.path("reinvocationPolicy").asText());
        assertEquals(List.of(NAMESPACE, "kube-system", "team-legacy"),
                texts(mutating.path("namespaceSelector").path("matchExpressions").get(0).path("values")));
        assertEquals("Ignore", only(docs, "ValidatingWebhookConfiguration").path("webhooks").get(0).path("failurePolicy").asText());
    }

    @Test
    void podsAreHardenedAndRbacOnlyReads() throws IOException {
        List<JsonNode> docs = render(Map.of());
        JsonNode deployment = only(docs, "Deployment");
        assertEquals(2, deployment.path("spec").path("replicas").asInt());
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
        JsonNode container = pod.path("containers").get(0);
        assertTrue(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean());
        assertFalse(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true));
        assertEquals(List.of("ALL"), texts(container.path("securityContext").path("capabilities").path("drop")));
        assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("HTTPS", container.path("readinessProbe").path("httpGet").path("scheme").asText());
        assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
        assertTrue(container.path("resources").path("limits").has("memory"));
        assertTrue(container.path("resources").path("requests").has("cpu"));
        assertEquals("kubernetes.io/hostname", pod.path("topologySpreadConstraints").get(0).path("topologyKey").asText());
        assertEquals(443, only(docs, "Service").path("spec").path("ports").get(0).path("port").asInt());
        assertEquals(1, only(docs, "PodDisruptionBudget").path("spec").path("minAvailable").asInt());

        JsonNode role = only(docs, "ClusterRole");
        for (JsonNode rule : List.of(role.path("rules").get(0), role.path("rules").get(1))) {
            assertTrue(List.of("get", "list", "watch").containsAll(texts(rule.path("verbs"))), "read-only: " + rule);
        }
        assertEquals(List.of("secrets", "namespaces"), texts(role.path("rules").get(0).path("resources")));
        assertEquals(List.of("kubevault.com"), texts(role.path("rules").get(1).path("apiGroups")));
        assertEquals(List.of("vaultservers"), texts(role.path("rules").get(1).path("resources")));
        // Questions, not state: whether a requester may read another namespace's VaultServers.
        assertEquals(List.of("authorization.k8s.io"), texts(role.path("rules").get(2).path("apiGroups")));
        assertEquals(List.of("subjectaccessreviews"), texts(role.path("rules").get(2).path("resources")));
        assertEquals(List.of("create"), texts(role.path("rules").get(2).path("verbs")));
        assertEquals(3, role.path("rules").size(), "RBAC grows by exactly namespaces, vaultservers and access reviews");
        // The only writes: table claims, Leases in the release's namespace, through a namespaced Role.
        JsonNode claims = only(docs, "Role");
        assertEquals(NAMESPACE, claims.path("metadata").path("namespace").asText());
        assertEquals(1, claims.path("rules").size());
        assertEquals(List.of("coordination.k8s.io"), texts(claims.path("rules").get(0).path("apiGroups")));
        assertEquals(List.of("leases"), texts(claims.path("rules").get(0).path("resources")));
        assertEquals(List.of("get", "list", "watch", "create", "update", "delete"), texts(claims.path("rules").get(0).path("verbs")));
        JsonNode binding = only(docs, "RoleBinding");
        assertEquals(NAMESPACE, binding.path("metadata").path("namespace").asText());
        assertEquals(claims.path("metadata").path("name").asText(), binding.path("roleRef").path("name").asText());
        assertEquals(FULLNAME, binding.path("subjects").get(0).path("name").asText());
        assertTrue(StreamSupport.stream(container.path("env").spliterator(), false).anyMatch(e ->
                e.path("name").asText().equals("VAULTSERVER_ADMISSION_CLAIMS_NAMESPACE") && e.path("value").asText().equals(NAMESPACE)),
                "the claims are kept in the release's namespace");
        for (JsonNode doc : docs) {
            assertEquals("vaultserver-admission", doc.path("metadata").path("labels").path("app.kubernetes.io/name").asText(), doc.path("kind").asText());
            assertEquals("vsa", doc.path("metadata").path("labels").path("app.kubernetes.io/instance").asText());
        }
    }

    @Test
    void theTenantPolicyIsAConfigMapMountedAsAFolderThatTheWebhookReads() throws Exception {
        List<JsonNode> docs = render(Map.of(), Path.of("src/test/resources/chart/tenant-policy-values.yaml"));
        JsonNode configMap = only(docs, "ConfigMap");
        assertEquals("vsa-vaultserver-admission-policy", configMap.path("metadata").path("name").asText());
        TenantPolicy policy = PolicyReader.read("rendered", configMap.path("data").path("policy.yaml").asText());
        assertEquals(List.of("tenants", "capacity-rollout"), policy.rules().stream().map(PolicyRule::name).toList());
        assertEquals(Enforcement.WARN, policy.rules().get(1).enforcement());
        assertEquals("example.com/platform", policy.exemptLabel());

        JsonNode pod = only(docs, "Deployment").path("spec").path("template").path("spec");
        JsonNode volume = StreamSupport.stream(pod.path("volumes").spliterator(), false)
                .filter(v -> v.path("name").asText().equals("policy")).findFirst().orElseThrow();
        assertEquals("vsa-vaultserver-admission-policy", volume.path("configMap").path("name").asText());
        JsonNode container = pod.path("containers").get(0);
        JsonNode mount = StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                .filter(m -> m.path("name").asText().equals("policy")).findFirst().orElseThrow();
        assertFalse(mount.has("subPath"), "a subPath mount is never updated by the kubelet");
        String file = StreamSupport.stream(container.path("env").spliterator(), false)
                .filter(e -> e.path("name").asText().equals("VAULTSERVER_ADMISSION_POLICY_FILE")).findFirst().orElseThrow().path("value").asText();
        assertEquals(mount.path("mountPath").asText() + "/policy.yaml", file);
        assertFalse(volume.path("configMap").path("optional").asBoolean(false), "a missing ConfigMap keeps the Pod from starting");
        assertTrue(StreamSupport.stream(container.path("env").spliterator(), false).anyMatch(e ->
                e.path("name").asText().equals("VAULTSERVER_ADMISSION_POLICY_REQUIRED") && e.path("value").asText().equals("true")),
                "a configured policy's missing file is refused, not read as no rules");
    }

    @Test
    void noRulesRenderAnEmptyPolicyAndAnExistingConfigMapIsUsedAsIs() throws Exception {
        JsonNode empty = only(render(Map.of()), "ConfigMap");
        assertEquals(List.of(), PolicyReader.read("rendered", empty.path("data").path("policy.yaml").asText()).rules());

        List<JsonNode> docs = render(Map.of("tenantPolicy.existingConfigMap", "platform-policy"));
        assertEquals(List.of(), all(docs, "ConfigMap"));
        assertTrue(only(docs, "Deployment").toString().contains("\"name\":\"platform-policy\""));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            tenantPolicy.rules[0].enforcement | audit
            webhook.failurePolicy   | Sometimes
            webhook.timeoutSeconds  | 31
            webhook.timeoutSeconds  | 0
            certificates.mode       | selfmade
            replicaCount            | 0
            service.port            | 70000
            logLevel                | LOUD
            webhook.excludeNamespaces[0] | Not_A_Namespace
            unknownTopLevelValue    | 1
            """)
    void badValuesAreRefusedByTheSchema(String key, String value) {
        Exception e = assertThrows(Exception.class, () -> render(Map.of(key, value)));
        assertTrue(e.getMessage().contains("values don't meet the specifications of the schema"), e.getMessage());
    }

    @Test
    void aSingleReplicaGetsNoDisruptionBudgetThatWouldBlockDrains() throws IOException {
        assertEquals(List.of(), all(render(Map.of("replicaCount", "1")), "PodDisruptionBudget"), "adapted: left out");
        assertEquals(2, only(render(Map.of("replicaCount", "3", "podDisruptionBudget.minAvailable", "2")), "PodDisruptionBudget")
                .path("spec").path("minAvailable").asInt());
        Exception e = assertThrows(Exception.class, () -> render(Map.of("replicaCount", "2", "podDisruptionBudget.minAvailable", "2")));
        assertTrue(e.getMessage().contains("podDisruptionBudget.minAvailable (2) must be less than replicaCount (2)"), e.getMessage());
    }

    @Test
    void jvmOptionsGoWhereTheJavaLauncherReadsThemAndARolloutKeepsAPodReady() throws IOException {
        JsonNode deployment = only(render(Map.of("jvm.maxRAMPercentage", "50", "jvm.extraOptions", "-XX:+UseSerialGC")), "Deployment");
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        String options = StreamSupport.stream(container.path("env").spliterator(), false)
                .filter(e -> e.path("name").asText().equals("JDK_JAVA_OPTIONS")).findFirst().orElseThrow().path("value").asText();
        assertEquals("-XX:MaxRAMPercentage=50 -XX:+UseSerialGC", options);
        assertEquals(0, deployment.path("spec").path("strategy").path("rollingUpdate").path("maxUnavailable").asInt(-1));
    }

    @Test
    void reportsAreWrittenAndMayBeWrittenOnlyWhenTheAuditRunsAndReportsAreEnabled() throws IOException {
        for (Map<String, String> values : List.of(Map.<String, String>of(), Map.of("reports.enabled", "true"), Map.of("audit.enabled", "true"))) {
            List<JsonNode> docs = render(values);
            assertFalse(only(docs, "ClusterRole").toString().contains("openreports.io"), "no access to Reports with " + values);
            assertEquals(Map.of(), reportSettings(only(docs, "Deployment")), "no report settings with " + values);
        }
        List<JsonNode> docs = render(Map.of("audit.enabled", "true", "reports.enabled", "true", "reports.maxResults", "50"));
        JsonNode rule = StreamSupport.stream(only(docs, "ClusterRole").path("rules").spliterator(), false)
                .filter(r -> texts(r.path("apiGroups")).equals(List.of("openreports.io"))).findFirst().orElseThrow();
        assertEquals(List.of("reports"), texts(rule.path("resources")));
        assertEquals(List.of("get", "list", "create", "patch", "update", "delete"), texts(rule.path("verbs")), "no watch, nothing else");
        assertEquals(Map.of("VAULTSERVER_ADMISSION_AUDIT_REPORTS_ENABLED", "true", "VAULTSERVER_ADMISSION_AUDIT_REPORTS_MAX_RESULTS", "50"),
                reportSettings(only(docs, "Deployment")));
        assertThrows(Exception.class, () -> render(Map.of("reports.maxResults", "0")), "at least one result");
        // The audit's leader election patches its own Lease, and no other.
        JsonNode leader = only(render(Map.of("audit.enabled", "true")), "Role").path("rules").get(1);
        assertEquals(List.of("vaultserver-admission-audit"), texts(leader.path("resourceNames")));
        assertEquals(List.of("get", "update", "patch"), texts(leader.path("verbs")));
    }

    private static Map<String, String> reportSettings(JsonNode deployment) {
        Map<String, String> settings = new java.util.TreeMap<>();
        deployment.path("spec").path("template").path("spec").path("containers").get(0).path("env").forEach(e -> {
            if (e.path("name").asText().startsWith("VAULTSERVER_ADMISSION_AUDIT_REPORTS")) {
                settings.put(e.path("name").asText(), e.path("value").asText());
            }
        });
        return settings;
    }

    @Test
    void secretModeNeedsANameAndACaBundle() {
        Exception e = assertThrows(Exception.class, () -> render(Map.of("certificates.mode", "secret")));
        assertTrue(e.getMessage().contains("schema"), e.getMessage());
    }

    /** Renders the chart as release "vsa" in namespace vault-system, and returns its documents. */
    static List<JsonNode> render(Map<String, String> values) throws IOException {
        return render(values, null);
    }

    static List<JsonNode> render(Map<String, String> values, Path valuesFile) throws IOException {
        // helm-java renders as an install dry-run, where Helm's lookup needs a cluster: render without it here
        // (the end-to-end suite renders against a real API server, with the lookup).
        TemplateCommand template = new Helm(CHART).template().withName("vsa").withNamespace(NAMESPACE)
                .set("certificates.generate.reuseExisting", "false");
        if (valuesFile != null) {
            template.withValuesFile(valuesFile);
        }
        values.forEach(template::set);
        String manifests = template.call();
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(manifests)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    static List<JsonNode> all(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static JsonNode only(List<JsonNode> docs, String kind) {
        List<JsonNode> found = all(docs, kind);
        assertEquals(1, found.size(), "one " + kind);
        return found.get(0);
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

}
