package dev.vaultserver.admission.core.lookup;

import dev.vaultserver.admission.core.admission.Requester;

/** Whether a requester may read VaultServers in a namespace: a refusal names another tenant's VaultServer only then. */
public interface AccessReview {

    /** Fails safe: when it cannot be told, the answer is no. */
    boolean mayReadVaultServers(Requester requester, String namespace);

    /** {@code check} and {@code audit}: the person running them reads the manifests or the cluster themselves. */
    AccessReview EVERYONE = (requester, namespace) -> true;
}
