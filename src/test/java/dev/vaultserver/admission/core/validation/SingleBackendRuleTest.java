package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.model.VaultServerVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.vaultserver.admission.core.validation.RuleCase.spec;

class SingleBackendRuleTest {

    static Stream<Arguments> cases() {
        String required = "spec.backend: Required value: exactly one storage backend must be specified, e.g. dynamodb";
        return RuleCase.forBothVersions(
                spec("dynamodb alone", "{'backend': {'dynamodb': {}}}"),
                spec("any other single backend", "{'backend': {'raft': {'path': '/vault'}}}"),
                spec("a backend newer than this webhook", "{'backend': {'spanner': {}}}"),
                spec("null next to one backend does not count", "{'backend': {'dynamodb': {}, 's3': null}}"),
                spec("no backend", "{'version': '1'}").errors(required),
                spec("no spec", "{}").errors(required),
                spec("backend null", "{'backend': null}").errors(required),
                spec("empty backend", "{'backend': {}}").errors(required),
                spec("backend not an object", "{'backend': 'dynamodb'}")
                        .errors("spec.backend: Invalid value: \"dynamodb\": must be an object naming exactly one storage backend"),
                spec("two backends", "{'backend': {'dynamodb': {}, 's3': {'bucket': 'b'}}}")
                        .errors("spec.backend: Invalid value: [\"dynamodb\",\"s3\"]: exactly one storage backend must be specified, found 2: dynamodb, s3"),
                spec("three backends, unknown ones counted", "{'backend': {'dynamodb': {}, 'x': {}, 'y': 1}}")
                        .errors("spec.backend: Invalid value: [\"dynamodb\",\"x\",\"y\"]: exactly one storage backend must be specified, found 3: dynamodb, x, y"));
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource("cases")
    void countsBackends(VaultServerVersion version, RuleCase row) {
        row.assertFindings(new SingleBackendRule(), version);
    }
}
