package dev.vaultserver.admission.core.policy.constraint;

import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.EffectiveBackend;

/**
 * On by default in every rule ({@code allowEnvOverrides: false}): Vault reads {@code AWS_DYNAMODB_TABLE},
 * {@code AWS_REGION} and the like before its config, so an env var on the Vault container would move
 * the table or region past every other constraint. A tenant sets them in {@code spec.backend.dynamodb}.
 */
public record NoEnvironmentOverrides() implements PolicyConstraint {

    @Override
    public void check(PolicySubject subject, Findings findings) {
        for (EffectiveBackend.Setting override : subject.backend().envOverrides()) {
            findings.error(FieldError.forbidden(override.field(), override.value()
                    + " overrides Vault's DynamoDB settings: set them in spec.backend.dynamodb, where the tenant policy applies"));
        }
    }
}
