package dev.vaultserver.admission.core.lookup;


/**
 * What the rules may look up in the cluster: Secrets (credential checks), Namespace labels (tenant
 * policy) and the other VaultServers (table collisions).
 */
public record ClusterView(SecretLookup secrets, NamespaceLookup namespaces, VaultServerIndex vaultServers) {

    /** Only Secrets: no Namespace is known and no other VaultServer exists. */
    public static ClusterView secretsOnly(SecretLookup secrets) {
        return new ClusterView(secrets, NamespaceLookup.NONE, VaultServerIndex.NONE);
    }
}
