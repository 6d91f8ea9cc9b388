package dev.vaultserver.admission.checkaudit.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a checked object came from: a document of a file ({@code -} for standard input) starting at a
 * line, or an object read from a cluster.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Source(String file, Integer document, Integer line, String cluster, String object) {

    public static final String STDIN = "-";

    public static Source document(String file, int document, int line) {
        return new Source(file, document, line, null, null);
    }

    public static Source cluster(String cluster, String object) {
        return new Source(null, null, null, cluster, object);
    }

    /** {@code deploy/vault.yaml:12}, {@code -:3} or {@code team-a/vault at https://...}. */
    public String describe() {
        return file != null ? file + ":" + line : object + " at " + cluster;
    }
}
