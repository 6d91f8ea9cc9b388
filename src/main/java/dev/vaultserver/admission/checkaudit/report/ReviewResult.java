package dev.vaultserver.admission.checkaudit.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A replayed AdmissionReview, answered by both webhooks' code: the verdict, causes and warnings of
 * {@code /validate}, the decoded patch of {@code /mutate}, and both raw responses.
 *
 * @param error the transport's error when the review itself is malformed (HTTP 400), else {@code null}
 */
@JsonPropertyOrder({"source", "kind", "uid", "operation", "apiVersion", "namespace", "name", "allowed", "error", "status", "causes",
        "warnings", "findings", "patch", "responses"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReviewResult(Source source, String uid, String operation, String apiVersion, String namespace, String name, boolean allowed,
        String error, Status status, List<Cause> causes, JsonNode patch, Responses responses,
        @JsonIgnore List<Warning> locatedWarnings) implements Result {

    /** Names as the input gave them, escaped and cut: a megabyte name makes no megabyte report. */
    public ReviewResult {
        uid = Report.bounded(uid);
        operation = Report.bounded(operation);
        apiVersion = Report.bounded(apiVersion);
        namespace = Report.bounded(namespace);
        name = Report.bounded(name);
    }

    /** The AdmissionReviews {@code /mutate} and {@code /validate} answer. */
    public record Responses(JsonNode mutate, JsonNode validate) {}

    @JsonProperty
    public String kind() {
        return "AdmissionReview";
    }

    @Override
    public String title() {
        return "AdmissionReview " + uid + " (" + operation + " " + (namespace.isEmpty() ? "" : namespace + "/") + name + ")";
    }
}
