package dev.vaultserver.admission.checkaudit.output;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The escaping of GitHub's workflow commands (actions/toolkit, command.ts: escapeData and escapeProperty). */
class GithubReportWriterTest {

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
