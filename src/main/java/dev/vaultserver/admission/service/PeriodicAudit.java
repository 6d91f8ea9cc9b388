package dev.vaultserver.admission.service;

import dev.vaultserver.admission.checkaudit.ClusterAudit;
import dev.vaultserver.admission.checkaudit.openreports.OpenReports;
import dev.vaultserver.admission.checkaudit.openreports.OpenReportsPublisher;
import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.config.AdmissionConfig;
import dev.vaultserver.admission.config.MetricNames;
import dev.vaultserver.admission.core.field.Echo;
import dev.vaultserver.admission.core.lookup.NamespaceLookup;
import dev.vaultserver.admission.core.lookup.SecretLookup;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.kubernetes.ClusterConnection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.micrometer.core.instrument.Gauge;
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
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * While the service runs, the same audit as {@code vaultserver-admission audit}, every
 * {@code vaultserver-admission.audit.interval} (off by default), with the service's own Secret and
 * Namespace lookups and its own tenant policy, so it judges as {@code /validate} does. Its result is exported as the gauge
 * {@code vaultserver_admission_audit_violations{namespace}}: the VaultServers the rules deny, per namespace; with
 * {@code audit.reports.enabled}, also written as OpenReports (a Report per namespace with VaultServers).
 * <p>
 * One replica audits at a time: the one that holds the Lease {@code audit.lease-name} in the release's namespace
 * (fabric8's leader election). When the leader's Pod is gone its Lease runs out after {@code audit.lease-duration} and
 * another replica takes it and audits at once.
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
    private ScheduledFuture<?> audits;
    private CompletableFuture<?> election;
    private ClusterAudit audit;
    private OpenReportsPublisher reports;
    private MultiGauge violations;
    private final AtomicInteger leading = new AtomicInteger();
    private final AtomicInteger crdMissing = new AtomicInteger();

    void start(@Observes StartupEvent event) {
        Optional<Duration> interval = config.audit().interval();
        if (interval.isEmpty()) {
            return;
        }
        if (cluster.client().isEmpty()) {
            LOG.warnf("periodic audit every %s asked for, but no cluster is configured: it stays off", interval.get());
            return;
        }
        KubernetesClient client = cluster.client().get();
        audit = new ClusterAudit(client, secrets, namespaces, policy);
        reports = config.audit().reports().enabled() ? new OpenReportsPublisher(client) : null;
        violations = MultiGauge.builder(MetricNames.AUDIT_VIOLATIONS)
                .description("VaultServers the webhook's rules deny, per namespace, at the last periodic audit")
                .register(registry);
        Gauge.builder(MetricNames.AUDIT_LEADER, leading, AtomicInteger::get)
                .description("1 while this replica leads the periodic audit, else 0").register(registry);
        if (reports != null) {
            Gauge.builder(MetricNames.REPORTS_CRD_MISSING, crdMissing, AtomicInteger::get)
                    .description("1 when the last audit could not write its OpenReports: the Report CRD is not installed").register(registry);
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "periodic-audit"));
        String namespace = cluster.releaseNamespace(config.claims().namespace());
        String identity = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("vaultserver-admission") + "_" + UUID.randomUUID();
        Duration lease = config.audit().leaseDuration();
        election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName("periodic audit")
                .withLock(new LeaseLock(namespace, config.audit().leaseName(), identity))
                .withLeaseDuration(lease)
                .withRenewDeadline(lease.multipliedBy(2).dividedBy(3))
                .withRetryPeriod(lease.dividedBy(5))
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> lead(interval.get()),
                        this::stopLeading,
                        leader -> LOG.infof("periodic audit: %s leads", Echo.line(leader, 120))))
                .build()).build().start();
        LOG.infof("periodic audit every %s of %s, by the replica that holds Lease %s/%s%s", interval.get(),
                config.audit().namespace().map(ns -> "namespace " + ns).orElse("all namespaces"), namespace, config.audit().leaseName(),
                reports != null ? ", written as OpenReports" : "");
    }

    void stop(@Observes ShutdownEvent event) {
        if (election != null) {
            election.cancel(true);
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private synchronized void lead(Duration interval) {
        leading.set(1);
        LOG.info("periodic audit: this replica leads");
        if (audits == null || audits.isDone()) {
            audits = scheduler.scheduleWithFixedDelay(this::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void stopLeading() {
        leading.set(0);
        if (audits != null) {
            audits.cancel(false);
        }
        LOG.info("periodic audit: this replica no longer leads");
    }

    void runOnce() {
        try {
            Report report = audit.run(config.audit().namespace());
            Map<String, Integer> counts = ClusterAudit.violationsByNamespace(report);
            violations.register(counts.entrySet().stream()
                    .map(e -> MultiGauge.Row.of(Tags.of("namespace", e.getKey()), e.getValue()))
                    .toList(), true);
            LOG.infof("periodic audit: %d VaultServers checked, %d denied", report.results().size(), report.denied());
            if (reports != null) {
                publish(report);
            }
        } catch (RuntimeException e) {
            LOG.warnf("periodic audit failed: %s", Echo.line(e.getMessage(), 300));
        }
    }

    private void publish(Report report) {
        OpenReportsPublisher.Outcome outcome = reports.publish(
                new OpenReports(config.audit().reports().maxResults(), Instant.now()).build(report), config.audit().namespace());
        crdMissing.set(outcome.crdMissing() ? 1 : 0);
        if (outcome.crdMissing()) {
            LOG.warn("periodic audit: OpenReports not written: " + OpenReportsPublisher.Outcome.CRD_MISSING);
        } else {
            LOG.infof("periodic audit: OpenReports written in %d namespaces, deleted in %d", outcome.written().size(), outcome.deleted().size());
            outcome.failed().forEach((ns, reason) -> LOG.warnf("periodic audit: OpenReport in %s not written: %s", ns, reason));
        }
    }
}
