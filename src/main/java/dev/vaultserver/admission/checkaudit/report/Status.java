package dev.vaultserver.admission.checkaudit.report;

/** A denial's status, as the API server returns it to the client: {@code 422 Invalid}, {@code 403 Forbidden}, ... */
public record Status(int code, String reason, String message) {}
