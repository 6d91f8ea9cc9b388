package dev.vaultserver.admission.core.policy.constraint;

import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.model.VaultServer;

import java.util.List;

/**
 * One constraint a tenant policy rule can set. It judges the values Vault will really use
 * ({@link EffectiveBackend}: env overrides and defaults applied) and reports each violation at the
 * field where the value is set.
 */
public interface PolicyConstraint {

    void check(VaultServer vaultServer, EffectiveBackend backend, List<FieldError> violations);
}
