package dev.vaultserver.admission.core.policy;

import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.lookup.LookupException;
import dev.vaultserver.admission.core.lookup.NamespaceLookup;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.rule.VaultServerWrite;
import dev.vaultserver.admission.core.rule.WriteRule;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies the tenant policy to a write: finds the rules that select the VaultServer's Namespace (by
 * its labels, unless the Namespace is exempt) and reports each violation as a refusal (enforcement
 * {@code deny}, answered 403 Forbidden) or a warning ({@code warn}), naming the rule. On an UPDATE a
 * violation the object already had, unchanged, is only warned, so that a rule added later does not
 * block every edit of an existing VaultServer (the API server ratchets its own validation the same way).
 * When the policy or the Namespace cannot be looked up, the write fails closed.
 */
public final class TenantPolicyRule implements WriteRule {

    /** The ID of findings about the policy itself (not loaded, a Namespace not looked up); a rule's are {@code policy.<rule name>}. */
    public static final String ID = "policy";

    @Override
    public String id() {
        return ID;
    }

    private final PolicySource policy;
    private final NamespaceLookup namespaces;

    public TenantPolicyRule(PolicySource policy, NamespaceLookup namespaces) {
        this.policy = policy;
        this.namespaces = namespaces;
    }

    @Override
    public void check(VaultServerWrite write, Findings findings) {
        TenantPolicy current;
        try {
            current = policy.current();
        } catch (LookupException e) {
            findings.error(FieldError.internal("metadata.namespace", "the tenant policy is not loaded: " + e.getMessage()));
            return;
        }
        Optional<EffectiveBackend> backend = write.backend();
        if (current.rules().isEmpty() || backend.isEmpty()) {
            return;
        }
        String namespace = write.object().namespace();
        Map<String, String> labels;
        try {
            labels = namespaces.labels(namespace).orElse(Map.of());
        } catch (LookupException e) {
            findings.error(FieldError.internal("metadata.namespace",
                    "the labels of namespace \"" + namespace + "\" could not be looked up for the tenant policy: " + e.getMessage()));
            return;
        }
        if (current.exempts(labels)) {
            return;
        }
        for (PolicyRule rule : current.rules()) {
            if (rule.selects(labels)) {
                apply(rule, write, backend.get(), findings.by(ID + "." + rule.name()));
            }
        }
    }

    private static void apply(PolicyRule rule, VaultServerWrite write, EffectiveBackend backend, Findings findings) {
        Set<String> before = write.isUpdate() ? previous(rule, write.old().get(), write.oldBackend()) : Set.of();
        for (FieldError violation : rule.violations(write.object(), backend)) {
            String by = "tenant policy rule \"" + rule.name() + "\"";
            if (before.contains(violation.toString())) {
                findings.warning(violation.field(), violation.body() + " (" + by + "; already so before this update, so let through until it changes)");
            } else if (rule.enforcement() == Enforcement.DENY) {
                findings.refusal(new FieldError(violation.type(), violation.field(), violation.value(), violation.detail() + " (" + by + ")"));
            } else {
                findings.warning(violation.field(), violation.body() + " (" + by + ", enforcement: warn)");
            }
        }
    }

    private static Set<String> previous(PolicyRule rule, VaultServer old, Optional<EffectiveBackend> oldBackend) {
        return oldBackend
                .map(b -> rule.violations(old, b).stream().map(FieldError::toString).collect(Collectors.toSet()))
                .orElse(Set.of());
    }
}
