package dev.vaultserver.admission.checkaudit.doctor;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One fault of an installation: its stable ID (docs/doctor.md lists them with the good practice each comes from), how
 * bad it is, what it concerns ({@code ValidatingWebhookConfiguration vsa-vaultserver-admission}), what is wrong and the fix.
 */
@JsonPropertyOrder({"id", "severity", "subject", "message", "fix"})
public record DoctorFinding(String id, Severity severity, String subject, String message, String fix) {

    public enum Severity {
        /** VaultServer writes are, or will be, refused or let through unchecked: exit code 1. */
        @JsonProperty("error") ERROR,
        /** Works today, but against a good practice. */
        @JsonProperty("warning") WARNING
    }

    static DoctorFinding error(String id, String subject, String message, String fix) {
        return new DoctorFinding(id, Severity.ERROR, subject, message, fix);
    }

    static DoctorFinding warning(String id, String subject, String message, String fix) {
        return new DoctorFinding(id, Severity.WARNING, subject, message, fix);
    }
}
