package dev.vaultserver.admission.checkaudit.report;

/** A document that is not checked, and why (a Secret, a Namespace, another kind). */
public record Skipped(Source source, String apiVersion, String kind, String name, String reason) {}
