package dev.vaultserver.admission.checkaudit.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A VaultServer checked as it would be created now: defaulted by {@code /mutate}, judged by {@code /validate}. */
@JsonPropertyOrder({"source", "kind", "apiVersion", "namespace", "name", "allowed", "status", "causes", "warnings", "findings", "patch", "object"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectResult(Source source, String apiVersion, String namespace, String name, boolean allowed, Status status,
        List<Cause> causes, JsonNode patch, JsonNode object,
        @JsonIgnore List<Warning> locatedWarnings) implements Result {

    /** Names as the input gave them, escaped and cut: a megabyte name makes no megabyte report. */
    public ObjectResult {
        apiVersion = Report.bounded(apiVersion);
        namespace = Report.bounded(namespace);
        name = Report.bounded(name);
    }

    @JsonProperty
    public String kind() {
        return "VaultServer";
    }

    @Override
    public boolean deletionProtected() {
        return object != null && dev.vaultserver.admission.core.guard.TerminationPolicyRule.DO_NOT_TERMINATE
                .equals(object.path("spec").path("terminationPolicy").asText(""));
    }

    @Override
    public String title() {
        return "VaultServer " + namespace + "/" + name;
    }
}
