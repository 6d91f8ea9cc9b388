package dev.vaultserver.admission.checkaudit.output;

import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON and YAML writers write one and the same document, with each finding's rule ID; the input's lines stay out of it. */
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
        assertEquals("dynamodb.capacity", denied.path("causes").get(0).path("rule").asText());
        assertEquals("spec.replicas: 3 replicas without haEnabled", denied.path("warnings").get(0).asText());
        // Every finding with its rule: the causes, then the warnings.
        assertEquals("[{\"rule\":\"dynamodb.capacity\",\"result\":\"fail\",\"field\":\"spec.backend.dynamodb.readCapacity\","
                + "\"message\":\"Invalid value: -5: must be at least 1\"},{\"rule\":\"dynamodb.ha\",\"result\":\"warn\","
                + "\"field\":\"spec.replicas\",\"message\":\"3 replicas without haEnabled\"}]", denied.path("findings").toString());
        assertEquals("[]", fromJson.path("results").get(1).path("findings").toString(), "a clean object has no findings");
        assertEquals(1, fromJson.path("summary").path("denied").asInt());
    }
}
