package dev.vaultserver.admission.dryrun;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The report of {@code check} and {@code audit}, as one JSON document (its form is documented in the
 * README, "Dry-run in CI"): a summary, one result per checked object and one entry per skipped
 * document.
 */
public final class CheckReport {

    public static final String API_VERSION = "vaultserver-admission.dev/v1";

    private final ArrayNode results = JsonNodeFactory.instance.arrayNode();
    private final ArrayNode skipped = JsonNodeFactory.instance.arrayNode();
    private int allowed;
    private int denied;

    void addResult(ObjectNode result) {
        results.add(result);
        if (result.path("allowed").asBoolean()) {
            allowed++;
        } else {
            denied++;
        }
    }

    void addSkipped(ObjectNode entry) {
        skipped.add(entry);
    }

    public boolean anyDenied() {
        return denied > 0;
    }

    public int denied() {
        return denied;
    }

    public ArrayNode results() {
        return results;
    }

    public ObjectNode toJson(String kind) {
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        report.put("apiVersion", API_VERSION).put("kind", kind);
        report.putObject("summary")
                .put("checked", allowed + denied)
                .put("allowed", allowed)
                .put("denied", denied)
                .put("skipped", skipped.size());
        report.set("results", results);
        report.set("skipped", skipped);
        return report;
    }
}
