package dev.vaultserver.admission.http;

import dev.vaultserver.admission.core.secrets.SecretLookup;
import dev.vaultserver.admission.secrets.InformedSecretLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the Secret cache has synced (with no cache, ready at once). */
@Readiness
@ApplicationScoped
public class SecretCacheReadiness implements HealthCheck {

    @Inject
    SecretLookup secrets;

    @Override
    public HealthCheckResponse call() {
        boolean synced = !(secrets instanceof InformedSecretLookup cache) || cache.hasSynced();
        return HealthCheckResponse.named("secret-cache").status(synced).build();
    }
}
