package dev.vaultserver.admission.checkaudit.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Input that could not be read (exit code 2): the file ({@code -} for standard input), the line and
 * column where the parser stopped (1-based; absent when it is not about one place), and the whole problem.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputError(String file, Integer line, Integer column, String message) {

    public static InputError of(String message) {
        return new InputError(null, null, null, message);
    }

    /** {@code vault.yaml:6:1: found a tab ...}, or the message alone. */
    public String describe() {
        if (file == null) {
            return message;
        }
        return file + (line == null ? "" : ":" + line + (column == null ? "" : ":" + column)) + ": " + message;
    }
}
