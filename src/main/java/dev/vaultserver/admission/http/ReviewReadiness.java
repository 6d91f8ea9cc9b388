package dev.vaultserver.admission.http;

import dev.vaultserver.admission.core.lookup.LocationClaims;
import dev.vaultserver.admission.core.lookup.NamespaceLookup;
import dev.vaultserver.admission.core.lookup.ReadinessSource;
import dev.vaultserver.admission.core.lookup.SecretLookup;
import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.policy.PolicySource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/**
 * Ready to take reviews: not before the serving certificate is loaded, every watch-backed cache (Secrets, Namespaces,
 * VaultServers, the table claims) has synced and a tenant policy is in force (a broken policy file with no good version before it keeps the pod out of the
 * Service, so the pods of the previous rollout keep answering). Without a cluster there are no caches.
 */
@Readiness
@ApplicationScoped
public class ReviewReadiness implements HealthCheck {

    @Inject
    SecretLookup secrets;

    @Inject
    NamespaceLookup namespaces;

    @Inject
    VaultServerIndex vaultServers;

    @Inject
    PolicySource policy;

    @Inject
    LocationClaims claims;

    @Inject
    ServingCertificateReload certificate;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("caches-and-policy");
        boolean all = true;
        for (Object lookup : List.of(secrets, namespaces, vaultServers, claims, policy)) {
            // Without a cluster or a policy file a lookup has nothing to wait for, and is not reported.
            if (lookup instanceof ReadinessSource source) {
                boolean ready = source.ready();
                response.withData(source.readinessName(), ready);
                all &= ready;
            }
        }
        boolean certificateLoaded = certificate.inUse() != null;
        return response.withData("certificate", certificateLoaded).status(all && certificateLoaded).build();
    }
}
