package dev.vaultserver.admission.checkaudit.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The report of {@code check} and {@code audit} (its JSON form is documented in the README, "Dry-run in CI"):
 * a summary, one result per checked object, one entry per skipped document, and the error when the input
 * could not be read (then there are no results, and the exit code is 2).
 *
 * @param kind {@code CheckReport} or {@code AuditReport}
 */
@JsonPropertyOrder({"apiVersion", "kind", "summary", "error", "results", "skipped"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(String kind, List<Result> results, List<Skipped> skipped, InputError error) {

    public static final String API_VERSION = "vaultserver-admission.dev/v1";

    public Report {
        results = List.copyOf(results);
        skipped = List.copyOf(skipped);
    }

    public static Report of(String kind, List<Result> results, List<Skipped> skipped) {
        return new Report(kind, results, skipped, null);
    }

    /** The report of input that could not be read. */
    public static Report failed(String kind, InputError error) {
        return new Report(kind, List.of(), List.of(), error);
    }

    /**
     * The counts of the report.
     *
     * @param deletionProtected VaultServers with {@code terminationPolicy: DoNotTerminate}: the webhook refuses to delete them
     */
    public record Summary(int checked, int allowed, int denied, int skipped, int deletionProtected) {}

    @JsonProperty
    public String apiVersion() {
        return API_VERSION;
    }

    @JsonProperty
    public Summary summary() {
        int denied = denied();
        int protectedFromDeletion = (int) results.stream().filter(Result::deletionProtected).count();
        return new Summary(results.size(), results.size() - denied, denied, skipped.size(), protectedFromDeletion);
    }

    /** A name or identifier from the input as a report shows it: escaped, at most 253 characters (the longest Kubernetes name). */
    static String bounded(String value) {
        return value == null ? null : dev.vaultserver.admission.core.field.Echo.line(value, 253);
    }

    public int denied() {
        return (int) results.stream().filter(r -> !r.allowed()).count();
    }
}
