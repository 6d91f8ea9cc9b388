package dev.vaultserver.admission.core.guard;

import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.EffectiveBackend.Setting;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.rule.VaultServerWrite;
import dev.vaultserver.admission.core.rule.WriteRule;

/**
 * An endpoint that is AWS's own DynamoDB endpoint for one region, paired with another effective region
 * (say {@code region: eu-west-1} with {@code https://dynamodb.us-east-1.amazonaws.com}), is refused: Vault
 * would sign its requests for one region and send them to the other, and fail at run time. Both values are
 * the effective ones (an environment variable on the Vault container counts, the default region too), as
 * the write works them out once for every rule.
 */
public final class EndpointRegionRule implements WriteRule {

    public static final String ID = "dynamodb.endpoint-region";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(VaultServerWrite write, Findings findings) {
        write.backend().ifPresent(backend -> {
            Setting endpoint = backend.endpoint();
            Setting region = backend.dataRegion();
            if (!endpoint.known() || !region.known() || endpoint.value().isEmpty()) {
                return;
            }
            EffectiveBackend.awsEndpointRegion(endpoint.value())
                    .filter(endpointRegion -> !endpointRegion.equals(region.value()))
                    .ifPresent(endpointRegion -> findings.error(FieldError.invalid(endpoint.field(), endpoint.value(),
                            "is AWS's DynamoDB endpoint for region " + endpointRegion + ", but the effective region is "
                                    + backend.region().value() + " (" + region.field() + (region.source() == EffectiveBackend.Source.DEFAULT ? ", the default" : "")
                                    + "): Vault would sign for " + region.value() + " and send to " + endpointRegion
                                    + "; set the region to " + endpointRegion + " or remove the endpoint")));
        });
    }
}
