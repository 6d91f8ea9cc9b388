package dev.vaultserver.admission.core.policy.constraint;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.EffectiveBackend;

import java.util.OptionalLong;
import java.util.function.Function;

/**
 * {@code maxReadCapacity}, {@code maxWriteCapacity}, {@code maxParallel}: the effective value (0 or
 * unset is the default Vault uses: 5, 5 and 128) must not be above the tenant's maximum.
 */
public record MaximumValue(String policyKey, Function<EffectiveBackend, EffectiveBackend.Setting> setting, long maximum)
        implements PolicyConstraint {

    public static MaximumValue readCapacity(long maximum) {
        return new MaximumValue("maxReadCapacity", EffectiveBackend::readCapacity, maximum);
    }

    public static MaximumValue writeCapacity(long maximum) {
        return new MaximumValue("maxWriteCapacity", EffectiveBackend::writeCapacity, maximum);
    }

    public static MaximumValue maxParallel(long maximum) {
        return new MaximumValue("maxParallel", EffectiveBackend::maxParallel, maximum);
    }

    @Override
    public void check(PolicySubject subject, Findings findings) {
        EffectiveBackend.Setting value = setting.apply(subject.backend());
        OptionalLong n = value.asLong();
        if (n.isPresent() && n.getAsLong() > maximum) {
            findings.error(FieldError.invalid(value.field(), LongNode.valueOf(n.getAsLong()),
                    "must be no more than " + maximum + (value.source() == EffectiveBackend.Source.DEFAULT ? " (the default is above it: set a value)" : "")));
        }
    }
}
