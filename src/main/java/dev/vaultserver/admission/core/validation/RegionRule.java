package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.aws.AwsEndpoints;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.field.Echo;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.DynamoDbField;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.rule.ObjectRule;

import java.util.regex.Pattern;

/**
 * A non-empty {@code region} is an AWS region: one AWS's endpoint data lists, or one that matches a
 * partition's region pattern (a region newer than the data); see {@link AwsEndpoints}. A deprecated
 * {@code -fips} pseudo-region (still resolved by AWS's SDKs) is allowed with a warning. With a custom
 * {@code endpoint} (DynamoDB Local, LocalStack, ScyllaDB Alternator) any region is accepted, so then it
 * need only be letters, digits and '-'.
 */
public final class RegionRule implements ObjectRule {

    public static final String ID = "dynamodb.region";

    @Override
    public String id() {
        return ID;
    }

    private static final AwsEndpoints AWS = AwsEndpoints.standard();
    private static final Pattern CUSTOM_ENDPOINT_REGION = Pattern.compile("^[A-Za-z0-9-]+$");

    @Override
    public void check(VaultServer vaultServer, Findings findings) {
        vaultServer.dynamoDbText(DynamoDbField.REGION).filter(HclSafeStringsRule::isSafe).ifPresent(region -> {
            boolean customEndpoint = vaultServer.dynamoDbText(DynamoDbField.ENDPOINT).isPresent();
            AwsEndpoints.PseudoRegion pseudo = AWS.pseudoRegion(region).orElse(null);
            if (pseudo != null) {
                String advice = customEndpoint
                        ? "a deprecated pseudo-region that signs for " + pseudo.region() + "; write region: " + pseudo.region() + " instead"
                        : "a deprecated pseudo-region: Vault's AWS SDK signs for " + pseudo.region() + " and uses the endpoint https://"
                                + pseudo.hostname() + "; write region: " + pseudo.region() + " and endpoint: https://" + pseudo.hostname() + " instead";
                findings.warning(DynamoDbField.REGION.path(), Echo.quoted(region) + " is " + advice);
            } else if (customEndpoint && !CUSTOM_ENDPOINT_REGION.matcher(region).matches()) {
                findings.error(FieldError.invalid(DynamoDbField.REGION.path(), region,
                        "must contain only letters, digits and '-' (any such region is accepted with a custom endpoint)"));
            } else if (!customEndpoint && !AWS.isRegion(region)) {
                findings.error(FieldError.invalid(DynamoDbField.REGION.path(), region,
                        "must be an AWS region such as us-east-1, eu-west-2, cn-north-1 or us-gov-west-1"
                                + " (any region of letters, digits and '-' is accepted when endpoint is set)"));
            }
        });
    }
}
