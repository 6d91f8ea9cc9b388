package dev.vaultserver.admission.core.policy.constraint;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.vaultserver.admission.core.field.ErrorType;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.EffectiveBackend;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code allowedRegions}: the effective region (the default, us-east-1, included) must be one of these. A
 * deprecated pseudo-region ({@code us-gov-west-1-fips}) counts as the region it signs for.
 */
public record AllowedRegions(List<String> regions) implements PolicyConstraint {

    public AllowedRegions {
        regions = List.copyOf(regions);
    }

    @Override
    public void check(PolicySubject subject, Findings findings) {
        EffectiveBackend.Setting region = subject.backend().region();
        if (region.known() && !regions.contains(region.value()) && !regions.contains(subject.backend().dataRegion().value())) {
            findings.error(new FieldError(ErrorType.NOT_SUPPORTED, region.field(), TextNode.valueOf(region.value()),
                    "supported values: " + regions.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(", "))));
        }
    }
}
