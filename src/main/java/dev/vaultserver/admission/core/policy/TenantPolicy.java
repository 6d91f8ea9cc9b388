package dev.vaultserver.admission.core.policy;

import java.util.List;
import java.util.Map;

/**
 * The cluster admin's per-tenant rules for VaultServers. Every rule whose selector matches a
 * VaultServer's Namespace applies, and all of them must hold. A Namespace carrying the exemption label
 * with its value is exempt from all of them.
 *
 * @param exemptLabel the label key that exempts a namespace
 * @param exemptValue the value it must have
 * @param rules the rules, in the order they are reported
 * @param warnings what is legal but probably not meant, e.g. a table pattern one tenant can squat another's names with
 */
public record TenantPolicy(String exemptLabel, String exemptValue, List<PolicyRule> rules, List<String> warnings) {

    public static final String DEFAULT_EXEMPT_LABEL = "vaultserver-admission.dev/exempt";
    public static final String DEFAULT_EXEMPT_VALUE = "true";

    /** No tenant rules. */
    public static final TenantPolicy NONE = new TenantPolicy(DEFAULT_EXEMPT_LABEL, DEFAULT_EXEMPT_VALUE, List.of());

    public TenantPolicy(String exemptLabel, String exemptValue, List<PolicyRule> rules) {
        this(exemptLabel, exemptValue, rules, List.of());
    }

    public TenantPolicy {
        rules = List.copyOf(rules);
        warnings = List.copyOf(warnings);
    }

    public boolean exempts(Map<String, String> namespaceLabels) {
        return exemptValue.equals(namespaceLabels.get(exemptLabel));
    }
}
