package dev.vaultserver.admission.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Comparing check's and audit's causes with the webhook's. */
public final class ReportCauses {

    private ReportCauses() {
    }

    /** A report's causes as the webhook's Status carries them: without the rule ID, which only check and audit show (each must). */
    public static JsonNode withoutRules(JsonNode causes) {
        ArrayNode stripped = causes.deepCopy();
        stripped.forEach(cause -> {
            assertTrue(cause.path("rule").isTextual(), "every cause names its rule: " + cause);
            ((ObjectNode) cause).remove("rule");
        });
        return stripped;
    }
}
