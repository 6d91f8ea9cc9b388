package dev.vaultserver.admission.core.policy.constraint;

import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.model.VaultServer;

import java.util.List;

/**
 * {@code requireHighAvailability}: with {@code spec.replicas} above 1, DynamoDB HA must be on; without
 * it the replicas do not coordinate through DynamoDB locks.
 */
public record HighAvailabilityRequired() implements PolicyConstraint {

    @Override
    public void check(VaultServer vaultServer, EffectiveBackend backend, List<FieldError> violations) {
        long replicas = vaultServer.replicas().orElse(1);
        if (replicas > 1 && backend.haEnabled().known() && !backend.highAvailability()) {
            violations.add(FieldError.invalid(backend.haEnabled().field(), BooleanNode.FALSE,
                    "must be true when spec.replicas is " + replicas + " (more than 1)"));
        }
    }
}
