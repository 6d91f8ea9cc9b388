package dev.vaultserver.admission.core.guard;

import dev.vaultserver.admission.core.field.Echo;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.rule.DeleteRule;

/**
 * KubeVault's promise for {@code spec.terminationPolicy: DoNotTerminate}: "Rejects attempt to delete VaultServer using
 * ValidationWebhook" (kubevault/apimachinery, {@code apis/kubevault/v1alpha2/types.go}; the same enum in v1alpha1). A delete
 * of such a VaultServer, however it comes (kubectl delete, a collection delete, a namespace being deleted, a dry run), is
 * refused with 403 and the way out: change the policy to Halt, Delete or WipeOut first.
 */
public final class TerminationPolicyRule implements DeleteRule {

    public static final String ID = "delete.termination-policy";

    @Override
    public String id() {
        return ID;
    }

    public static final String FIELD = "spec.terminationPolicy";
    public static final String DO_NOT_TERMINATE = "DoNotTerminate";

    @Override
    public void check(VaultServer stored, Findings findings) {
        if (!protectedFromDeletion(stored)) {
            return;
        }
        String name = Echo.bare(stored.name());
        findings.refusal(FieldError.forbidden(FIELD, "terminationPolicy DoNotTerminate protects this VaultServer from deletion: change it to"
                + " Halt, Delete or WipeOut first, then delete it (kubectl patch vaultserver " + name + " -n " + Echo.bare(stored.namespace())
                + " --type=merge -p '{\"spec\":{\"terminationPolicy\":\"Delete\"}}')"));
    }

    /** Whether the stored object says DoNotTerminate. */
    public static boolean protectedFromDeletion(VaultServer stored) {
        return DO_NOT_TERMINATE.equals(stored.object().path("spec").path("terminationPolicy").asText(""));
    }
}
