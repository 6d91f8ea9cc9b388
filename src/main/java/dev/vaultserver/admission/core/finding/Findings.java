package dev.vaultserver.admission.core.finding;

import dev.vaultserver.admission.core.field.ErrorType;
import dev.vaultserver.admission.core.field.FieldError;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what every check found about one object: errors (the object is invalid), refusals (the
 * object is valid but this write is not permitted: a tenant policy, another tenant's table) and
 * warnings (returned on any answer). Errors and refusals both deny it. Each check adds to it; none stops at its first
 * problem, so the user sees all problems at once. Each finding carries the ID of the rule that made it: the validator
 * hands each rule a view of one collection with that rule's ID ({@link #by(String)}).
 */
public final class Findings {

    /**
     * Most findings of each kind kept; the rest are counted in one last finding. No genuine VaultServer comes near it;
     * an object with a hundred thousand unknown fields or env overrides makes a bounded answer.
     */
    public static final int MAX_EACH = 50;

    /** The rule of findings added to a collection not handed out by {@link #by(String)}. */
    public static final String UNATTRIBUTED = "";

    private final Collected collected;
    private final String rule;

    public Findings() {
        this(new Collected(), UNATTRIBUTED);
    }

    private Findings(Collected collected, String rule) {
        this.collected = collected;
        this.rule = rule;
    }

    /** The same collection, for findings made by this rule. */
    public Findings by(String rule) {
        return new Findings(collected, rule);
    }

    public void error(FieldError error) {
        collected.errors.add(Finding.of(rule, Finding.Kind.ERROR, error), error);
    }

    /** A write that is refused by policy rather than for an invalid object (answered 403 Forbidden). */
    public void refusal(FieldError refusal) {
        collected.refusals.add(Finding.of(rule, Finding.Kind.REFUSAL, refusal), refusal);
    }

    /** A warning about one field, sent as {@code <field>: <message>}. */
    public void warning(String field, String message) {
        collected.warnings.add(Finding.warning(rule, field, message), null);
    }

    /** Whether this refusal was made already. */
    public boolean hasRefusal(String field, String detail) {
        return collected.refusals.errors.stream().anyMatch(r -> r.field().equals(field) && detail.equals(r.detail()));
    }

    /** Whether this warning was made already. */
    public boolean hasWarning(String field, String message) {
        return collected.warnings.kept.stream().anyMatch(w -> w.field().equals(field) && w.message().equals(message));
    }

    /** Every finding: errors, then refusals, then warnings, each in the order the rules made them. */
    public List<Finding> all() {
        List<Finding> all = new ArrayList<>(collected.errors.withTheRestCounted());
        all.addAll(collected.refusals.withTheRestCounted());
        all.addAll(collected.warnings.withTheRestCounted());
        return List.copyOf(all);
    }

    public List<FieldError> errors() {
        return collected.errors.fieldErrors();
    }

    public List<FieldError> refusals() {
        return collected.refusals.fieldErrors();
    }

    /** The warnings as the client gets them: {@code <field>: <message>}. */
    public List<String> warnings() {
        return collected.warnings.withTheRestCounted().stream().map(Finding::text).toList();
    }

    public boolean hasErrors() {
        return !collected.errors.kept.isEmpty() || !collected.refusals.kept.isEmpty();
    }

    private static final class Collected {
        final Kept errors = new Kept(Finding.Kind.ERROR, "problems");
        final Kept refusals = new Kept(Finding.Kind.REFUSAL, "problems");
        final Kept warnings = new Kept(Finding.Kind.WARNING, "warnings");
    }

    /**
     * The first {@link #MAX_EACH} findings of one kind (with, for errors and refusals, the field errors they were made
     * of, which the API server's causes are written from), and a count of the rest.
     */
    private static final class Kept {
        final Finding.Kind kind;
        final String noun;
        final List<Finding> kept = new ArrayList<>();
        final List<FieldError> errors = new ArrayList<>();
        int dropped;
        Finding firstDropped;

        Kept(Finding.Kind kind, String noun) {
            this.kind = kind;
            this.noun = noun;
        }

        void add(Finding finding, FieldError error) {
            if (kept.size() < MAX_EACH) {
                kept.add(finding);
                if (error != null) {
                    errors.add(error);
                }
            } else if (dropped++ == 0) {
                firstDropped = finding;
            }
        }

        List<Finding> withTheRestCounted() {
            if (dropped == 0) {
                return List.copyOf(kept);
            }
            List<Finding> all = new ArrayList<>(kept);
            all.add(kind == Finding.Kind.WARNING ? Finding.warning(firstDropped.rule(), "", restCounted())
                    : Finding.of(firstDropped.rule(), kind, restCountedError()));
            return List.copyOf(all);
        }

        List<FieldError> fieldErrors() {
            if (dropped == 0) {
                return List.copyOf(errors);
            }
            List<FieldError> all = new ArrayList<>(errors);
            all.add(restCountedError());
            return List.copyOf(all);
        }

        private FieldError restCountedError() {
            return new FieldError(ErrorType.TOO_MANY, firstDropped.field(), null, restCounted());
        }

        private String restCounted() {
            return "and " + dropped + " more " + noun + " like these, not shown";
        }
    }
}
