package dev.vaultserver.admission.core.policy.constraint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TableNamePatternTest {

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "team-a-*|team-a-vault|true",
            "team-a-*|team-a-|true",
            "team-a-*|team-b-vault|false",
            "team-a-*|xteam-a-vault|false",
            "*|anything|true",
            "*|''|true",
            "vault.team-a|vault.team-a|true",
            "vault.team-a|vaultXteam-a|false",
            "a*a|a|false",
            "a*a|aa|true",
            "a*b*c|abc|true",
            "a*b*c|a-b-b-c|true",
            "a*b*c|acb|false",
            "*-prod-*|t-prod-1|true",
            "*-prod-*|t-prod|false",
            "x**y|xy|true"})
    void starIsAnyCharactersAndTheRestIsLiteral(String glob, String text, boolean matches) {
        assertEquals(matches, TableNamePattern.globMatches(glob, text));
    }
}
