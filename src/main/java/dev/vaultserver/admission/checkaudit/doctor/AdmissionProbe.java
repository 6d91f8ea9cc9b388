package dev.vaultserver.admission.checkaudit.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.core.field.Echo;
import dev.vaultserver.admission.kubernetes.ApiServerErrors;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The end-to-end probe: through the API server, as a user writes, a server-side dry run (nothing is stored, no table is
 * claimed) of a known-bad VaultServer must be refused by this webhook, and of a good one allowed with its defaults,
 * in a namespace the webhooks' namespaceSelector takes ({@code default} when it does).
 */
final class AdmissionProbe implements InstallationCheck {

    static final String NAMESPACE = "probe.namespace";
    static final String REFUSED = "probe.refused";
    static final String DEFAULTED = "probe.defaulted";
    static final String NAME = "vaultserver-admission-doctor-probe";

    private final KubernetesClient client;
    private final ObjectMapper json = new ObjectMapper();

    AdmissionProbe(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public List<String> ids() {
        return List.of(NAMESPACE, REFUSED, DEFAULTED);
    }

    @Override
    public List<DoctorFinding> check(Installation installation) {
        if (installation.crd() == null || installation.validating() == null) {
            return List.of(); // crd.versions and webhook.missing say why
        }
        Optional<String> namespace = takenNamespace(installation);
        String subject = "VaultServer " + namespace.orElse("?") + "/" + NAME + " (server-side dry run)";
        if (namespace.isEmpty()) {
            return List.of(DoctorFinding.warning(NAMESPACE, subject, "no namespace is taken by the webhooks' namespaceSelector: nothing to probe",
                    "check the namespaceSelector"));
        }
        List<DoctorFinding> findings = new ArrayList<>();
        try {
            dryRun(namespace.get(), "{readCapacity: -5}");
            findings.add(DoctorFinding.error(REFUSED, subject, "a VaultServer with readCapacity -5 was allowed: the webhook did not judge it",
                    "check the webhooks' rules, namespaceSelector and objectSelector"));
        } catch (KubernetesClientException e) {
            if (!refusedByTheRules(ApiServerErrors.statusMessage(e))) {
                findings.add(DoctorFinding.error(REFUSED, subject, "the bad VaultServer was refused, but not by this webhook's rules: "
                        + ApiServerErrors.shownStatusMessage(e, 300), "see the message: an API server that cannot call the webhook names the cause"));
            }
        }
        try {
            JsonNode created = json.valueToTree(dryRun(namespace.get(), "{table: " + NAME + ", region: eu-west-1}"));
            JsonNode dynamodb = created.path("spec").path("backend").path("dynamodb");
            if (dynamodb.path("maxParallel").asInt() != 128 || !dynamodb.has("haEnabled")) {
                findings.add(DoctorFinding.error(DEFAULTED, subject, "a good VaultServer was allowed without the DynamoDB defaults: " + Echo.line(dynamodb.toString(), 200),
                        "check the MutatingWebhookConfiguration"));
            }
        } catch (KubernetesClientException e) {
            findings.add(DoctorFinding.error(DEFAULTED, subject, "a good VaultServer was refused: " + ApiServerErrors.shownStatusMessage(e, 300),
                    "see the message (a tenant policy may refuse the probe's table or region in this namespace)"));
        }
        return findings;
    }

    /**
     * Whether the API server's answer to the bad VaultServer is this webhook's denial naming its readCapacity, as the API
     * server words it (the raw Status message: not escaped for showing).
     */
    static boolean refusedByTheRules(String statusMessage) {
        return statusMessage.contains("admission webhook \"" + Installation.VALIDATE + "\" denied the request")
                && statusMessage.contains("spec.backend.dynamodb.readCapacity");
    }

    private GenericKubernetesResource dryRun(String namespace, String dynamoDb) {
        GenericKubernetesResource object = client.getKubernetesSerialization().unmarshal("""
                apiVersion: kubevault.com/v1alpha2
                kind: VaultServer
                metadata: {name: %s}
                spec:
                  version: "1.12.1"
                  replicas: 1
                  backend:
                    dynamodb: %s
                """.formatted(NAME, dynamoDb), GenericKubernetesResource.class);
        return client.genericKubernetesResources("kubevault.com/v1alpha2", "VaultServer").inNamespace(namespace).resource(object).dryRun().create();
    }

    /** {@code default} if the validating webhook's selector takes it, else the first namespace it takes. */
    private Optional<String> takenNamespace(Installation installation) {
        var webhook = Webhooks.validating(installation.validating());
        if (webhook.isEmpty()) {
            return Optional.empty();
        }
        var selector = NamespaceSelectorCheck.selector(webhook.get().namespaceSelector());
        return client.namespaces().list().getItems().stream()
                .filter(n -> n.getMetadata().getDeletionTimestamp() == null)
                .filter(n -> {
                    Map<String, String> labels = new HashMap<>(n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels());
                    labels.put("kubernetes.io/metadata.name", n.getMetadata().getName());
                    return selector.matches(labels);
                })
                .map(n -> n.getMetadata().getName())
                .sorted((a, b) -> Boolean.compare(!"default".equals(a), !"default".equals(b)))
                .findFirst();
    }
}
