package dev.vaultserver.admission.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Comparator;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Structural JSON comparison: field order does not matter, and numbers compare by value (5 == 5.0 == 5L). */
public final class JsonAssert {

    private static final Comparator<JsonNode> SAME = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return 1;
    };

    private JsonAssert() {
    }

    public static void assertJsonEquals(JsonNode expected, JsonNode actual) {
        assertJsonEquals(expected, actual, "");
    }

    public static void assertJsonEquals(JsonNode expected, JsonNode actual, String message) {
        assertTrue(expected.equals(SAME, actual), message + "\nexpected: " + expected.toPrettyString() + "\n  actual: "
                + (actual == null ? "null" : actual.toPrettyString()));
    }
}
