package dev.vaultserver.admission.core.policy;

/** What a policy rule does with a violation. */
public enum Enforcement {
    /** Refuse the write: {@code 403 Forbidden}, naming the rule. */
    DENY,
    /** Allow the write and return the violation as a warning: for rolling a rule out safely. */
    WARN
}
