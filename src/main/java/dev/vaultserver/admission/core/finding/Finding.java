package dev.vaultserver.admission.core.finding;

import dev.vaultserver.admission.core.field.ErrorType;
import dev.vaultserver.admission.core.field.FieldError;

/**
 * One thing one rule found about one field: the value every renderer (the webhook's answer, {@code check},
 * {@code audit}) shows, so that none of them has to parse a message to learn what the core knew.
 *
 * @param rule the stable ID of the rule that made it, e.g. {@code dynamodb.capacity} (listed in docs/rules.md)
 * @param kind an error (the object is invalid), a refusal (this write is not permitted) or a warning
 * @param field the full field path, e.g. {@code spec.backend.dynamodb.readCapacity}; empty when about no one field
 * @param message what was found, without the field, in the API server's words for an error
 *                ({@code Invalid value: -5: must be at least 1})
 * @param type the kind of field error, as the API server names its causes; {@code null} for a warning
 */
public record Finding(String rule, Kind kind, String field, String message, ErrorType type) {

    /** What a finding does to the write. */
    public enum Kind {
        /** The object is invalid: 422 Invalid. */
        ERROR,
        /** The object is valid but this write is not permitted: 403 Forbidden. */
        REFUSAL,
        /** The write goes on; the client is told. */
        WARNING
    }

    public static Finding of(String rule, Kind kind, FieldError error) {
        return new Finding(rule, kind, error.field(), error.body(), error.type());
    }

    public static Finding warning(String rule, String field, String message) {
        return new Finding(rule, Kind.WARNING, field, message, null);
    }

    /** {@code <field>: <message>}: a cause as the API server prints it, and a warning as the client gets it. */
    public String text() {
        return text(field, message);
    }

    /** {@code <field>: <message>}, or the message alone when it is about no one field. */
    public static String text(String field, String message) {
        return field.isEmpty() ? message : field + ": " + message;
    }

    /** The cause's reason in a Status, e.g. {@code FieldValueInvalid}; {@code null} for a warning. */
    public String causeType() {
        return type == null ? null : type.causeType();
    }
}
