package dev.vaultserver.admission.dryrun.report;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One reason for a denial, as the API server puts it in {@code status.details.causes[]}, and the input line
 * of its field when the object was read from a file (for annotations and test reports; not in the JSON form).
 */
public record Cause(String field, String reason, String message, @JsonIgnore Integer line) {}
