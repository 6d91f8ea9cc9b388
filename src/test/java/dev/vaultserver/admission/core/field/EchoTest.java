package dev.vaultserver.admission.core.field;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Echo escapes as JSON does, whether a value takes the plain-ASCII path or Jackson's writer. */
class EchoTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "demo", "team-a/aws-credentials", "a b.c_d:e/f~g", "quote\"d", "back\\slash", "new\nline",
            "tab\there", "bell\u0007", "del\u007f", "é-accent", "emoji-\uD83D\uDE00", "\u2028separator", "<script>&'"})
    void escapesAsJacksonWritesAJsonString(String value) {
        String json = TextNode.valueOf(value).toString();
        assertEquals(json, Echo.quoted(value));
        assertEquals(json.substring(1, json.length() - 1), Echo.bare(value));
        assertEquals(json.substring(1, json.length() - 1), Echo.line(value, 1000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "\n"})
    void aLongValueIsCutAndTheRestCounted(String unit) {
        String shown = Echo.bare(unit.repeat(500));
        assertFalse(shown.contains("\n"), shown);
        String escapedUnit = unit.equals("\n") ? "\\n" : unit;
        assertEquals(escapedUnit.repeat(Echo.MAX_SHOWN / escapedUnit.length()) + "...(" + (500 * escapedUnit.length() - Echo.MAX_SHOWN)
                + " more characters)", shown);
    }
}
