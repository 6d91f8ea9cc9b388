package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.model.VaultServerVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.vaultserver.admission.core.validation.RuleCase.dynamoDb;

class CapacityRuleTest {

    private static final String P = "spec.backend.dynamodb.";

    static Stream<Arguments> cases() {
        return RuleCase.forBothVersions(
                dynamoDb("unset", "{}"),
                dynamoDb("0 means the default", "{'readCapacity': 0, 'writeCapacity': 0, 'maxParallel': 0}"),
                dynamoDb("1 is the least real value", "{'readCapacity': 1, 'writeCapacity': 1, 'maxParallel': 1}"),
                dynamoDb("exactly the AWS quota", "{'readCapacity': 40000, 'writeCapacity': 40000}"),
                dynamoDb("a large maxParallel is not capacity", "{'maxParallel': 100000}"),
                dynamoDb("wrong types are another rule's", "{'readCapacity': '-5', 'writeCapacity': -1.5}"),
                dynamoDb("negative read capacity", "{'readCapacity': -5}")
                        .errors(P + "readCapacity: Invalid value: -5: must be at least 1 (0 or unset means the default, 5)"),
                dynamoDb("negative write capacity as -1.0", "{'writeCapacity': -1.0}")
                        .errors(P + "writeCapacity: Invalid value: -1: must be at least 1 (0 or unset means the default, 5)"),
                dynamoDb("negative maxParallel", "{'maxParallel': -1}")
                        .errors(P + "maxParallel: Invalid value: -1: must be at least 1 (0 or unset means the default, 128)"),
                dynamoDb("all negative at once", "{'readCapacity': -1, 'writeCapacity': -2, 'maxParallel': -3}")
                        .errors(P + "readCapacity: Invalid value: -1: must be at least 1 (0 or unset means the default, 5)",
                                P + "writeCapacity: Invalid value: -2: must be at least 1 (0 or unset means the default, 5)",
                                P + "maxParallel: Invalid value: -3: must be at least 1 (0 or unset means the default, 128)"),
                dynamoDb("above the AWS quota", "{'readCapacity': 40001, 'writeCapacity': 9223372036854775807}")
                        .warnings(P + "readCapacity: 40001 capacity units is above AWS's default quota of 40,000",
                                P + "writeCapacity: 9223372036854775807 capacity units is above AWS's default quota"));
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource("cases")
    void checksRanges(VaultServerVersion version, RuleCase row) {
        row.assertFindings(new CapacityRule(), version);
    }
}
