package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.field.Findings;
import dev.vaultserver.admission.core.model.DynamoDbField;
import dev.vaultserver.admission.core.model.VaultServer;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A non-empty {@code region} matches one of the AWS partitions' region patterns (aws-sdk-js-v3
 * {@code partitions.json}). With a custom {@code endpoint} (DynamoDB Local, LocalStack, ScyllaDB
 * Alternator) any region is accepted, so then it need only be letters, digits and '-'.
 */
public final class RegionRule implements ValidationRule {

    static final List<Pattern> AWS_PARTITIONS = List.of(
            Pattern.compile("^(us|eu|ap|sa|ca|me|af|il|mx)-\\w+-\\d+$"), // aws
            Pattern.compile("^cn-\\w+-\\d+$"), // aws-cn
            Pattern.compile("^us-gov-\\w+-\\d+$"), // aws-us-gov
            Pattern.compile("^us-iso-\\w+-\\d+$"), // aws-iso
            Pattern.compile("^us-isob-\\w+-\\d+$"), // aws-iso-b
            Pattern.compile("^eu-isoe-\\w+-\\d+$"), // aws-iso-e
            Pattern.compile("^us-isof-\\w+-\\d+$"), // aws-iso-f
            Pattern.compile("^eusc-(de)-\\w+-\\d+$")); // aws-eusc
    private static final Pattern CUSTOM_ENDPOINT_REGION = Pattern.compile("^[A-Za-z0-9-]+$");

    @Override
    public void check(VaultServer vaultServer, Findings findings) {
        vaultServer.dynamoDbText(DynamoDbField.REGION).filter(HclSafeStringsRule::isSafe).ifPresent(region -> {
            boolean customEndpoint = vaultServer.dynamoDbText(DynamoDbField.ENDPOINT).isPresent();
            if (customEndpoint && !CUSTOM_ENDPOINT_REGION.matcher(region).matches()) {
                findings.error(FieldError.invalid(DynamoDbField.REGION.path(), region,
                        "must contain only letters, digits and '-' (any such region is accepted with a custom endpoint)"));
            } else if (!customEndpoint && AWS_PARTITIONS.stream().noneMatch(p -> p.matcher(region).matches())) {
                findings.error(FieldError.invalid(DynamoDbField.REGION.path(), region,
                        "must be an AWS region such as us-east-1, eu-west-2, cn-north-1 or us-gov-west-1"
                                + " (any region of letters, digits and '-' is accepted when endpoint is set)"));
            }
        });
    }
}
