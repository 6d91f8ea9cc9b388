package dev.vaultserver.admission.checkaudit.report;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One reason for a denial, as the API server puts it in {@code status.details.causes[]}, with the ID of the rule that
 * found it (docs/rules.md, "Rule IDs") and the input line of its field when the object was read from a file (for
 * annotations and test reports; not in the JSON form).
 */
public record Cause(String field, String reason, String message, String rule, @JsonIgnore Integer line) {}
