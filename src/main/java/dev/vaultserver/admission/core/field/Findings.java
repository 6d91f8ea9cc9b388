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

    /**
     * Most findings of each kind kept; the rest are counted in one last finding. No genuine VaultServer comes near it;
     * an object with a hundred thousand unknown fields or env overrides makes a bounded answer.
     */
    public static final int MAX_EACH = 50;

    private final List<FieldError> errors = new ArrayList<>();
    private final List<FieldError> refusals = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private int errorsDropped;
    private int refusalsDropped;
    private int warningsDropped;
    private String firstDroppedError;
    private String firstDroppedRefusal;

    public void error(FieldError error) {
        if (errors.size() < MAX_EACH) {
            errors.add(error);
        } else if (errorsDropped++ == 0) {
            firstDroppedError = error.field();
        }
    }

    /** A write that is refused by policy rather than for an invalid object (answered 403 Forbidden). */
    public void refusal(FieldError refusal) {
        if (refusals.size() < MAX_EACH) {
            refusals.add(refusal);
        } else if (refusalsDropped++ == 0) {
            firstDroppedRefusal = refusal.field();
        }
    }

    /** A warning about one field, printed as {@code <field>: <message>}. */
    public void warning(String field, String message) {
        if (warnings.size() < MAX_EACH) {
            warnings.add(field + ": " + message);
        } else {
            warningsDropped++;
        }
    }

    /** Whether this refusal was made already. */
    public boolean hasRefusal(String field, String detail) {
        return refusals.stream().anyMatch(r -> r.field().equals(field) && detail.equals(r.detail()));
    }

    /** Whether this warning was made already. */
    public boolean hasWarning(String field, String message) {
        return warnings.contains(field + ": " + message);
    }

    public List<FieldError> errors() {
        return withTheRestCounted(errors, errorsDropped, firstDroppedError);
    }

    public List<FieldError> refusals() {
        return withTheRestCounted(refusals, refusalsDropped, firstDroppedRefusal);
    }

    public List<String> warnings() {
        if (warningsDropped == 0) {
            return List.copyOf(warnings);
        }
        List<String> all = new ArrayList<>(warnings);
        all.add("and " + warningsDropped + " more warnings like these, not shown");
        return List.copyOf(all);
    }

    private static List<FieldError> withTheRestCounted(List<FieldError> kept, int dropped, String firstField) {
        if (dropped == 0) {
            return List.copyOf(kept);
        }
        List<FieldError> all = new ArrayList<>(kept);
        all.add(new FieldError(ErrorType.TOO_MANY, firstField, null, "and " + dropped + " more problems like these, not shown"));
        return List.copyOf(all);
    }

    public boolean hasErrors() {
        return !errors.isEmpty() || !refusals.isEmpty();
    }

}
