package dev.vaultserver.admission.checkaudit.doctor;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an installation through the API server: the webhook configurations holding this project's webhooks (of the
 * Helm release given, by its label, or the only ones), then what their Service names. Read-only.
 */
final class InstallationReader {

    static final String INSTANCE = "app.kubernetes.io/instance";

    private final KubernetesClient client;

    InstallationReader(KubernetesClient client) {
        this.client = client;
    }

    /** The installation, or empty when no configuration holds this project's webhooks. */
    Optional<Installation> read(Optional<String> release) {
        ValidatingWebhookConfiguration validating = client.admissionRegistration().v1().validatingWebhookConfigurations().list().getItems().stream()
                .filter(c -> Webhooks.validating(c).isPresent() && ofRelease(c.getMetadata().getLabels(), release)).findFirst().orElse(null);
        MutatingWebhookConfiguration mutating = client.admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems().stream()
                .filter(c -> Webhooks.mutating(c).isPresent() && ofRelease(c.getMetadata().getLabels(), release)).findFirst().orElse(null);
        if (validating == null && mutating == null) {
            return Optional.empty();
        }
        ServiceReference reference = Webhooks.validating(validating).or(() -> Webhooks.mutating(mutating))
                .map(w -> w.clientConfig() == null ? null : w.clientConfig().getService()).orElse(null);
        var labels = (validating != null ? validating : mutating).getMetadata().getLabels();
        String name = labels != null && labels.containsKey(INSTANCE) ? labels.get(INSTANCE) : (validating != null ? validating : mutating).getMetadata().getName();
        String namespace = reference == null ? null : reference.getNamespace();
        Service service = reference == null ? null : client.services().inNamespace(namespace).withName(reference.getName()).get();
        Deployment deployment = service == null ? null : deployment(namespace, service);
        return Optional.of(new Installation(name, namespace, mutating, validating, service,
                service == null ? null : client.endpoints().inNamespace(namespace).withName(service.getMetadata().getName()).get(),
                deployment, namespace == null ? List.of() : disruptionBudgets(namespace), deployment == null ? null : servingSecret(namespace, deployment),
                client.apiextensions().v1().customResourceDefinitions().withName(Installation.CRD).get(), namespaceLabels(namespace),
                client.apiextensions().v1().customResourceDefinitions().withName(Installation.REPORTS_CRD).get()));
    }

    private static boolean ofRelease(Map<String, String> labels, Optional<String> release) {
        return release.isEmpty() || (labels != null && release.get().equals(labels.get(INSTANCE)));
    }

    /** The Deployment whose Pods the Service selects. */
    private Deployment deployment(String namespace, Service service) {
        Map<String, String> selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return null;
        }
        return client.apps().deployments().inNamespace(namespace).list().getItems().stream().filter(d -> {
            Map<String, String> pod = d.getSpec().getTemplate().getMetadata().getLabels();
            return pod != null && selector.entrySet().stream().allMatch(e -> e.getValue().equals(pod.get(e.getKey())));
        }).findFirst().orElse(null);
    }

    /** The Deployment's Secret volume holding {@code tls.crt}: the one named {@code certs} (the chart's), else the first. */
    private Secret servingSecret(String namespace, Deployment deployment) {
        List<Volume> volumes = deployment.getSpec().getTemplate().getSpec().getVolumes();
        if (volumes == null) {
            return null;
        }
        return volumes.stream().filter(v -> v.getSecret() != null).sorted((a, b) -> Boolean.compare(!"certs".equals(a.getName()), !"certs".equals(b.getName())))
                .map(v -> client.secrets().inNamespace(namespace).withName(v.getSecret().getSecretName()).get())
                .filter(s -> s != null && s.getData() != null && s.getData().containsKey("tls.crt")).findFirst().orElse(null);
    }

    /** PodDisruptionBudgets: policy/v1, or policy/v1beta1 on API servers before 1.21. */
    private List<GenericKubernetesResource> disruptionBudgets(String namespace) {
        for (String version : List.of("policy/v1", "policy/v1beta1")) {
            try {
                return client.genericKubernetesResources(version, "PodDisruptionBudget").inNamespace(namespace).list().getItems();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        return List.of();
    }

    /** kube-system's and the release namespace's labels, with {@code kubernetes.io/metadata.name} as API servers from 1.21 set it. */
    private Map<String, Map<String, String>> namespaceLabels(String release) {
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        for (String name : release == null ? List.of("kube-system") : List.of("kube-system", release)) {
            var namespace = client.namespaces().withName(name).get();
            Map<String, String> own = new HashMap<>(namespace == null || namespace.getMetadata().getLabels() == null ? Map.of() : namespace.getMetadata().getLabels());
            own.put("kubernetes.io/metadata.name", name);
            labels.put(name, own);
        }
        return labels;
    }
}
