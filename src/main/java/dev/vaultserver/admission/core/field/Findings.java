package dev.vaultserver.admission.core.field;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what every check found about one object: errors (which deny it) and warnings (which are
 * returned on any answer). Each check adds to it; none stops at its first problem, so the user sees
 * all problems at once.
 */
public final class Findings {

    private final List<FieldError> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public void error(FieldError error) {
        errors.add(error);
    }

    /** A warning about one field, printed as {@code <field>: <message>}. */
    public void warning(String field, String message) {
        warnings.add(field + ": " + message);
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }
}
