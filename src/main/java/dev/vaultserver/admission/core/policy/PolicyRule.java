package dev.vaultserver.admission.core.policy;

import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.policy.constraint.PolicyConstraint;
import dev.vaultserver.admission.core.policy.constraint.PolicySubject;

import java.util.List;
import java.util.Map;

/**
 * One rule of the tenant policy: the namespaces it applies to, what it does with a violation, and the
 * constraints it sets.
 */
public record PolicyRule(String name, Enforcement enforcement, NamespaceSelector namespaceSelector, List<PolicyConstraint> constraints) {

    public PolicyRule {
        constraints = List.copyOf(constraints);
    }

    public boolean selects(Map<String, String> namespaceLabels) {
        return namespaceSelector.matches(namespaceLabels);
    }

    /** What this rule finds wrong with a VaultServer, each worded as a field error. */
    public List<FieldError> violations(VaultServer vaultServer, EffectiveBackend backend) {
        Findings violations = new Findings();
        PolicySubject subject = new PolicySubject(vaultServer, backend);
        for (PolicyConstraint constraint : constraints) {
            constraint.check(subject, violations);
        }
        return violations.errors();
    }
}
