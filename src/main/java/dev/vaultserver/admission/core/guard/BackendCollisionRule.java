package dev.vaultserver.admission.core.guard;

import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.lookup.AccessReview;
import dev.vaultserver.admission.core.lookup.LookupException;
import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.rule.VaultServerWrite;
import dev.vaultserver.admission.core.rule.WriteRule;

import java.util.List;

/**
 * The cross-tenant table guard, always on: a VaultServer may not use the (endpoint, region, table)
 * that a VaultServer in another namespace already uses (two Vaults on one table overwrite each other's
 * data, and one tenant would read another's). The same location in the same namespace is one team's
 * own affair: warned. Locations are compared as Vault uses them ({@link EffectiveBackend}). A refusal names the other
 * VaultServer only to a requester who may read VaultServers in its namespace ({@link AccessReview}); to anyone else it
 * says "a VaultServer in another namespace", so that the webhook tells no tenant what it could not learn otherwise.
 */
public final class BackendCollisionRule implements WriteRule {

    public static final String ID = "table.shared";

    @Override
    public String id() {
        return ID;
    }

    private final VaultServerIndex index;
    private final AccessReview access;

    /** A guard whose refusals name the other VaultServer to everyone ({@code check}, {@code audit}, tests). */
    public BackendCollisionRule(VaultServerIndex index) {
        this(index, AccessReview.EVERYONE);
    }

    /** @param access whether a requester may read VaultServers of the other namespace: only then is it named */
    public BackendCollisionRule(VaultServerIndex index, AccessReview access) {
        this.index = index;
        this.access = access;
    }

    private static final java.util.Comparator<VaultServerIndex.Ref> BY_NAME =
            java.util.Comparator.comparing(VaultServerIndex.Ref::namespace).thenComparing(VaultServerIndex.Ref::name);

    @Override
    public void check(VaultServerWrite write, Findings findings) {
        EffectiveBackend backend = write.backend().orElse(null);
        if (backend == null || !backend.location().known()) {
            return;
        }
        EffectiveBackend.Location location = backend.location();
        List<VaultServerIndex.Ref> users;
        try {
            users = index.using(location);
        } catch (LookupException e) {
            findings.error(FieldError.internal(backend.table().field(), "the VaultServers using this table could not be listed: " + e.getMessage()));
            return;
        }
        String namespace = write.object().namespace();
        String name = write.object().name();
        // In name order, so that every view of the cluster (a cache, a list, a set of manifests) reports alike.
        for (VaultServerIndex.Ref other : users.stream().sorted(BY_NAME).toList()) {
            if (other.namespace().equals(namespace) && other.name().equals(name)) {
                continue;
            }
            report(write, backend, other, access, findings);
        }
    }

    /**
     * Another VaultServer uses the location: a refusal when it is in another namespace, a warning in the same. Shared
     * with {@link TableClaimRule}, so that a cache and a claim answer in the same words.
     */
    static void report(VaultServerWrite write, EffectiveBackend backend, VaultServerIndex.Ref other, AccessReview access, Findings findings) {
        String field = backend.table().field();
        String namespace = write.object().namespace();
        String by = other.namespace().equals(namespace) || access.mayReadVaultServers(write.requester(), other.namespace())
                ? "VaultServer " + other : "a VaultServer in another namespace";
        String detail = backend.location().describe() + " is already used by " + by + " (two Vaults on one table overwrite each other's data)";
        if (!other.namespace().equals(namespace)) {
            if (!findings.hasRefusal(field, detail)) {
                findings.refusal(FieldError.forbidden(field, detail));
            }
        } else if (!findings.hasWarning(field, detail)) {
            findings.warning(field, detail);
        }
    }
}
