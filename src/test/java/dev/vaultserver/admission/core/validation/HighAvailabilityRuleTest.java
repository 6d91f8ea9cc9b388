package dev.vaultserver.admission.core.validation;

import dev.vaultserver.admission.core.model.VaultServerVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.vaultserver.admission.core.validation.RuleCase.spec;

class HighAvailabilityRuleTest {

    private static final String WARNING = "replicas share one DynamoDB table but spec.backend.dynamodb.haEnabled is not true";

    static Stream<Arguments> cases() {
        return RuleCase.forBothVersions(
                spec("one replica", "{'replicas': 1, 'backend': {'dynamodb': {}}}"),
                spec("replicas unset", "{'backend': {'dynamodb': {}}}"),
                spec("three replicas with HA", "{'replicas': 3, 'backend': {'dynamodb': {'haEnabled': true}}}"),
                spec("three replicas, no dynamodb", "{'replicas': 3, 'backend': {'raft': {}}}"),
                spec("three replicas, HA unset", "{'replicas': 3, 'backend': {'dynamodb': {}}}").warnings("spec.replicas: 3 " + WARNING),
                spec("two replicas, HA false", "{'replicas': 2, 'backend': {'dynamodb': {'haEnabled': false}}}").warnings("spec.replicas: 2 " + WARNING),
                spec("HA as a string is not on", "{'replicas': 2, 'backend': {'dynamodb': {'haEnabled': 'true'}}}").warnings(WARNING));
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource("cases")
    void warnsOnReplicasWithoutHa(VaultServerVersion version, RuleCase row) {
        row.assertFindings(new HighAvailabilityRule(), version);
    }
}
