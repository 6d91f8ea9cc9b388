package dev.vaultserver.admission.core.policy.constraint;

import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.model.VaultServer;

/**
 * What a tenant policy constraint judges: a VaultServer with a DynamoDB backend, and that backend as Vault
 * will really use it (env overrides and defaults applied).
 */
public record PolicySubject(VaultServer vaultServer, EffectiveBackend backend) {
}
