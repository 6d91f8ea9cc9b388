package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.model.VaultServerVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.vaultserver.admission.core.validation.RuleCase.dynamoDb;

class HclSafeStringsRuleTest {

    private static final String WHY = ": must not contain double quotes, backslashes, newlines or other control characters"
            + " (it is written unescaped into Vault's HCL configuration)";
    private static final String P = "spec.backend.dynamodb.";

    static Stream<Arguments> cases() {
        return RuleCase.forBothVersions(
                dynamoDb("plain values", "{'table': 'vault', 'region': 'us-east-1', 'endpoint': 'https://x/y'}"),
                dynamoDb("empty values", "{'table': '', 'region': '', 'endpoint': ''}"),
                dynamoDb("quote in table: HCL injection", "{'table': 'x\\\" max_parallel = \\\"1'}")
                        .errors(P + "table: Invalid value: \"x\\\" max_parallel = \\\"1\"" + WHY),
                dynamoDb("newline in region", "{'region': 'us-east-1\\nha_enabled = \\\"true\\\"'}")
                        .errors(P + "region: Invalid value: \"us-east-1\\nha_enabled = \\\"true\\\"\"" + WHY),
                dynamoDb("backslash in endpoint", "{'endpoint': 'http://a\\\\b'}")
                        .errors(P + "endpoint: Invalid value: \"http://a\\\\b\"" + WHY),
                dynamoDb("tab, DEL and NUL", "{'table': 'a\\tb', 'region': 'a\\u007fb', 'endpoint': 'a\\u0000b'}")
                        .errors(P + "table: Invalid value: \"a\\tb\"" + WHY,
                                P + "region: Invalid value: \"a\u007fb\"" + WHY,
                                P + "endpoint: Invalid value: \"a\\u0000b\"" + WHY),
                dynamoDb("C1 control character", "{'table': 'a\\u0085b'}").errors(P + "table: Invalid value: \"a\u0085b\"" + WHY));
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource("cases")
    void refusesWhatBreaksHcl(VaultServerVersion version, RuleCase row) {
        row.assertFindings(new HclSafeStringsRule(), version);
    }
}
