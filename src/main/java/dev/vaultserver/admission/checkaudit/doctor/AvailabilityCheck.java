package dev.vaultserver.admission.checkaudit.doctor;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A webhook that fails closed is only as available as what answers it: the Service has ready endpoints, and with
 * {@code failurePolicy: Fail} at least {@value #MIN_REPLICAS} ready replicas and a PodDisruptionBudget over them, so that
 * one Pod lost or one node drained never refuses every VaultServer write.
 */
final class AvailabilityCheck implements InstallationCheck {

    static final String ENDPOINTS = "service.endpoints";
    static final String REPLICAS = "availability.replicas";
    static final String BUDGET = "availability.disruption-budget";
    static final int MIN_REPLICAS = 2;

    @Override
    public List<String> ids() {
        return List.of(ENDPOINTS, REPLICAS, BUDGET);
    }

    @Override
    public List<DoctorFinding> check(Installation installation) {
        List<DoctorFinding> findings = new ArrayList<>();
        String service = "Service " + installation.namespace() + "/" + (installation.service() == null ? "?" : installation.service().getMetadata().getName());
        if (installation.service() == null) {
            findings.add(DoctorFinding.error(ENDPOINTS, service, "the Service the webhooks call does not exist", "install or upgrade the chart"));
        } else if (readyAddresses(installation) == 0) {
            findings.add(DoctorFinding.error(ENDPOINTS, service, "the Service has no ready endpoint: no webhook Pod answers",
                    "kubectl -n " + installation.namespace() + " get pods,deployments and see why no Pod is Ready"));
        }
        AtomicBoolean failClosed = new AtomicBoolean();
        Webhooks.present(installation, (subject, webhook) -> failClosed.compareAndSet(false, !"Ignore".equals(webhook.failurePolicy())));
        if (!failClosed.get()) {
            return findings;
        }
        if (installation.deployment() == null) {
            findings.add(DoctorFinding.error(REPLICAS, service, "with failurePolicy Fail, no Deployment's Pods back the Service",
                    "install or upgrade the chart"));
            return findings;
        }
        String deployment = "Deployment " + installation.namespace() + "/" + installation.deployment().getMetadata().getName();
        int ready = installation.deployment().getStatus() == null || installation.deployment().getStatus().getReadyReplicas() == null ? 0
                : installation.deployment().getStatus().getReadyReplicas();
        if (ready < MIN_REPLICAS) {
            findings.add(DoctorFinding.error(REPLICAS, deployment, ready + " ready replica" + (ready == 1 ? "" : "s") + " with failurePolicy Fail: "
                            + (ready == 0 ? "every VaultServer write is refused now" : "losing that Pod refuses every VaultServer write"),
                    "kubectl -n " + installation.namespace() + " scale deployment " + installation.deployment().getMetadata().getName()
                            + " --replicas=2 (the chart's replicaCount: 2), and see why Pods are not Ready"));
        }
        Map<String, String> podLabels = installation.deployment().getSpec().getTemplate().getMetadata().getLabels();
        boolean budgeted = installation.disruptionBudgets().stream().anyMatch(b -> selects(b, podLabels));
        if (!budgeted) {
            findings.add(DoctorFinding.warning(BUDGET, deployment, "no PodDisruptionBudget covers the webhook's Pods: a node drain may evict"
                    + " them all at once, and with failurePolicy Fail VaultServer writes are refused meanwhile",
                    "podDisruptionBudget.enabled: true with replicaCount 2 or more (the chart's defaults)"));
        }
        return findings;
    }

    private static int readyAddresses(Installation installation) {
        if (installation.endpoints() == null || installation.endpoints().getSubsets() == null) {
            return 0;
        }
        return installation.endpoints().getSubsets().stream().mapToInt(subset -> subset.getAddresses() == null ? 0
                : subset.getAddresses().size()).sum();
    }

    @SuppressWarnings("unchecked")
    private static boolean selects(GenericKubernetesResource budget, Map<String, String> podLabels) {
        Object spec = budget.getAdditionalProperties().get("spec");
        if (!(spec instanceof Map<?, ?> specMap) || !(specMap.get("selector") instanceof Map<?, ?> selector)) {
            return false;
        }
        Object matchLabels = selector.get("matchLabels");
        if (!(matchLabels instanceof Map<?, ?> labels) || labels.isEmpty() || podLabels == null) {
            return false;
        }
        return ((Map<String, Object>) labels).entrySet().stream().allMatch(e -> String.valueOf(e.getValue()).equals(podLabels.get(e.getKey())));
    }
}
