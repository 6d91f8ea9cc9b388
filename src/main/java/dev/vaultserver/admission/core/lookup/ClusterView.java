package dev.vaultserver.admission.core.lookup;


/**
 * What the rules may look up in the cluster: Secrets (credential checks), Namespace labels (tenant
 * policy), the other VaultServers (table collisions) and the claims on data locations (one namespace per table).
 */
public record ClusterView(SecretLookup secrets, NamespaceLookup namespaces, VaultServerIndex vaultServers, LocationClaims claims) {

    /** A view that claims nothing: what {@code check} and {@code audit} see, read-only. */
    public ClusterView(SecretLookup secrets, NamespaceLookup namespaces, VaultServerIndex vaultServers) {
        this(secrets, namespaces, vaultServers, LocationClaims.NONE);
    }

    /** Only Secrets: no Namespace is known and no other VaultServer exists. */
    public static ClusterView secretsOnly(SecretLookup secrets) {
        return new ClusterView(secrets, NamespaceLookup.NONE, VaultServerIndex.NONE);
    }
}
