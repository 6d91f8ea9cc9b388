package dev.vaultserver.admission.core.guard;

import dev.vaultserver.admission.core.field.Echo;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.EffectiveBackend.Setting;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.rule.VaultServerWrite;
import dev.vaultserver.admission.core.rule.WriteRule;

import java.util.Optional;

/**
 * Update safety, always on: an UPDATE may not move an existing Vault to another table, region or
 * endpoint, nor off (or onto) DynamoDB, because Vault would start on an empty table and its data would
 * look lost. Values are compared as Vault uses them (see {@link EffectiveBackend}): unset and
 * {@code vault-dynamodb-backend} are the same table, an env override counts, every published spelling of
 * AWS's endpoint for the region is no endpoint, and a {@code -fips} pseudo-region is its real region. Capacities and
 * maxParallel may change. A deliberate move (after copying the data) is let through when the new
 * object carries {@value #ALLOW_ANNOTATION}: {@code "true"}, with a warning.
 */
public final class BackendChangeRule implements WriteRule {

    public static final String ID = "update.backend";

    @Override
    public String id() {
        return ID;
    }

    /** The opt-in annotation for a deliberate backend change. */
    public static final String ALLOW_ANNOTATION = "vaultserver-admission.dev/allow-backend-change";

    @Override
    public void check(VaultServerWrite write, Findings findings) {
        if (!write.isUpdate()) {
            return;
        }
        Optional<EffectiveBackend> before = write.oldBackend();
        Optional<EffectiveBackend> after = write.backend();
        // A VaultServer being deleted moves nowhere, annotated or not: its table is the one its deletion concerns.
        Verdict verdict = write.terminating() ? Verdict.TERMINATING
                : "true".equals(write.annotation(ALLOW_ANNOTATION).orElse("")) ? Verdict.ANNOTATED : Verdict.IMMUTABLE;
        if (before.isPresent() != after.isPresent()) {
            String from = before.isPresent() ? "dynamodb" : "another storage backend";
            String to = after.isPresent() ? "dynamodb" : "another storage backend";
            report(findings, verdict, "spec.backend", "the storage backend changes from " + from + " to " + to);
            return;
        }
        if (before.isEmpty()) {
            return;
        }
        compare(findings, verdict, "table", before.get().table(), after.get().table());
        compare(findings, verdict, "region", before.get().dataRegion(), after.get().dataRegion());
        compare(findings, verdict, "endpoint", before.get().endpoint(), after.get().endpoint());
    }

    /** What a change of the backend gets. */
    private enum Verdict { IMMUTABLE, ANNOTATED, TERMINATING }

    private static void compare(Findings findings, Verdict verdict, String what, Setting before, Setting after) {
        if (same(before, after)) {
            return;
        }
        report(findings, verdict, after.field(), "the effective " + what + " changes from " + shown(before) + " to " + shown(after));
    }

    private static boolean same(Setting before, Setting after) {
        if (before.known() && after.known()) {
            return before.value().equals(after.value());
        }
        // A value from a Secret or ConfigMap is not known here: the same reference counts as no change.
        return !before.known() && !after.known() && before.field().equals(after.field());
    }

    private static void report(Findings findings, Verdict verdict, String field, String change) {
        switch (verdict) {
            case TERMINATING -> findings.error(FieldError.forbidden(field, "field is immutable while the VaultServer is being deleted: " + change));
            case ANNOTATED -> findings.warning(field, change + ", allowed by the annotation " + ALLOW_ANNOTATION
                    + ": Vault starts on an empty table unless its data was copied there");
            case IMMUTABLE -> findings.error(FieldError.forbidden(field, "field is immutable while the VaultServer exists: " + change
                    + " (Vault would start on an empty table and its data would look lost); to move the data deliberately, set the annotation "
                    + ALLOW_ANNOTATION + ": \"true\""));
        }
    }

    private static String shown(Setting setting) {
        if (!setting.known()) {
            return "a value from " + setting.field() + ".valueFrom";
        }
        if (setting.field().endsWith(".endpoint") && setting.value().isEmpty()) {
            return "AWS's endpoint";
        }
        return Echo.quoted(setting.value()) + (setting.source() == EffectiveBackend.Source.DEFAULT ? " (the default)" : "");
    }
}
