package dev.vaultserver.admission.core.guard;

import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.lookup.AccessReview;
import dev.vaultserver.admission.core.lookup.LocationClaims;
import dev.vaultserver.admission.core.lookup.LookupException;
import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.rule.VaultServerWrite;
import dev.vaultserver.admission.core.rule.WriteRule;

import java.util.Objects;

/**
 * The shared-table guard made atomic: a write that every other rule allows claims its data location for its
 * namespace ({@link LocationClaims}), and is refused when another namespace holds it. {@link BackendCollisionRule}
 * sees the VaultServers already stored; this sees the writes admitted at the same instant, in any replica, which
 * no cache can. It runs last, so a write refused for anything else claims nothing; a dry run reads the claim
 * and writes none; an update that keeps its location asks nothing.
 */
public final class TableClaimRule implements WriteRule {

    public static final String ID = "table.claim";

    @Override
    public String id() {
        return ID;
    }

    private final LocationClaims claims;
    private final AccessReview access;

    public TableClaimRule(LocationClaims claims) {
        this(claims, AccessReview.EVERYONE);
    }

    /** @param access whether a requester may read VaultServers of the holder's namespace: only then is it named */
    public TableClaimRule(LocationClaims claims, AccessReview access) {
        this.claims = claims;
        this.access = access;
    }

    @Override
    public void check(VaultServerWrite write, Findings findings) {
        EffectiveBackend backend = write.backend().orElse(null);
        // A VaultServer being deleted claims nothing (it cannot move: BackendChangeRule refuses that).
        if (findings.hasErrors() || backend == null || !backend.location().known() || keepsItsLocation(write, backend) || write.terminating()) {
            return;
        }
        String namespace = write.object().namespace();
        VaultServerIndex.Ref claimant = new VaultServerIndex.Ref(namespace, write.object().name());
        VaultServerIndex.Ref holder;
        try {
            holder = claims.claim(backend.location(), claimant, write.uid(), write.dryRun());
        } catch (LookupException e) {
            findings.error(FieldError.internal(backend.table().field(), "the claim on this table could not be made: " + e.getMessage()));
            return;
        }
        if (holder.equals(claimant)) {
            return;
        }
        // A holder in the same namespace is warned once, whether the cache saw it first or only the claim did.
        BackendCollisionRule.report(write, backend, holder, access, findings);
    }

    private static boolean keepsItsLocation(VaultServerWrite write, EffectiveBackend backend) {
        return write.isUpdate() && write.oldBackend().map(EffectiveBackend::location).filter(old -> Objects.equals(old, backend.location())).isPresent();
    }
}
