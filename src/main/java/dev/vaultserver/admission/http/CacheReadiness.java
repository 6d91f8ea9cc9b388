package dev.vaultserver.admission.http;

import dev.vaultserver.admission.cluster.InformedNamespaceLookup;
import dev.vaultserver.admission.cluster.InformedVaultServerIndex;
import dev.vaultserver.admission.core.cluster.NamespaceLookup;
import dev.vaultserver.admission.core.cluster.VaultServerIndex;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.core.secrets.SecretLookup;
import dev.vaultserver.admission.policy.PolicyFile;
import dev.vaultserver.admission.secrets.InformedSecretLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the serving certificate is loaded, every watch-backed cache (Secrets, Namespaces,
 * VaultServers) has synced and a tenant policy is in force (a broken policy file with no good version before it keeps the pod out of the
 * Service, so the pods of the previous rollout keep answering). Without a cluster there are no caches.
 */
@Readiness
@ApplicationScoped
public class CacheReadiness implements HealthCheck {

    @Inject
    SecretLookup secrets;

    @Inject
    NamespaceLookup namespaces;

    @Inject
    VaultServerIndex vaultServers;

    @Inject
    PolicySource policy;

    @Inject
    CertificateExpiry certificate;

    @Override
    public HealthCheckResponse call() {
        boolean secretsSynced = !(secrets instanceof InformedSecretLookup cache) || cache.hasSynced();
        boolean namespacesSynced = !(namespaces instanceof InformedNamespaceLookup cache) || cache.hasSynced();
        boolean vaultServersSynced = !(vaultServers instanceof InformedVaultServerIndex cache) || cache.isReady();
        boolean policyInForce = !(policy instanceof PolicyFile file) || file.usable();
        boolean certificateLoaded = !Double.isNaN(certificate.notAfterSeconds());
        return HealthCheckResponse.named("caches-and-policy")
                .status(secretsSynced && namespacesSynced && vaultServersSynced && policyInForce && certificateLoaded)
                .withData("certificate", certificateLoaded)
                .withData("secrets", secretsSynced)
                .withData("namespaces", namespacesSynced)
                .withData("vaultservers", vaultServersSynced)
                .withData("policy", policyInForce)
                .build();
    }
}
