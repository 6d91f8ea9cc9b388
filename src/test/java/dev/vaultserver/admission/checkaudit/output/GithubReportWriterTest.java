package dev.vaultserver.admission.checkaudit.output;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** GitHub's workflow commands: an annotation per cause and warning on its line, titled with the rule's ID; their escaping. */
class GithubReportWriterTest {

    @Test
    void eachCauseAndWarningIsAnAnnotationOnItsLineTitledWithItsRule() throws Exception {
        assertEquals(List.of(
                "::error file=deploy/vault.yaml,line=12,title=VaultServer team-a/vault would be denied (422 Invalid) [dynamodb.capacity]"
                        + "::spec.backend.dynamodb.readCapacity: Invalid value: -5: must be at least 1",
                "::warning file=deploy/vault.yaml,line=8,title=VaultServer team-a/vault [dynamodb.ha]::spec.replicas: 3 replicas without haEnabled",
                "CheckReport: 2 checked, 1 allowed, 1 denied, 1 skipped"),
                SampleReport.written(new GithubReportWriter()).lines().toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "100%|100%25|100%25",
            "a:b,c|a:b,c|a%3Ab%2Cc",
            "line\\nnext\\rend|line%0Anext%0Dend|line%0Anext%0Dend"})
    void messagesAndPropertiesAreEscaped(String value, String data, String property) {
        String raw = value.replace("\\n", "\n").replace("\\r", "\r");
        assertEquals(data, GithubReportWriter.data(raw));
        assertEquals(property, GithubReportWriter.property(raw));
    }
}
