package dev.vaultserver.admission.e2e;

import dev.vaultserver.admission.testing.Await;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;


/**
 * The end-to-end suite's API server (started by e2e/run.sh, KUBECONFIG points at it) with the built webhook registered by
 * URL and caBundle, as every e2e test class needs it: registered once, idempotently, by whichever class runs first.
 */
final class E2eWebhooks {

    static final String DENIED = "admission webhook \"validate.vaultserver-admission.dev\" denied the request";
    /** Where the webhook keeps its table claims (e2e/run.sh). */
    static final String CLAIMS_NAMESPACE = System.getProperty("e2e.claimsNamespace", "vaultserver-admission-e2e");

    private E2eWebhooks() {
    }

    /** A client of the suite's API server, with KubeVault's CRD installed and both webhooks registered and answering. */
    static KubernetesClient connect(String probeNamespace) throws Exception {
        KubernetesClient client = new KubernetesClientBuilder().build();
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .load(new FileInputStream(System.getProperty("e2e.crd"))).item();
        if (client.resource(crd).get() == null) { // e2e/run.sh installs it before the webhook starts
            client.resource(crd).create();
        }
        client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
                        .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())), 30, TimeUnit.SECONDS);
        namespace(client, probeNamespace);

        String url = System.getProperty("e2e.webhookUrl");
        client.resource(new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("vaultserver-admission-e2e").endMetadata()
                .addNewWebhook().withName("mutate.vaultserver-admission.dev").withAdmissionReviewVersions("v1", "v1beta1")
                .withSideEffects("NoneOnDryRun").withMatchPolicy("Equivalent").withFailurePolicy("Fail").withTimeoutSeconds(5)
                .withRules(rule("CREATE", "UPDATE")).withNewClientConfig().withUrl(url + "/mutate").withCaBundle(caBundle()).endClientConfig().endWebhook()
                .build()).createOr(r -> r.update());
        registerValidating(client, "vaultserver-admission-e2e", "validate.vaultserver-admission.dev", url);

        // The API server picks webhook configurations up asynchronously: wait until a bad object is refused.
        Await.until("the API server calls the webhook", Duration.ofSeconds(30), Duration.ofMillis(500),
                () -> new Kubectl("-n", probeNamespace, "create", "--dry-run=server", "-f", "-")
                        .input(VaultServerYaml.of("v1alpha2", "probe", "{readCapacity: -1}")),
                probe -> probe.stderr.contains("spec.backend.dynamodb.readCapacity: Invalid value: -1"));
        return client;
    }

    /** A validating webhook configuration with one webhook of this name calling {@code url}/validate. */
    static void registerValidating(KubernetesClient client, String configuration, String webhook, String url) throws IOException {
        client.resource(new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(configuration).endMetadata()
                .addNewWebhook().withName(webhook).withAdmissionReviewVersions("v1", "v1beta1")
                .withSideEffects("NoneOnDryRun").withMatchPolicy("Equivalent").withFailurePolicy("Fail").withTimeoutSeconds(5)
                .withRules(rule("CREATE", "UPDATE", "DELETE")).withNewClientConfig().withUrl(url + "/validate").withCaBundle(caBundle()).endClientConfig()
                .endWebhook()
                .build()).createOr(r -> r.update());
    }

    static void namespace(KubernetesClient client, String name) {
        client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).createOr(r -> r.update());
    }

    /** As the chart registers them: the mutating webhook for CREATE and UPDATE, the validating one for DELETE too. */
    private static RuleWithOperations rule(String... operations) {
        return new RuleWithOperationsBuilder().withApiGroups("kubevault.com").withApiVersions("v1alpha1", "v1alpha2")
                .withOperations(operations).withResources("vaultservers").withScope("Namespaced").build();
    }

    private static String caBundle() throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(System.getProperty("e2e.caFile"))));
    }
}
