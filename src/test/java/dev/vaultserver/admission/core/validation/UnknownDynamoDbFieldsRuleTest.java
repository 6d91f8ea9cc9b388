package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.model.VaultServerVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.vaultserver.admission.core.validation.RuleCase.dynamoDb;

class UnknownDynamoDbFieldsRuleTest {

    private static final String P = "spec.backend.dynamodb.";

    static Stream<Arguments> commonCases() {
        return RuleCase.forBothVersions(
                dynamoDb("all common fields", "{'table': 'a', 'region': 'b', 'endpoint': 'c', 'haEnabled': true, 'readCapacity': 1,"
                        + " 'writeCapacity': 1, 'maxParallel': 1}"),
                dynamoDb("a typo", "{'readCapcity': 10}").warnings(P + "readCapcity: unknown field in kubevault.com/v1alpha … did you mean \"readCapacity\"?"),
                dynamoDb("wrong case", "{'TABLE': 'x'}").warnings(P + "TABLE: unknown field … did you mean \"table\"?"),
                dynamoDb("snake case", "{'max_parallel': 1}").warnings(P + "max_parallel: unknown field … did you mean \"maxParallel\"?"),
                dynamoDb("nothing close", "{'bucket': 'x'}").warnings(P + "bucket: unknown field in kubevault.com/v1alpha"),
                dynamoDb("an odd name is quoted", "{'a b\\n': 1}").warnings(P + "\"a b\\n\": unknown field"),
                dynamoDb("two unknown fields", "{'tabel': 'x', 'regoin': 'y'}").warnings(P + "tabel:", P + "regoin:"));
    }

    static Stream<Arguments> versionCases() {
        return Stream.concat(
                RuleCase.forVersions(List.of(VaultServerVersion.V1ALPHA1),
                        dynamoDb("v1alpha1 fields", "{'credentialSecret': 'a', 'sessionTokenSecret': 'b'}"),
                        dynamoDb("v1alpha2's field in v1alpha1", "{'credentialSecretRef': {'name': 'a'}}")
                                .warnings(P + "credentialSecretRef: unknown field in kubevault.com/v1alpha1" + " … " + "use credentialSecret: <name> in v1alpha1")),
                RuleCase.forVersions(List.of(VaultServerVersion.V1ALPHA2),
                        dynamoDb("v1alpha2 field", "{'credentialSecretRef': {'name': 'a'}}"),
                        dynamoDb("v1alpha1's fields in v1alpha2", "{'credentialSecret': 'a', 'sessionTokenSecret': 'b'}")
                                .warnings(P + "credentialSecret: unknown field in kubevault.com/v1alpha2 … use credentialSecretRef: {name: ...}",
                                        P + "sessionTokenSecret: unknown field in kubevault.com/v1alpha2")));
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource({"commonCases", "versionCases"})
    void warnsAboutUnknownFields(VaultServerVersion version, RuleCase row) {
        row.assertFindings(new UnknownDynamoDbFieldsRule(), version);
    }
}
