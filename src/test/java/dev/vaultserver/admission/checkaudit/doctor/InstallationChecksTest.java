package dev.vaultserver.admission.checkaudit.doctor;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each doctor check on an installation as the chart makes it (no finding), then with one fault at a time: the finding's
 * ID and severity, and that the others stay quiet. Certificates are made by certs/generate.sh (openssl).
 */
class InstallationChecksTest {

    static final String NS = "vault-system";
    static final String SERVICE = "vsa-vaultserver-admission";
    static final Instant NOW = Instant.now();
    static String ca;
    static String served;
    static String otherCa;
    static String otherServed;
    static String wrongName;
    static String expiring;

    @BeforeAll
    static void certificates(@TempDir Path dir) throws Exception {
        String host = SERVICE + "." + NS + ".svc";
        ca = pem(dir.resolve("a"), "ca.crt", "--days", "365", host);
        served = pem(dir.resolve("a"), "tls.crt");
        otherCa = pem(dir.resolve("b"), "ca.crt", "--days", "365", host);
        otherServed = pem(dir.resolve("b"), "tls.crt");
        pem(dir.resolve("c"), "ca.crt", "--days", "365", "someone-else.default.svc");
        wrongName = pem(dir.resolve("c"), "tls.crt");
        pem(dir.resolve("d"), "ca.crt", "--days", "5", host);
        expiring = pem(dir.resolve("d"), "tls.crt");
    }

    /** Makes a CA and a serving certificate in DIR (when ARGS are given) and returns FILE of it, base64 as in a Secret. */
    private static String pem(Path dir, String file, String... args) throws Exception {
        if (args.length > 0) {
            List<String> command = new ArrayList<>(List.of("certs/generate.sh", "--out", dir.toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertEquals(0, process.waitFor(), output);
        }
        return Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve(file)));
    }

    /** The installation as the chart makes it, changed by {@code fault}. */
    static Installation installation(UnaryOperator<Parts> fault) {
        return fault.apply(new Parts()).build();
    }

    /** The pieces of an installation a test may change before it is built. */
    static final class Parts {
        List<String> mutatingOperations = List.of("CREATE", "UPDATE");
        List<String> validatingOperations = List.of("CREATE", "UPDATE", "DELETE");
        List<String> versions = List.of("v1alpha1", "v1alpha2");
        String sideEffects = "NoneOnDryRun";
        String matchPolicy = "Equivalent";
        int timeout = 5;
        String failurePolicy = "Fail";
        boolean selector = true;
        boolean mutating = true;
        String caBundle = ca;
        String certificate = served;
        int readyReplicas = 2;
        int endpoints = 2;
        boolean budget = true;
        List<String> servedVersions = List.of("v1alpha1", "v1alpha2");
        boolean crd = true;
        boolean reportsEnabled = false;
        boolean reportsCrd = true;

        Parts with(java.util.function.Consumer<Parts> change) {
            change.accept(this);
            return this;
        }

        Installation build() {
            var rule = new RuleWithOperationsBuilder().withApiGroups("kubevault.com").withApiVersions(versions).withResources("vaultservers");
            var namespaceSelector = selector ? new LabelSelectorBuilder().addNewMatchExpression().withKey("kubernetes.io/metadata.name")
                    .withOperator("NotIn").withValues(NS, "kube-system").endMatchExpression().build() : null;
            var clientConfig = new io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder().withCaBundle(caBundle)
                    .withNewService().withNamespace(NS).withName(SERVICE).withPath("/validate").endService().build();
            var validating = new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(SERVICE).endMetadata()
                    .withWebhooks(new ValidatingWebhookBuilder().withName(Installation.VALIDATE).withRules(rule.withOperations(validatingOperations).build())
                            .withSideEffects(sideEffects).withMatchPolicy(matchPolicy).withAdmissionReviewVersions("v1", "v1beta1").withTimeoutSeconds(timeout)
                            .withFailurePolicy(failurePolicy).withNamespaceSelector(namespaceSelector).withClientConfig(clientConfig).build()).build();
            var mutatingConfig = !mutating ? null : new MutatingWebhookConfigurationBuilder().withNewMetadata().withName(SERVICE).endMetadata()
                    .withWebhooks(new MutatingWebhookBuilder().withName(Installation.MUTATE).withRules(rule.withOperations(mutatingOperations).build())
                            .withSideEffects(sideEffects).withMatchPolicy(matchPolicy).withAdmissionReviewVersions("v1", "v1beta1").withTimeoutSeconds(timeout)
                            .withFailurePolicy(failurePolicy).withNamespaceSelector(namespaceSelector).withClientConfig(clientConfig).build()).build();
            Map<String, String> podLabels = Map.of("app.kubernetes.io/name", "vaultserver-admission", "app.kubernetes.io/instance", "vsa");
            var service = new ServiceBuilder().withNewMetadata().withName(SERVICE).withNamespace(NS).endMetadata().withNewSpec().withSelector(podLabels)
                    .endSpec().build();
            var endpointsObject = new EndpointsBuilder().withNewMetadata().withName(SERVICE).endMetadata().addNewSubset()
                    .withAddresses(java.util.stream.IntStream.range(0, endpoints).mapToObj(i -> new io.fabric8.kubernetes.api.model.EndpointAddressBuilder()
                            .withIp("10.244.0." + (i + 2)).build()).toList()).endSubset().build();
            var deployment = new DeploymentBuilder().withNewMetadata().withName(SERVICE).withNamespace(NS).endMetadata().withNewSpec().withNewTemplate()
                    .withNewMetadata().withLabels(podLabels).endMetadata().withNewSpec().addNewContainer().withName("webhook")
                    .addNewEnv().withName(Installation.REPORTS_SETTING).withValue(String.valueOf(reportsEnabled)).endEnv().endContainer().endSpec()
                    .endTemplate().endSpec().withNewStatus().withReadyReplicas(readyReplicas).endStatus().build();
            var reports = !reportsCrd ? null : new CustomResourceDefinitionBuilder().withNewMetadata().withName(Installation.REPORTS_CRD).endMetadata()
                    .withNewSpec().withVersions(new CustomResourceDefinitionVersionBuilder().withName("v1alpha1").withServed(true).build()).endSpec().build();
            List<GenericKubernetesResource> budgets = new ArrayList<>();
            if (budget) {
                GenericKubernetesResource pdb = new GenericKubernetesResource();
                pdb.setAdditionalProperty("spec", Map.of("minAvailable", 1, "selector", Map.of("matchLabels", podLabels)));
                budgets.add(pdb);
            }
            var secret = new SecretBuilder().withNewMetadata().withName(SERVICE + "-tls").endMetadata().withData(Map.of("tls.crt", certificate)).build();
            var crdObject = !crd ? null : new CustomResourceDefinitionBuilder().withNewMetadata().withName(Installation.CRD).endMetadata().withNewSpec()
                    .withVersions(List.of("v1alpha1", "v1alpha2").stream().map(v -> new CustomResourceDefinitionVersionBuilder().withName(v)
                            .withServed(servedVersions.contains(v)).build()).toList()).endSpec().build();
            Map<String, Map<String, String>> namespaces = new java.util.LinkedHashMap<>();
            namespaces.put("kube-system", Map.of("kubernetes.io/metadata.name", "kube-system"));
            namespaces.put(NS, Map.of("kubernetes.io/metadata.name", NS));
            return new Installation("vsa", NS, mutatingConfig, validating, service, endpointsObject, deployment, budgets, secret, crdObject, namespaces,
                    reports);
        }
    }

    private static List<String> findings(Installation installation) {
        List<String> found = new ArrayList<>();
        for (InstallationCheck check : Doctor.checks(NOW)) {
            for (DoctorFinding finding : check.check(installation)) {
                assertTrue(check.ids().contains(finding.id()), finding.id() + " is one of " + check.ids());
                assertTrue(!finding.fix().isBlank() && !finding.message().isBlank(), finding.toString());
                found.add(finding.severity().name().toLowerCase() + " " + finding.id());
            }
        }
        return found;
    }

    @Test
    void anInstallationAsTheChartMakesItHasNoFinding() {
        assertEquals(List.of(), findings(installation(p -> p)));
    }

    @Test
    void eachFaultIsFoundWithItsIdAndSeverity() {
        Map<String, UnaryOperator<Parts>> faults = new java.util.LinkedHashMap<>();
        faults.put("error webhook.missing", p -> p.with(x -> x.mutating = false));
        faults.put("error webhook.operations", p -> p.with(x -> x.versions = List.of("v1alpha2")));
        faults.put("warning webhook.delete", p -> p.with(x -> x.validatingOperations = List.of("CREATE", "UPDATE")));
        faults.put("error webhook.side-effects", p -> p.with(x -> x.sideEffects = "Unknown"));
        faults.put("warning webhook.match-policy", p -> p.with(x -> x.matchPolicy = "Exact"));
        faults.put("error webhook.timeout", p -> p.with(x -> x.timeout = 30));
        faults.put("error webhook.namespace-selector", p -> p.with(x -> x.selector = false));
        faults.put("error availability.replicas", p -> p.with(x -> x.readyReplicas = 1));
        faults.put("warning availability.disruption-budget", p -> p.with(x -> x.budget = false));
        faults.put("error service.endpoints", p -> p.with(x -> x.endpoints = 0));
        faults.put("error tls.ca-bundle", p -> p.with(x -> x.caBundle = otherCa));
        faults.put("error tls.names", p -> p.with(x -> {
            x.certificate = wrongName;
            x.caBundle = null;
        }));
        faults.put("error tls.expiry", p -> p.with(x -> {
            x.certificate = expiring;
            x.caBundle = null;
        }));
        faults.put("error crd.versions", p -> p.with(x -> x.servedVersions = List.of("v1alpha2")));
        faults.put("error reports.crd", p -> p.with(x -> {
            x.reportsEnabled = true;
            x.reportsCrd = false;
        }));
        for (Map.Entry<String, UnaryOperator<Parts>> fault : faults.entrySet()) {
            List<String> found = new ArrayList<>(findings(installation(fault.getValue())));
            // A certificate of another CA is also a caBundle mismatch, and rules without v1alpha1 leave out its DELETE too.
            assertTrue(found.contains(fault.getKey()), fault.getKey() + " found: " + found);
            found.removeIf(f -> f.equals(fault.getKey()) || f.endsWith("tls.ca-bundle")
                    || (fault.getKey().endsWith("webhook.operations") && f.equals("warning webhook.delete")));
            assertEquals(List.of(), found, "only " + fault.getKey());
        }
    }

    @Test
    void theNamespaceSelectorFindingNamesWhatItTakesIn() {
        List<DoctorFinding> found = new NamespaceSelectorCheck().check(installation(p -> p.with(x -> x.selector = false)));
        assertEquals(2, found.size(), "one per webhook");
        assertTrue(found.get(0).message().contains("takes in kube-system and " + NS), found.get(0).message());
    }

    @Test
    void theReportsCrdMattersOnlyWhenReportsAreEnabled() {
        assertEquals(List.of(), findings(installation(p -> p.with(x -> x.reportsCrd = false))), "reports off: no CRD needed");
        assertEquals(List.of(), findings(installation(p -> p.with(x -> x.reportsEnabled = true))), "reports on, CRD there");
    }

    @Test
    void failingOpenNeedsNoReplicasOrBudgetButStillEndpoints() {
        assertEquals(List.of("error service.endpoints"), findings(installation(p -> p.with(x -> {
            x.failurePolicy = "Ignore";
            x.readyReplicas = 0;
            x.endpoints = 0;
            x.budget = false;
        }))));
    }

    @Test
    void aServedCertificateOfAnotherCaIsACaBundleMismatchAndNoCrdIsAnError() {
        assertEquals(List.of("error tls.ca-bundle", "error tls.ca-bundle"), findings(installation(p -> p.with(x -> x.certificate = otherServed))),
                "each webhook's caBundle");
        assertEquals(List.of("error crd.versions"), findings(installation(p -> p.with(x -> x.crd = false))));
    }
}
