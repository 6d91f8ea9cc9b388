package dev.vaultserver.admission.checkaudit.doctor;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * What {@code doctor} found: the installation it examined, every check it ran (by finding ID) and the findings, or the
 * error that kept it from examining one.
 *
 * @param installation the Helm release (or the webhook configurations' name)
 * @param namespace    the release's namespace
 * @param checks       the IDs of every check run: those without a finding passed
 */
@JsonPropertyOrder({"apiVersion", "kind", "installation", "namespace", "summary", "error", "findings", "checks"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DoctorReport(String installation, String namespace, List<String> checks, List<DoctorFinding> findings, String error) {

    public static final String API_VERSION = "vaultserver-admission.dev/v1";

    public DoctorReport {
        checks = List.copyOf(checks);
        findings = List.copyOf(findings);
    }

    public static DoctorReport failed(String error) {
        return new DoctorReport(null, null, List.of(), List.of(), error);
    }

    public record Summary(int checks, int errors, int warnings) {}

    @JsonProperty
    public String apiVersion() {
        return API_VERSION;
    }

    @JsonProperty
    public String kind() {
        return "DoctorReport";
    }

    @JsonProperty
    public Summary summary() {
        return new Summary(checks.size(), count(DoctorFinding.Severity.ERROR), count(DoctorFinding.Severity.WARNING));
    }

    /** As {@code check}'s: 0 nothing wrong (warnings allowed), 1 an error found, 2 nothing could be examined. */
    @JsonIgnore
    public int exitCode() {
        return error != null ? 2 : count(DoctorFinding.Severity.ERROR) > 0 ? 1 : 0;
    }

    private int count(DoctorFinding.Severity severity) {
        return (int) findings.stream().filter(f -> f.severity() == severity).count();
    }
}
