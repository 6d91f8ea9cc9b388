package dev.vaultserver.admission.checkaudit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The line of every field path, per document; parents of paths; one List item's lines. */
class FieldLinesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyFieldAndListEntryOfEveryDocumentHasItsLine() {
        List<Map<String, Integer>> documents = FieldLines.of(YAML, """
                kind: A
                spec:
                  env:
                  - name: X
                    value: "1"
                ---
                kind: B
                """.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, documents.size());
        assertEquals(Map.of("kind", 1, "spec", 2, "spec.env", 3, "spec.env[0]", 4, "spec.env[0].name", 4, "spec.env[0].value", 5),
                documents.get(0));
        assertEquals(Map.of("kind", 7), documents.get(1));
    }

    @Test
    void aSyntaxErrorKeepsTheLinesFoundBeforeIt() {
        List<Map<String, Integer>> documents = FieldLines.of(YAML, "kind: A\nspec: {a: 1\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, documents.size());
        assertEquals(1, documents.get(0).get("kind"));
    }

    @Test
    void parentsAndListItems() {
        assertEquals("spec.backend", FieldLines.parent("spec.backend.dynamodb"));
        assertEquals("spec.env", FieldLines.parent("spec.env[2]"));
        assertEquals("", FieldLines.parent("spec"));
        Map<String, Integer> lines = Map.of("items[0]", 2, "items[0].kind", 2, "items[1]", 5, "items[1].metadata.name", 6);
        assertEquals(Map.of("metadata.name", 6), FieldLines.under(lines, "items[1]"));
        assertEquals(5, FieldLines.itemLine(lines, 1, 99));
        assertEquals(99, FieldLines.itemLine(lines, 2, 99));
    }
}
