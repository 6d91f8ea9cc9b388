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

    /** A pattern is squattable when what follows {namespace} can continue a namespace's name: "team" then takes "team-a"'s tables. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "{namespace}-*|true",
            "{namespace}*|true",
            "{namespace}a-*|true",
            "vault-{namespace}-*|true",
            "{namespace}.*|false",
            "{namespace}_*|false",
            "{namespace}|false",
            "vault.{namespace}|false",
            "prefix-*|false"})
    void aPatternThatLetsOneNamespaceTakeAnothersNamesIsTold(String pattern, boolean squattable) {
        assertEquals(squattable, TableNamePattern.squattable(pattern).isPresent(), TableNamePattern.squattable(pattern).toString());
    }

    @org.junit.jupiter.api.Test
    void theWarningNamesTheCollisionAndTheWayOut() {
        assertEquals("\"{namespace}-*\" lets namespace \"team\" take the tables of namespace \"team-a\" (such as \"team-a-prod\"): namespaces'"
                + " names may contain \"-\"; write \"{namespace}.\" instead, since no namespace's name contains \".\"",
                TableNamePattern.squattable("{namespace}-*").orElseThrow());
        // Matched as written: namespace team's pattern matches team-a's table.
        assertEquals(true, TableNamePattern.globMatches("team-*", "team-a-prod"));
        assertEquals(false, TableNamePattern.globMatches("team.*", "team-a.prod"));
    }
}
