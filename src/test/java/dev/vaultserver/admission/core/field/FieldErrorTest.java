package dev.vaultserver.admission.core.field;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.vaultserver.admission.core.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Messages are worded and formatted as the API server's own field errors. */
class FieldErrorTest {

    static Stream<Arguments> errors() {
        String f = "spec.backend.dynamodb.readCapacity";
        return Stream.of(
                Arguments.of(FieldError.invalid(f, json("-5"), "must be at least 1"),
                        "spec.backend.dynamodb.readCapacity: Invalid value: -5: must be at least 1", "FieldValueInvalid"),
                Arguments.of(FieldError.invalid("spec.x", "a\"b\n", "bad"), "spec.x: Invalid value: \"a\\\"b\\n\": bad", "FieldValueInvalid"),
                Arguments.of(FieldError.typeInvalid(f, json("'5'"), "must be an integer"),
                        "spec.backend.dynamodb.readCapacity: Invalid value: \"5\": must be an integer", "FieldValueTypeInvalid"),
                Arguments.of(FieldError.required("spec.backend", "pick one"), "spec.backend: Required value: pick one", "FieldValueRequired"),
                Arguments.of(FieldError.notFound("spec.s", json("'aws'"), ""), "spec.s: Not found: \"aws\"", "FieldValueNotFound"),
                Arguments.of(FieldError.internal("spec.s", "could not be verified"), "spec.s: Internal error: could not be verified", "InternalError"),
                Arguments.of(FieldError.invalid("spec.o", json("{'a': [1, true, null]}"), "x"), "spec.o: Invalid value: {\"a\":[1,true,null]}: x",
                        "FieldValueInvalid"),
                Arguments.of(FieldError.invalid("spec.n", (com.fasterxml.jackson.databind.JsonNode) null, "x"), "spec.n: Invalid value: null: x",
                        "FieldValueInvalid"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void formatsLikeTheApiServer(FieldError error, String expected, String causeType) {
        assertEquals(expected, error.toString());
        assertEquals(expected.substring(error.field().length() + 2), error.body());
        assertEquals(causeType, error.type().causeType());
    }

    @org.junit.jupiter.api.Test
    void cutsHugeValues() {
        FieldError error = FieldError.invalid("spec.t", "x".repeat(10_000), "too long");
        assertEquals("spec.t: Invalid value: \"" + "x".repeat(dev.vaultserver.admission.core.field.Echo.MAX_SHOWN - 1) + "...(9882 more characters): too long",
                error.toString());
    }
}
