package dev.vaultserver.admission.checkaudit.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** The verdict on one checked input: a VaultServer, or a replayed AdmissionReview. */
public sealed interface Result permits ObjectResult, ReviewResult {

    Source source();

    String namespace();

    String name();

    /** Whether the validating webhook would allow it. */
    boolean allowed();

    /** The denial's status, or {@code null} when allowed. */
    Status status();

    List<Cause> causes();

    /** The warnings, in the validating webhook's words ({@code field: message}). */
    @JsonProperty
    default List<String> warnings() {
        return locatedWarnings().stream().map(Warning::text).toList();
    }

    /**
     * Every rule's result on this input, with its ID: a {@code fail} per cause of the denial, a {@code warn} per
     * warning. A denial no rule explains (a policy that cannot be read) is one {@code fail} of the rule
     * {@value #UNEXPLAINED_DENIAL}.
     */
    @JsonProperty
    default List<RuleResult> findings() {
        List<RuleResult> findings = new java.util.ArrayList<>();
        for (Cause cause : causes()) {
            findings.add(new RuleResult(cause.rule(), RuleResult.Outcome.FAIL, cause.field(), cause.message(), cause.line()));
        }
        if (!allowed() && causes().isEmpty()) {
            findings.add(new RuleResult(UNEXPLAINED_DENIAL, RuleResult.Outcome.FAIL, "", status() == null ? "denied" : status().message(), null));
        }
        for (Warning warning : locatedWarnings()) {
            findings.add(new RuleResult(warning.rule(), RuleResult.Outcome.WARN, warning.field(), warning.message(), warning.line()));
        }
        return findings;
    }

    /** The rule ID of a denial that names no cause. */
    String UNEXPLAINED_DENIAL = "vaultserver-admission";

    /** The mutating webhook's JSON patch (an array, empty when nothing is defaulted). */
    JsonNode patch();

    /** Whether the VaultServer says {@code terminationPolicy: DoNotTerminate}, so that the webhook refuses to delete it. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    default boolean deletionProtected() {
        return false;
    }

    /** How the result is named to a person: {@code VaultServer team-a/vault}. */
    String title();

    /** The warnings with the line of their field, when known. */
    List<Warning> locatedWarnings();

    /**
     * A warning: the ID of the rule that made it, its field (empty when about no one field), its message, and its
     * field's input line (or {@code null}).
     */
    record Warning(String rule, String field, String message, Integer line) {

        /** {@code <field>: <message>}, as the client of the webhook gets it. */
        public String text() {
            return dev.vaultserver.admission.core.finding.Finding.text(field, message);
        }
    }
}
