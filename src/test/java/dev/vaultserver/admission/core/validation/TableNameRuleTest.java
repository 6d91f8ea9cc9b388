package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.model.VaultServerVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.vaultserver.admission.core.validation.RuleCase.dynamoDb;

class TableNameRuleTest {

    private static final String T = "spec.backend.dynamodb.table: Invalid value: ";
    private static final String AWS = " (AWS DynamoDB table name rules)";

    static Stream<Arguments> cases() {
        String max = "a".repeat(255);
        String tooLong = "b".repeat(256);
        return RuleCase.forBothVersions(
                dynamoDb("unset", "{}"),
                dynamoDb("empty means the default", "{'table': ''}"),
                dynamoDb("three characters", "{'table': 'abc'}"),
                dynamoDb("255 characters", "{'table': '" + max + "'}"),
                dynamoDb("every allowed character", "{'table': 'Az09_.-'}"),
                dynamoDb("the default name", "{'table': 'vault-dynamodb-backend'}"),
                dynamoDb("two characters", "{'table': 'ab'}").errors(T + "\"ab\": must be 3 to 255 characters long (it has 2)" + AWS),
                dynamoDb("256 characters", "{'table': '" + tooLong + "'}")
                        .errors(T + "\"" + "b".repeat(119) + "...(138 more characters): must be 3 to 255 characters long (it has 256)" + AWS),
                dynamoDb("a space", "{'table': 'my table'}").errors(T + "\"my table\": must contain only letters, digits, '_', '.' and '-'" + AWS),
                dynamoDb("a slash", "{'table': 'team/vault'}").errors(T + "\"team/vault\": must contain only letters, digits, '_', '.' and '-'" + AWS),
                dynamoDb("non-ASCII letters", "{'table': 'tablé'}").errors(T + "\"tablé\": must contain only letters, digits, '_', '.' and '-'" + AWS),
                dynamoDb("too short and a bad character", "{'table': 'a:'}")
                        .errors(T + "\"a:\": must be 3 to 255 characters long (it has 2) and must contain only letters, digits, '_', '.' and '-'" + AWS),
                dynamoDb("quotes are the HCL rule's", "{'table': 'a\\\"'}"),
                dynamoDb("wrong type is the type rule's", "{'table': 12}"));
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource("cases")
    void followsAwsTableNames(VaultServerVersion version, RuleCase row) {
        row.assertFindings(new TableNameRule(), version);
    }
}
