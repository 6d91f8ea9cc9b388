package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.model.VaultServerVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.vaultserver.admission.core.validation.RuleCase.dynamoDb;

class DynamoDbFieldTypesRuleTest {

    private static final String P = "spec.backend.dynamodb.";

    static Stream<Arguments> commonCases() {
        return RuleCase.forBothVersions(
                dynamoDb("all of the right type", "{'table': 't1t', 'region': 'us-east-1', 'endpoint': 'h', 'haEnabled': true,"
                        + " 'readCapacity': 5, 'writeCapacity': 0, 'maxParallel': 128}"),
                dynamoDb("empty", "{}"),
                dynamoDb("nulls are unset", "{'table': null, 'readCapacity': null, 'haEnabled': null}"),
                dynamoDb("5.0 is an integer", "{'readCapacity': 5.0}"),
                dynamoDb("dynamodb null is no backend of this rule's", "null"),
                dynamoDb("dynamodb a string", "'yes'").errors("spec.backend.dynamodb: Invalid value: \"yes\": must be an object, not a string"),
                dynamoDb("dynamodb a list", "[1]").errors("spec.backend.dynamodb: Invalid value: [1]: must be an object, not a list"),
                dynamoDb("capacity as a string", "{'readCapacity': '5'}")
                        .errors(P + "readCapacity: Invalid value: \"5\": must be an integer, not a string"),
                dynamoDb("capacity as a fraction", "{'writeCapacity': 2.5}")
                        .errors(P + "writeCapacity: Invalid value: 2.5: must be an integer, not a fraction"),
                dynamoDb("capacity as a boolean", "{'maxParallel': true}")
                        .errors(P + "maxParallel: Invalid value: true: must be an integer, not a boolean"),
                dynamoDb("capacity beyond 64 bits", "{'readCapacity': 99999999999999999999}")
                        .errors(P + "readCapacity: Invalid value: 99999999999999999999: must be an integer from -9223372036854775808 to"
                                + " 9223372036854775807: this integer is too large"),
                dynamoDb("capacity as 1e30", "{'readCapacity': 1e30}")
                        .errors(P + "readCapacity: Invalid value: 1E+30: must be an integer from -9223372036854775808 to 9223372036854775807:"
                                + " this integer is too large"),
                dynamoDb("capacity as 1e400", "{'readCapacity': 1e400}")
                        .errors(P + "readCapacity: Invalid value: 1E+400: must be an integer from -9223372036854775808 to 9223372036854775807:"
                                + " this integer is too large"),
                dynamoDb("maxParallel as -1e19", "{'maxParallel': -1e19}")
                        .errors(P + "maxParallel: Invalid value: -1E+19: must be an integer from -9223372036854775808 to 9223372036854775807:"
                                + " this integer is too small"),
                dynamoDb("capacity as 1.5e1 is fifteen", "{'writeCapacity': 1.5e1}"),
                dynamoDb("haEnabled as a string", "{'haEnabled': 'true'}")
                        .errors(P + "haEnabled: Invalid value: \"true\": must be a boolean, not a string"),
                dynamoDb("table as a number", "{'table': 5}").errors(P + "table: Invalid value: 5: must be a string, not an integer"),
                dynamoDb("region as an object", "{'region': {'name': 'us-east-1'}}")
                        .errors(P + "region: Invalid value: {\"name\":\"us-east-1\"}: must be a string, not an object"),
                dynamoDb("endpoint as a list", "{'endpoint': ['a']}").errors(P + "endpoint: Invalid value: [\"a\"]: must be a string, not a list"),
                dynamoDb("every wrong type at once", "{'table': 1, 'region': 2, 'haEnabled': 3, 'readCapacity': 'x'}")
                        .errors(P + "table: Invalid value: 1: must be a string, not an integer",
                                P + "region: Invalid value: 2: must be a string, not an integer",
                                P + "haEnabled: Invalid value: 3: must be a boolean, not an integer",
                                P + "readCapacity: Invalid value: \"x\": must be an integer, not a string"));
    }

    static Stream<Arguments> versionCases() {
        return Stream.concat(
                RuleCase.forVersions(List.of(VaultServerVersion.V1ALPHA1),
                        dynamoDb("v1alpha1 secret names as strings", "{'credentialSecret': 'a', 'sessionTokenSecret': 'b'}"),
                        dynamoDb("v1alpha1 credentialSecret as an object", "{'credentialSecret': {'name': 'a'}}")
                                .errors(P + "credentialSecret: Invalid value: {\"name\":\"a\"}: must be a string, not an object"),
                        dynamoDb("v1alpha1 ignores v1alpha2's credentialSecretRef (unknown-field warning elsewhere)", "{'credentialSecretRef': 'a'}")),
                RuleCase.forVersions(List.of(VaultServerVersion.V1ALPHA2),
                        dynamoDb("v1alpha2 credentialSecretRef object", "{'credentialSecretRef': {'name': 'aws'}}"),
                        dynamoDb("v1alpha2 credentialSecretRef a string", "{'credentialSecretRef': 'aws'}")
                                .errors(P + "credentialSecretRef: Invalid value: \"aws\": must be an object, not a string"),
                        dynamoDb("v1alpha2 credentialSecretRef.name a number", "{'credentialSecretRef': {'name': 7}}")
                                .errors(P + "credentialSecretRef.name: Invalid value: 7: must be a string, not an integer"),
                        dynamoDb("v1alpha2 ignores v1alpha1's credentialSecret (unknown-field warning elsewhere)", "{'credentialSecret': 5}")));
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource({"commonCases", "versionCases"})
    void checksJsonTypes(VaultServerVersion version, RuleCase row) {
        row.assertFindings(new DynamoDbFieldTypesRule(), version);
    }
}
