package dev.vaultserver.admission.http;

import dev.vaultserver.admission.config.AdmissionConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Reads the serving certificate and key again every {@code vaultserver-admission.tls.reload-period} and
 * hands a renewed pair to the HTTPS server, without a restart.
 * <p>
 * Quarkus's own periodic reload ({@code quarkus.tls.reload-period}) reads {@code tls.crt} and then
 * {@code tls.key}; when a renewal swaps the Secret volume between those two reads it serves the new
 * certificate with the old key, and every TLS handshake fails ("Invalid CertificateVerify signature")
 * until the next reload, 30 s later. Here a loaded pair is checked (the key signs, the certificate
 * verifies) and read again until it belongs together; a pair that never does (a wrong key in the
 * Secret) is logged and not served: the server keeps the certificate in use.
 */
@ApplicationScoped
public class ServingCertificateReload {

    private static final Logger LOG = Logger.getLogger(ServingCertificateReload.class);
    static final int READS = 10;

    /** Between two reads of a pair that does not belong together: a renewal's swap takes far less. */
    long pauseMillis = 200;

    @Inject
    TlsConfigurationRegistry registry;

    @Inject
    Event<CertificateUpdatedEvent> updated;

    @Inject
    Vertx vertx;

    @Inject
    AdmissionConfig config;

    volatile X509Certificate inUse;
    private volatile boolean stopped;

    void start(@Observes StartupEvent event) {
        Optional<TlsConfiguration> tls = registry.getDefault();
        if (tls.isEmpty()) {
            return;
        }
        inUse = ServingKeyPair.of(tls.get().getKeyStore()).map(ServingKeyPair::certificate).orElse(null);
        scheduleNext(tls.get());
    }

    /** One reload at a time: the next is timed from the end of the last, which may read for a while. */
    private void scheduleNext(TlsConfiguration tls) {
        if (!stopped) {
            vertx.setTimer(config.tls().reloadPeriod().toMillis(),
                    id -> vertx.executeBlocking(() -> reload(tls), false).onComplete(done -> scheduleNext(tls)));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    /** The certificate the HTTPS server was last given; null when none is loaded. */
    X509Certificate inUse() {
        return inUse;
    }

    /** Reads the files until they form a pair; hands a new pair to the server. True when the server got a new certificate. */
    boolean reload(TlsConfiguration tls) throws InterruptedException {
        String problem = "";
        for (int read = 1; read <= READS; read++) {
            if (read > 1) {
                Thread.sleep(pauseMillis);
            }
            Optional<ServingKeyPair> pair;
            try {
                tls.reload();
                pair = ServingKeyPair.of(tls.getKeyStore());
            } catch (RuntimeException e) {
                problem = "could not be read: " + e.getMessage(); // a file missing or half-written mid-renewal
                continue;
            }
            if (pair.isEmpty()) {
                return false; // no certificate with a key: nothing to hand over
            }
            if (!pair.get().belongTogether()) {
                problem = "do not belong together"; // also the old certificate beside the new key: read again
                continue;
            }
            if (pair.get().certificate().equals(inUse)) {
                return false;
            }
            handOver(tls, pair.get().certificate(), read);
            return true;
        }
        LOG.errorf("The serving certificate and key %s (read %d times, %d ms apart): the certificate in use stays; "
                + "replace tls.crt and tls.key together", problem, READS, pauseMillis);
        return false;
    }

    private void handOver(TlsConfiguration tls, X509Certificate certificate, int reads) {
        updated.fire(new CertificateUpdatedEvent(tls.getName(), tls));
        inUse = certificate;
        LOG.infof("Serving a renewed certificate: serial %s, valid until %s (read %d time%s)",
                certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant(), reads, reads == 1 ? "" : "s");
    }
}
