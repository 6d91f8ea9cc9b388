package dev.vaultserver.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.config.AdmissionConfig;
import dev.vaultserver.admission.config.MetricNames;
import dev.vaultserver.admission.config.SecretSource;
import dev.vaultserver.admission.core.StandardRules;
import dev.vaultserver.admission.core.defaults.VaultServerDefaulter;
import dev.vaultserver.admission.core.lookup.AccessReview;
import dev.vaultserver.admission.core.lookup.ClusterView;
import dev.vaultserver.admission.core.lookup.LocationClaims;
import dev.vaultserver.admission.core.lookup.NamespaceLookup;
import dev.vaultserver.admission.core.lookup.SecretLookup;
import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.core.rule.VaultServerValidator;
import dev.vaultserver.admission.kubernetes.ClaimKeeper;
import dev.vaultserver.admission.kubernetes.ClusterConnection;
import dev.vaultserver.admission.kubernetes.InformedNamespaceLookup;
import dev.vaultserver.admission.kubernetes.InformedSecretLookup;
import dev.vaultserver.admission.kubernetes.InformedVaultServerIndex;
import dev.vaultserver.admission.kubernetes.KubernetesAccessReview;
import dev.vaultserver.admission.kubernetes.KubernetesSecretLookup;
import dev.vaultserver.admission.kubernetes.LeaseLocationClaims;
import dev.vaultserver.admission.local.DirectorySecretLookup;
import dev.vaultserver.admission.local.PolicyFile;
import dev.vaultserver.admission.webhook.AdmissionWebhook;
import dev.vaultserver.admission.webhook.ReviewJson;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Wires the framework-free core and transport into CDI. */
public class WebhookBeans {

    private static final Logger LOG = Logger.getLogger(WebhookBeans.class);

    /** The one JSON setup: Quarkus's ObjectMapper, with the settings for AdmissionReviews (see {@link ReviewJson}). */
    @Produces
    @Singleton
    ObjectMapperCustomizer reviewJson() {
        return ReviewJson::configure;
    }

    @Produces
    @Singleton
    AdmissionWebhook webhook(ObjectMapper mapper) {
        return new AdmissionWebhook(mapper);
    }

    @Produces
    @Singleton
    VaultServerDefaulter defaulter() {
        return new VaultServerDefaulter();
    }

    @Produces
    @Singleton
    @Startup
    VaultServerValidator validator(SecretLookup secrets, NamespaceLookup namespaces, VaultServerIndex vaultServers, LocationClaims claims,
            AccessReview access, PolicySource policy) {
        // The lookups (and with them their caches) are made at start-up, not on the first review.
        return StandardRules.validator(new ClusterView(secrets, namespaces, vaultServers, claims, access), policy);
    }

    /** Whether a requester may read another namespace's VaultServers (a refusal names one only then). */
    @Produces
    @Singleton
    AccessReview access(ClusterConnection cluster) {
        return cluster.client().<AccessReview>map(client -> new KubernetesAccessReview(client, java.time.Duration.ofSeconds(30)))
                .orElse(AccessReview.EVERYONE);
    }

    /** The claims on tables and what keeps them true to the VaultServers that exist (none without a cluster). */
    record TableClaims(LocationClaims claims, Optional<ClaimKeeper> keeper) {
    }

    @Produces
    @Singleton
    TableClaims tableClaims(AdmissionConfig config, ClusterConnection cluster, VaultServerIndex vaultServers, MeterRegistry registry) {
        if (cluster.client().isEmpty() || !(vaultServers instanceof InformedVaultServerIndex index)) {
            LOG.info("Table claims: none (no cluster configured)");
            return new TableClaims(LocationClaims.NONE, Optional.empty());
        }
        KubernetesClient client = cluster.client().get();
        String namespace = cluster.releaseNamespace(config.claims().namespace());
        LeaseLocationClaims claims = new LeaseLocationClaims(client, namespace, config.claims().budget(), registry).startCache();
        ClaimKeeper keeper = new ClaimKeeper(client, claims, index, config.claims().grace()).start(config.claims().sweepInterval());
        Gauge.builder(MetricNames.TABLE_CLAIMS, keeper, ClaimKeeper::claims)
                .description("Tables claimed for one namespace each, at the last sweep (-1 before the first)").strongReference(true).register(registry);
        Gauge.builder(MetricNames.SHARED_TABLES, keeper, ClaimKeeper::sharedLocations)
                .description("Tables used by VaultServers of more than one namespace (shared before the claims existed; never taken over)")
                .strongReference(true).register(registry);
        FunctionCounter.builder(MetricNames.TABLE_CLAIMS_RELEASED, keeper, ClaimKeeper::released)
                .description("Claims released because no VaultServer of their namespace used the table any more").register(registry);
        FunctionCounter.builder(MetricNames.TABLE_CLAIMS_ADOPTED, keeper, ClaimKeeper::adopted)
                .description("Claims made for VaultServers that existed without one").register(registry);
        LOG.infof("Table claims: Leases in namespace %s of %s", namespace, cluster.describe());
        return new TableClaims(claims, Optional.of(keeper));
    }

    @Produces
    @Singleton
    LocationClaims claims(TableClaims tableClaims) {
        return tableClaims.claims();
    }

    void closeTableClaims(@Disposes TableClaims tableClaims) throws Exception {
        tableClaims.keeper().ifPresent(ClaimKeeper::close);
        closeIfCache(tableClaims.claims());
    }

    @Produces
    @Singleton
    PolicySource policy(AdmissionConfig config, MeterRegistry registry) {
        if (config.policy().file().isEmpty()) {
            LOG.info("Tenant policy: none configured (vaultserver-admission.policy.file)");
            return PolicySource.NONE;
        }
        PolicyFile file = new PolicyFile(Path.of(config.policy().file().get()).toAbsolutePath(), config.policy().required());
        file.usable(); // loads it now, so a broken file is logged at start-up
        Gauge.builder(MetricNames.POLICY_RULES, file, PolicyFile::rulesInForce)
                .description("Tenant policy rules in force (-1: the policy file is broken and none was loaded before)").strongReference(true).register(registry);
        FunctionCounter.builder(MetricNames.POLICY_REFUSED_LOADS, file, PolicyFile::refusedLoads)
                .description("Changed tenant policy files that were refused (the last good policy stayed in force)").register(registry);
        return file;
    }

    /** Whether Secrets (and so Namespaces and VaultServers) come from an API server, and which: decided once. */
    @Produces
    @Singleton
    ClusterConnection cluster(AdmissionConfig config, Instance<KubernetesClient> client,
            @ConfigProperty(name = "quarkus.kubernetes-client.api-server-url") Optional<String> apiServerUrl) {
        SecretSource source = config.secrets().source();
        boolean usesCluster = source == SecretSource.KUBERNETES || (source == SecretSource.AUTO && clusterConfigured(apiServerUrl));
        return usesCluster ? ClusterConnection.to(client.get()) : ClusterConnection.NONE;
    }

    @Produces
    @Singleton
    NamespaceLookup namespaces(ClusterConnection cluster) {
        return cluster.client().<NamespaceLookup>map(client -> new InformedNamespaceLookup(client).start()).orElseGet(() -> {
            LOG.info("Namespace labels: none known (no cluster configured)");
            return NamespaceLookup.NONE;
        });
    }

    @Produces
    @Singleton
    VaultServerIndex vaultServers(AdmissionConfig config, ClusterConnection cluster) {
        return cluster.client().<VaultServerIndex>map(client ->
                new InformedVaultServerIndex(client, config.cluster().discoveryRetry().toSeconds()).start()).orElseGet(() -> {
            LOG.info("Other VaultServers: none known (no cluster configured), so no table collisions are found");
            return VaultServerIndex.NONE;
        });
    }

    void closeNamespaces(@Disposes NamespaceLookup namespaces) throws Exception {
        closeIfCache(namespaces);
    }

    void closeVaultServers(@Disposes VaultServerIndex vaultServers) throws Exception {
        closeIfCache(vaultServers);
    }

    /** The informer-backed lookups are closed (their watches stopped) with the application. */
    private static void closeIfCache(Object lookup) throws Exception {
        if (lookup instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Produces
    @Singleton
    SecretLookup secretLookup(AdmissionConfig config, ClusterConnection cluster, MeterRegistry registry) {
        if (cluster.client().isPresent()) {
            KubernetesClient k8s = cluster.client().get();
            if (config.secrets().cache()) {
                LOG.infof("Secret lookups: a watch-backed cache of %s (key names only)", cluster.describe());
                return new InformedSecretLookup(k8s, registry).start();
            }
            LOG.infof("Secret lookups: %s", cluster.describe());
            return new KubernetesSecretLookup(k8s);
        }
        Path directory = Path.of(config.secrets().directory()).toAbsolutePath();
        LOG.infof("Secret lookups: Secret manifests in the local directory %s (no cluster configured)", directory);
        return new DirectorySecretLookup(directory);
    }

    void closeSecretLookup(@Disposes SecretLookup secrets) throws Exception {
        closeIfCache(secrets);
    }

    /** In a pod, with KUBECONFIG or ~/.kube/config, or with an explicit API server URL. */
    static boolean clusterConfigured(Optional<String> apiServerUrl) {
        if (apiServerUrl.isPresent() || System.getenv("KUBERNETES_SERVICE_HOST") != null) {
            return true;
        }
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            return true;
        }
        return Files.exists(Path.of(System.getProperty("user.home"), ".kube", "config"));
    }
}
