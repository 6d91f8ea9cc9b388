package dev.vaultserver.admission.core.policy;

import dev.vaultserver.admission.core.lookup.LookupException;

/** Where the tenant policy in force comes from (a file that is reloaded when it changes, or a fixed one). */
public interface PolicySource {

    /** The policy in force now; a LookupException when none could be loaded (the write then fails closed). */
    TenantPolicy current() throws LookupException;

    /** No tenant rules. */
    PolicySource NONE = () -> TenantPolicy.NONE;

    static PolicySource fixed(TenantPolicy policy) {
        return () -> policy;
    }
}
