package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.model.VaultServerVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.vaultserver.admission.core.validation.RuleCase.dynamoDb;

class RegionRuleTest {

    private static final String NOT_AWS = ": must be an AWS region such as us-east-1, eu-west-2, cn-north-1 or us-gov-west-1"
            + " (any region of letters, digits and '-' is accepted when endpoint is set)";
    private static final String R = "spec.backend.dynamodb.region: Invalid value: ";

    static Stream<Arguments> cases() {
        return RuleCase.forBothVersions(
                dynamoDb("unset", "{}"),
                dynamoDb("empty means the default", "{'region': ''}"),
                dynamoDb("aws", "{'region': 'us-east-1'}"),
                dynamoDb("aws, other prefixes", "{'region': 'ap-southeast-4'}"),
                dynamoDb("aws il", "{'region': 'il-central-1'}"),
                dynamoDb("aws mx", "{'region': 'mx-central-1'}"),
                dynamoDb("aws-cn", "{'region': 'cn-northwest-1'}"),
                dynamoDb("aws-us-gov", "{'region': 'us-gov-west-1'}"),
                dynamoDb("aws-iso", "{'region': 'us-iso-east-1'}"),
                dynamoDb("aws-iso-b", "{'region': 'us-isob-east-1'}"),
                dynamoDb("aws-iso-e", "{'region': 'eu-isoe-west-1'}"),
                dynamoDb("aws-iso-f", "{'region': 'us-isof-south-1'}"),
                dynamoDb("aws-eusc", "{'region': 'eusc-de-east-1'}"),
                dynamoDb("custom endpoint, any region", "{'region': 'localhost-region', 'endpoint': 'http://localhost:8000'}"),
                dynamoDb("custom endpoint, made-up region", "{'region': 'Moon-1', 'endpoint': 'dynamodb.local'}"),
                dynamoDb("no number", "{'region': 'us-east'}").errors(R + "\"us-east\"" + NOT_AWS),
                dynamoDb("upper case", "{'region': 'US-EAST-1'}").errors(R + "\"US-EAST-1\"" + NOT_AWS),
                dynamoDb("unknown prefix", "{'region': 'xx-east-1'}").errors(R + "\"xx-east-1\"" + NOT_AWS),
                dynamoDb("an availability zone", "{'region': 'us-east-1a'}").errors(R + "\"us-east-1a\"" + NOT_AWS),
                dynamoDb("a space", "{'region': 'us east 1'}").errors(R + "\"us east 1\"" + NOT_AWS),
                dynamoDb("custom endpoint, bad characters", "{'region': 'local_region', 'endpoint': 'http://localhost:8000'}")
                        .errors(R + "\"local_region\": must contain only letters, digits and '-' (any such region is accepted with a custom endpoint)"),
                dynamoDb("empty endpoint is no endpoint", "{'region': 'Moon-1', 'endpoint': ''}").errors(R + "\"Moon-1\"" + NOT_AWS),
                dynamoDb("quotes are the HCL rule's", "{'region': 'us\\\"'}"));
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource("cases")
    void matchesAwsPartitions(VaultServerVersion version, RuleCase row) {
        row.assertFindings(new RegionRule(), version);
    }
}
