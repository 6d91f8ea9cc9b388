package dev.vaultserver.admission.core.policy.constraint;

import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;

/**
 * {@code requireHighAvailability}: with {@code spec.replicas} above 1, DynamoDB HA must be on; without
 * it the replicas do not coordinate through DynamoDB locks.
 */
public record HighAvailabilityRequired() implements PolicyConstraint {

    @Override
    public void check(PolicySubject subject, Findings findings) {
        long replicas = subject.vaultServer().replicas().orElse(1);
        if (replicas > 1 && subject.backend().haEnabled().known() && !subject.backend().highAvailability()) {
            findings.error(FieldError.invalid(subject.backend().haEnabled().field(), BooleanNode.FALSE,
                    "must be true when spec.replicas is " + replicas + " (more than 1)"));
        }
    }
}
