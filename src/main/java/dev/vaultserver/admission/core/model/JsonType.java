package dev.vaultserver.admission.core.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.OptionalLong;

/** The JSON types a field may have, and how a value is tested against them. */
public enum JsonType {
    STRING("a string"),
    BOOLEAN("a boolean"),
    INTEGER("an integer"),
    OBJECT("an object");

    private final String description;

    JsonType(String description) {
        this.description = description;
    }

    /** E.g. {@code an integer}. */
    public String description() {
        return description;
    }

    public boolean matches(JsonNode value) {
        return switch (this) {
            case STRING -> value.isTextual();
            case BOOLEAN -> value.isBoolean();
            case INTEGER -> asLong(value).isPresent();
            case OBJECT -> value.isObject();
        };
    }

    /**
     * The value as a 64-bit integer, when it is a JSON number with no fractional part that fits in
     * 64 bits (so {@code 5} and {@code 5.0} are integers, as for the API server's OpenAPI validation;
     * {@code 5.5}, {@code "5"} and {@code 1e30} are not).
     */
    public static OptionalLong asLong(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return OptionalLong.empty();
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? OptionalLong.of(value.longValue()) : OptionalLong.empty();
        }
        BigDecimal decimal = value.decimalValue();
        try {
            return OptionalLong.of(decimal.longValueExact());
        } catch (ArithmeticException notAnInteger) {
            return OptionalLong.empty();
        }
    }

    /**
     * Whether the value is a whole number that does not fit in 64 bits ({@code 99999999999999999999},
     * {@code 1e30}, {@code 1e400}): an integer, but too large (or too small) for the field.
     */
    public static boolean isIntegerBeyond64Bits(JsonNode value) {
        if (value == null || !value.isNumber() || asLong(value).isPresent()) {
            return false;
        }
        return value.isIntegralNumber() || value.decimalValue().stripTrailingZeros().scale() <= 0;
    }

    /** What a value is, in words, for messages: {@code a string}, {@code a fraction}, ... */
    public static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isNumber()) {
            return asLong(value).isPresent() ? "an integer" : isIntegerBeyond64Bits(value) ? "an integer beyond 64 bits" : "a fraction";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "a list";
        }
        return "null";
    }
}
