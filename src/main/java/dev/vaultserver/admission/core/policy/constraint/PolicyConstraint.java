package dev.vaultserver.admission.core.policy.constraint;

import dev.vaultserver.admission.core.finding.Findings;

/**
 * One constraint a tenant policy rule can set. Like the webhook's rules it looks at its subject and adds
 * what it finds: each violation as an error at the field where the value is set, judged on the values
 * Vault will really use ({@link PolicySubject#backend()}). The rule's enforcement then decides whether
 * a violation refuses the write or warns.
 */
public interface PolicyConstraint {

    void check(PolicySubject subject, Findings findings);
}
