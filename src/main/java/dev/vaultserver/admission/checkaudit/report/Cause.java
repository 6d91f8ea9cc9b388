package dev.vaultserver.admission.checkaudit.report;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One reason for a denial, as the API server puts it in {@code status.details.causes[]}, with the ID of the rule that
 * found it and the input line of its field when the object was read from a file (for annotations and test reports;
 * neither in the JSON form yet).
 */
public record Cause(String field, String reason, String message, @JsonIgnore String rule, @JsonIgnore Integer line) {}
