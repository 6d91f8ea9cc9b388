package dev.vaultserver.admission.service;

import dev.vaultserver.admission.checkaudit.ClusterAudit;
import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.config.AdmissionConfig;
import dev.vaultserver.admission.config.MetricNames;
import dev.vaultserver.admission.core.lookup.NamespaceLookup;
import dev.vaultserver.admission.core.lookup.SecretLookup;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.kubernetes.ClusterConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * While the service runs, the same audit as {@code vaultserver-admission audit}, every
 * {@code vaultserver-admission.audit.interval} (off by default), with the service's own Secret and
 * Namespace lookups and its own tenant policy, so it judges as {@code /validate} does. Its result is exported as the gauge
 * {@code vaultserver_admission_audit_violations{namespace}}: the VaultServers the rules deny, per
 * namespace.
 */
@ApplicationScoped
public class PeriodicAudit {

    private static final Logger LOG = Logger.getLogger(PeriodicAudit.class);

    @Inject
    AdmissionConfig config;

    @Inject
    ClusterConnection cluster;

    @Inject
    MeterRegistry registry;

    @Inject
    SecretLookup secrets;

    @Inject
    NamespaceLookup namespaces;

    @Inject
    PolicySource policy;

    private ScheduledExecutorService scheduler;
    private ClusterAudit audit;
    private MultiGauge violations;

    void start(@Observes StartupEvent event) {
        config.audit().interval().ifPresent(interval -> {
            if (cluster.client().isEmpty()) {
                LOG.warnf("periodic audit every %s asked for, but no cluster is configured: it stays off", interval);
                return;
            }
            audit = new ClusterAudit(cluster.client().get(), secrets, namespaces, policy);
            violations = MultiGauge.builder(MetricNames.AUDIT_VIOLATIONS)
                    .description("VaultServers the webhook's rules deny, per namespace, at the last periodic audit")
                    .register(registry);
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "periodic-audit"));
            scheduler.scheduleWithFixedDelay(this::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("periodic audit every %s of %s", interval, config.audit().namespace().map(ns -> "namespace " + ns).orElse("all namespaces"));
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    void runOnce() {
        try {
            Report report = audit.run(config.audit().namespace());
            Map<String, Integer> counts = ClusterAudit.violationsByNamespace(report);
            violations.register(counts.entrySet().stream()
                    .map(e -> MultiGauge.Row.of(Tags.of("namespace", e.getKey()), e.getValue()))
                    .toList(), true);
            LOG.infof("periodic audit: %d VaultServers checked, %d denied", report.results().size(), report.denied());
        } catch (RuntimeException e) {
            LOG.warnf("periodic audit failed: %s", e.getMessage());
        }
    }

}
