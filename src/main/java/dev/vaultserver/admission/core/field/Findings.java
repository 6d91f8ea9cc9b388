package dev.vaultserver.admission.core.field;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what every check found about one object: errors (the object is invalid), refusals (the
 * object is valid but this write is not permitted: a tenant policy, another tenant's table) and
 * warnings (returned on any answer). Errors and refusals both deny it. Each check adds to it; none stops at its first problem, so the user sees
 * all problems at once.
 */
public final class Findings {

    private final List<FieldError> errors = new ArrayList<>();
    private final List<FieldError> refusals = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public void error(FieldError error) {
        errors.add(error);
    }

    /** A write that is refused by policy rather than for an invalid object (answered 403 Forbidden). */
    public void refusal(FieldError refusal) {
        refusals.add(refusal);
    }

    /** A warning about one field, printed as {@code <field>: <message>}. */
    public void warning(String field, String message) {
        warnings.add(field + ": " + message);
    }

    /** Whether this warning was made already. */
    public boolean hasWarning(String field, String message) {
        return warnings.contains(field + ": " + message);
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    public List<FieldError> refusals() {
        return List.copyOf(refusals);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public boolean hasErrors() {
        return !errors.isEmpty() || !refusals.isEmpty();
    }
}
