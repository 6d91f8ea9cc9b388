package dev.vaultserver.admission.checkaudit.doctor;

import dev.vaultserver.admission.core.policy.NamespaceSelector;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Each webhook's {@code namespaceSelector} leaves out kube-system and the release's own namespace: otherwise an outage of
 * the webhook can block the control plane's namespace, and its own Pods' namespace (the good practices' deadlock).
 */
final class NamespaceSelectorCheck implements InstallationCheck {

    static final String ID = "webhook.namespace-selector";

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<DoctorFinding> check(Installation installation) {
        List<DoctorFinding> findings = new ArrayList<>();
        Webhooks.present(installation, (subject, webhook) -> {
            NamespaceSelector selector = selector(webhook.namespaceSelector());
            List<String> taken = new ArrayList<>();
            installation.namespaceLabels().forEach((namespace, labels) -> {
                if (selector.matches(labels)) {
                    taken.add(namespace);
                }
            });
            if (!taken.isEmpty()) {
                findings.add(DoctorFinding.error(ID, subject, webhook.name() + "'s namespaceSelector takes in " + String.join(" and ", taken)
                                + ": while no webhook Pod answers, writes there wait on it (with failurePolicy Fail: are refused), the webhook's own included",
                        "namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, "
                                + installation.namespace() + "]}]}, as the chart sets it"));
            }
        });
        return findings;
    }

    /** A Kubernetes label selector; none selects every namespace. */
    static NamespaceSelector selector(LabelSelector selector) {
        if (selector == null) {
            return NamespaceSelector.EVERYTHING;
        }
        List<NamespaceSelector.Requirement> requirements = new ArrayList<>();
        for (LabelSelectorRequirement r : selector.getMatchExpressions() == null ? List.<LabelSelectorRequirement>of() : selector.getMatchExpressions()) {
            requirements.add(new NamespaceSelector.Requirement(r.getKey(), NamespaceSelector.Operator.valueOf(r.getOperator()),
                    new HashSet<>(r.getValues() == null ? List.of() : r.getValues())));
        }
        return new NamespaceSelector(selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels(), requirements);
    }
}
