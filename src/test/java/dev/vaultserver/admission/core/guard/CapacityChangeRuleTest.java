package dev.vaultserver.admission.core.guard;

import dev.vaultserver.admission.core.Fixtures;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.core.rule.VaultServerWrite;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A capacity change on an existing VaultServer is allowed with a word: Vault sets capacities only when it creates the table. */
class CapacityChangeRuleTest {

    private static final String READ = "spec.backend.dynamodb.readCapacity: Vault uses the read capacity only when it creates the table: table \"t\" keeps its ";
    private static final String WRITE = "spec.backend.dynamodb.writeCapacity: Vault uses the write capacity only when it creates the table: table \"t\" keeps its ";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "raised from 5 to 50|{'readCapacity': 5}|{'readCapacity': 50}|" + READ + "5 read capacity units; to change it in DynamoDB: aws dynamodb"
                    + " update-table --table-name t --region eu-west-1 --provisioned-throughput ReadCapacityUnits=50,WriteCapacityUnits=5",
            "from the default to 50|{}|{'readCapacity': 50}|" + READ + "5 read capacity units; to change it in DynamoDB: aws dynamodb update-table"
                    + " --table-name t --region eu-west-1 --provisioned-throughput ReadCapacityUnits=50,WriteCapacityUnits=5",
            "0 is the default: no change|{}|{'readCapacity': 0}|",
            "the same value: no word|{'writeCapacity': 7}|{'writeCapacity': 7}|",
            "written by env override|{'writeCapacity': 7}|{'writeCapacity': 7, 'env': 'AWS_DYNAMODB_WRITE_CAPACITY=9'}|spec.backend.dynamodb.writeCapacity:"
                    + " x",
            "maxParallel is not a capacity|{}|{'maxParallel': 4}|"})
    void anEffectiveCapacityChangeIsWarnedWithTheCommand(String name, String before, String after, String warning) {
        Findings findings = update(before, after);
        if (warning == null) {
            assertEquals(List.of(), findings.warnings());
        } else if (name.startsWith("written by env")) {
            assertEquals(List.of("spec.podTemplate.spec.env[0]: Vault uses the write capacity only when it creates the table: table \"t\" keeps its 7 write"
                    + " capacity units; to change it in DynamoDB: aws dynamodb update-table --table-name t --region eu-west-1 --provisioned-throughput"
                    + " ReadCapacityUnits=5,WriteCapacityUnits=9"), findings.warnings());
        } else {
            assertEquals(List.of(warning), findings.warnings());
        }
        assertEquals(List.of(), findings.errors());
    }

    @org.junit.jupiter.api.Test
    void aCreateGetsNoWordAndACustomEndpointIsInTheCommand() {
        Findings create = new Findings();
        new CapacityChangeRule().check(new VaultServerWrite("CREATE", vaultServer("{'readCapacity': 50}"), Optional.empty()), create);
        assertEquals(List.of(), create.warnings());

        Findings local = update("{'endpoint': 'http://localhost:8000', 'writeCapacity': 1}", "{'endpoint': 'http://localhost:8000', 'writeCapacity': 2}");
        assertEquals(List.of(WRITE + "1 write capacity units; to change it in DynamoDB: aws dynamodb update-table --table-name t --region eu-west-1"
                + " --endpoint-url http://localhost:8000 --provisioned-throughput ReadCapacityUnits=5,WriteCapacityUnits=2"), local.warnings());
    }

    private static Findings update(String before, String after) {
        Findings findings = new Findings();
        new CapacityChangeRule().check(new VaultServerWrite("UPDATE", vaultServer(after), Optional.of(vaultServer(before))), findings);
        return findings;
    }

    /** A VaultServer on table t in eu-west-1 with these DynamoDB fields; {@code env: NAME=VALUE} puts one env override on the container. */
    private static dev.vaultserver.admission.core.model.VaultServer vaultServer(String fields) {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.json(fields);
        String env = node.has("env") ? node.remove("env").asText() : null;
        node.put("table", "t").put("region", "eu-west-1");
        String spec = "{'backend': {'dynamodb': " + node.toString().replace('"', '\'') + "}"
                + (env == null ? "" : ", 'podTemplate': {'spec': {'env': [{'name': '" + env.split("=")[0] + "', 'value': '" + env.split("=")[1] + "'}]}}")
                + "}";
        return Fixtures.withSpec(VaultServerVersion.V1ALPHA2, spec);
    }
}
