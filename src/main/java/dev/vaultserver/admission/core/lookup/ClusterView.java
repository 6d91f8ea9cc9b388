package dev.vaultserver.admission.core.lookup;


/**
 * What the rules may look up in the cluster: Secrets (credential checks), Namespace labels (tenant
 * policy), the other VaultServers (table collisions), the claims on data locations (one namespace per table), and
 * what a requester may read (so that a refusal tells no more).
 */
public record ClusterView(SecretLookup secrets, NamespaceLookup namespaces, VaultServerIndex vaultServers, LocationClaims claims,
        AccessReview access) {

    /** A view that claims nothing and names every VaultServer: what {@code check} and {@code audit} see, read-only. */
    public ClusterView(SecretLookup secrets, NamespaceLookup namespaces, VaultServerIndex vaultServers) {
        this(secrets, namespaces, vaultServers, LocationClaims.NONE, AccessReview.EVERYONE);
    }

    /** Only Secrets: no Namespace is known and no other VaultServer exists. */
    public static ClusterView secretsOnly(SecretLookup secrets) {
        return new ClusterView(secrets, NamespaceLookup.NONE, VaultServerIndex.NONE);
    }
}
