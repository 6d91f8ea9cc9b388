package dev.vaultserver.admission.checkaudit.output;

import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON and YAML writers write one and the same document; the input's lines and rule IDs stay out of it. */
class JsonReportWriterTest {

    @Test
    void jsonAndYamlAreTheSameDocument() throws Exception {
        String json = SampleReport.written(JsonReportWriter.json());
        String yaml = SampleReport.written(JsonReportWriter.yaml());
        assertTrue(json.endsWith("}\n"), "JSON ends with a newline");
        assertFalse(yaml.startsWith("---"), yaml);
        JsonNode fromJson = new ObjectMapper().readTree(json);
        assertEquals(fromJson.toString(), new YAMLMapper().readTree(yaml).toString());
        JsonNode denied = fromJson.path("results").get(0);
        assertEquals(List.of("spec.backend.dynamodb.readCapacity", "FieldValueInvalid", "Invalid value: -5: must be at least 1"),
                List.of(denied.path("causes").get(0).path("field").asText(), denied.path("causes").get(0).path("reason").asText(),
                        denied.path("causes").get(0).path("message").asText()));
        assertFalse(denied.path("causes").get(0).has("line"));
        assertFalse(denied.path("causes").get(0).has("rule"));
        assertEquals("spec.replicas: 3 replicas without haEnabled", denied.path("warnings").get(0).asText());
        assertEquals(1, fromJson.path("summary").path("denied").asInt());
    }
}
