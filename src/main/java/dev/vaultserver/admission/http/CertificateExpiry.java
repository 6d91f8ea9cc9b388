package dev.vaultserver.admission.http;

import dev.vaultserver.admission.config.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.security.cert.X509Certificate;

/**
 * {@code vaultserver_admission_certificate_expiry_seconds}: when the serving certificate now in use
 * expires (Unix time), read at each scrape from what {@link ServingCertificateReload} last handed the
 * server, so a renewed certificate shows at once. Alert on
 * {@code vaultserver_admission_certificate_expiry_seconds - time() < 7 * 86400}.
 */
@ApplicationScoped
public class CertificateExpiry {

    @Inject
    ServingCertificateReload serving;

    @Inject
    MeterRegistry registry;

    void register(@Observes StartupEvent event) {
        Gauge.builder(MetricNames.CERTIFICATE_EXPIRY, this, CertificateExpiry::notAfterSeconds)
                .description("Expiry of the serving certificate in use, as Unix time in seconds")
                .strongReference(true)
                .register(registry);
    }

    /** The notAfter of the serving certificate in use; NaN when none is loaded. */
    double notAfterSeconds() {
        X509Certificate certificate = serving.inUse();
        return certificate == null ? Double.NaN : certificate.getNotAfter().getTime() / 1000.0;
    }
}
