package dev.vaultserver.admission.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.TlsConfigurationRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;

/**
 * {@code vaultserver_admission_certificate_expiry_seconds}: when the serving certificate now in use
 * expires (Unix time), read from the TLS registry at each scrape, so a reloaded certificate shows at
 * once. Alert on {@code vaultserver_admission_certificate_expiry_seconds - time() < 7 * 86400}.
 */
@ApplicationScoped
public class CertificateExpiry {

    @Inject
    TlsConfigurationRegistry tls;

    @Inject
    MeterRegistry registry;

    void register(@Observes StartupEvent event) {
        Gauge.builder("vaultserver_admission_certificate_expiry_seconds", this, CertificateExpiry::notAfterSeconds)
                .description("Expiry of the serving certificate in use, as Unix time in seconds")
                .strongReference(true)
                .register(registry);
    }

    /** The earliest notAfter of the leaf certificates in the key store; NaN when none is loaded. */
    double notAfterSeconds() {
        return tls.getDefault().map(c -> c.getKeyStore()).map(CertificateExpiry::earliestNotAfter).orElse(Double.NaN);
    }

    private static double earliestNotAfter(KeyStore store) {
        try {
            double earliest = Double.NaN;
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate instanceof X509Certificate x509) {
                    double seconds = x509.getNotAfter().getTime() / 1000.0;
                    earliest = Double.isNaN(earliest) ? seconds : Math.min(earliest, seconds);
                }
            }
            return earliest;
        } catch (KeyStoreException e) {
            return Double.NaN;
        }
    }
}
