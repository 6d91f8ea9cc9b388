package dev.vaultserver.admission.checkaudit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.core.lookup.ClusterView;
import dev.vaultserver.admission.core.lookup.NamespaceLookup;
import dev.vaultserver.admission.core.lookup.SecretLookup;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.checkaudit.report.Result;
import dev.vaultserver.admission.checkaudit.report.Source;
import dev.vaultserver.admission.kubernetes.KubernetesNamespaceLookup;
import dev.vaultserver.admission.kubernetes.KubernetesSecretLookup;
import dev.vaultserver.admission.kubernetes.VaultServerResources;
import dev.vaultserver.admission.webhook.ReviewJson;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads every VaultServer the client can see and runs each (or those of one namespace) through the
 * webhooks' handlers as if it were created now, with the same view of the cluster {@code /validate} has:
 * Secrets and Namespace labels looked up on the same API server, the tenant policy given, and the other
 * VaultServers of the list for the shared-table guard (both sides of a shared table are reported).
 * Read-only: nothing is written.
 */
public final class ClusterAudit {

    /** VaultServers in their storage version; named outright, so no discovery call is needed. */
    public static final ResourceDefinitionContext VAULTSERVERS = VaultServerResources.of(VaultServerVersion.V1ALPHA2);

    private final KubernetesClient client;
    private final SecretLookup secrets;
    private final NamespaceLookup namespaces;
    private final PolicySource policy;
    private final ObjectMapper json = ReviewJson.newMapper();

    /** The command line's audit: Secrets and Namespaces read on the API server directly. */
    public ClusterAudit(KubernetesClient client, PolicySource policy) {
        this(client, new KubernetesSecretLookup(client), namespaceLabels(client), policy);
    }

    /** The service's periodic audit: its own lookups (caches) and its own policy. */
    public ClusterAudit(KubernetesClient client, SecretLookup secrets, NamespaceLookup namespaces, PolicySource policy) {
        this.client = client;
        this.secrets = secrets;
        this.namespaces = namespaces;
        this.policy = policy;
    }

    public Report run(Optional<String> namespace) {
        List<GenericKubernetesResource> items = list(namespace);
        VaultServerSnapshot snapshot = new VaultServerSnapshot();
        List<JsonNode> objects = new ArrayList<>();
        for (GenericKubernetesResource item : items) {
            JsonNode object = json.valueToTree(item);
            objects.add(object);
            snapshot.add(object, item.getMetadata().getNamespace());
        }
        ObjectChecker checker = new ObjectChecker(new ClusterView(secrets, namespaces, snapshot.index()), policy);
        List<Result> results = new ArrayList<>();
        for (JsonNode object : objects) {
            String ns = object.path("metadata").path("namespace").asText();
            if (namespace.isEmpty() || namespace.get().equals(ns)) {
                Source source = Source.cluster(client.getConfiguration().getMasterUrl(), ns + "/" + object.path("metadata").path("name").asText());
                results.add(checker.checkVaultServer(object, source, ns, ObjectChecker.FieldLocator.NONE));
            }
        }
        return Report.of("AuditReport", results, List.of());
    }

    /**
     * Every VaultServer, since a shared table may cross namespaces; when listing all namespaces is not permitted,
     * those of the audited namespace.
     */
    private List<GenericKubernetesResource> list(Optional<String> namespace) {
        var resources = client.genericKubernetesResources(VAULTSERVERS);
        try {
            return resources.inAnyNamespace().list().getItems();
        } catch (KubernetesClientException e) {
            if (namespace.isPresent() && e.getCode() == 403) {
                return resources.inNamespace(namespace.get()).list().getItems();
            }
            throw e;
        }
    }

    /** Namespace labels read on the API server, once per namespace and audit. */
    private static NamespaceLookup namespaceLabels(KubernetesClient client) {
        NamespaceLookup direct = new KubernetesNamespaceLookup(client);
        Map<String, Optional<Map<String, String>>> seen = new ConcurrentHashMap<>();
        return name -> {
            Optional<Map<String, String>> known = seen.get(name);
            if (known == null) {
                known = direct.labels(name);
                seen.put(name, known);
            }
            return known;
        };
    }

    /** Denied objects per namespace (every namespace that has a VaultServer appears, with 0 when none is denied). */
    public static Map<String, Integer> violationsByNamespace(Report report) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Result result : report.results()) {
            counts.merge(result.namespace(), result.allowed() ? 0 : 1, Integer::sum);
        }
        return counts;
    }
}
