package dev.vaultserver.admission.core.field;

/**
 * The kinds of field error, with the words and cause types the Kubernetes API server uses for them
 * ({@code k8s.io/apimachinery/pkg/util/validation/field}).
 */
public enum ErrorType {
    REQUIRED("Required value", "FieldValueRequired", false),
    INVALID("Invalid value", "FieldValueInvalid", true),
    TYPE_INVALID("Invalid value", "FieldValueTypeInvalid", true),
    NOT_FOUND("Not found", "FieldValueNotFound", true),
    NOT_SUPPORTED("Unsupported value", "FieldValueNotSupported", true),
    FORBIDDEN("Forbidden", "FieldValueForbidden", false),
    TOO_MANY("Too many", "FieldValueTooMany", false),
    INTERNAL("Internal error", "InternalError", false);

    private final String words;
    private final String causeType;
    private final boolean showsValue;

    ErrorType(String words, String causeType, boolean showsValue) {
        this.words = words;
        this.causeType = causeType;
        this.showsValue = showsValue;
    }

    /** What the API server prints, e.g. {@code Invalid value}. */
    public String words() {
        return words;
    }

    /** The {@code status.details.causes[].reason}, e.g. {@code FieldValueInvalid}. */
    public String causeType() {
        return causeType;
    }

    /** Whether the message shows the offending value (as the API server does for this type). */
    public boolean showsValue() {
        return showsValue;
    }
}
