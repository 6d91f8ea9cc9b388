package dev.vaultserver.admission.core.field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * One problem with one field, printed the way the Kubernetes API server prints its own validation
 * errors: {@code spec.backend.dynamodb.readCapacity: Invalid value: -5: must be at least 1}.
 *
 * @param type what kind of problem
 * @param field the full field path, e.g. {@code spec.backend.dynamodb.table}
 * @param value the offending value as sent (never a Secret's value), or {@code null}
 * @param detail what is wrong, in words; may be empty
 */
public record FieldError(ErrorType type, String field, JsonNode value, String detail) {

    public static FieldError required(String field, String detail) {
        return new FieldError(ErrorType.REQUIRED, field, null, detail);
    }

    public static FieldError invalid(String field, JsonNode value, String detail) {
        return new FieldError(ErrorType.INVALID, field, value, detail);
    }

    public static FieldError typeInvalid(String field, JsonNode value, String detail) {
        return new FieldError(ErrorType.TYPE_INVALID, field, value, detail);
    }

    public static FieldError notFound(String field, JsonNode value, String detail) {
        return new FieldError(ErrorType.NOT_FOUND, field, value, detail);
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(ErrorType.FORBIDDEN, field, null, detail);
    }

    public static FieldError internal(String field, String detail) {
        return new FieldError(ErrorType.INTERNAL, field, null, detail);
    }

    public static FieldError invalid(String field, String value, String detail) {
        return invalid(field, JsonNodeFactory.instance.textNode(value), detail);
    }

    /** The message without the field, as the API server puts it in {@code causes[].message}. */
    public String body() {
        StringBuilder s = new StringBuilder(type.words());
        if (type.showsValue()) {
            s.append(": ").append(show(value));
        }
        if (detail != null && !detail.isEmpty()) {
            s.append(": ").append(detail);
        }
        return s.toString();
    }

    /** {@code <field>: <body>}. */
    @Override
    public String toString() {
        return field + ": " + body();
    }

    /** A value as the API server shows it: strings quoted and escaped, numbers and booleans bare. */
    static String show(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "null";
        }
        return Echo.cut(value.toString()); // JSON text: strings come quoted, control characters escaped
    }
}
