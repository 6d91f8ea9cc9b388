package dev.vaultserver.admission.checkaudit.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What one rule found in one checked input: {@code fail} for a cause of its denial, {@code warn} for a warning, with the
 * rule's ID (docs/rules.md, "Rule IDs"), the field (empty when about no one field) and the message. The results of an
 * input are its causes and warnings, in that order; an allowed input with no warning has none.
 *
 * @param line the field's input line, when the input was a file (not in the JSON form)
 */
@JsonPropertyOrder({"rule", "result", "field", "message"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RuleResult(String rule, Outcome result, String field, String message, @com.fasterxml.jackson.annotation.JsonIgnore Integer line) {

    /** As OpenReports names a result. */
    public enum Outcome {
        @JsonProperty("fail") FAIL,
        @JsonProperty("warn") WARN
    }

    /** {@code <field>: <message>}, as the client of the webhook gets it. */
    public String text() {
        return dev.vaultserver.admission.core.finding.Finding.text(field, message);
    }
}
