package dev.vaultserver.admission.checkaudit.openreports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vaultserver.admission.kubernetes.ApiServerErrors;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes an audit's OpenReports to the API server: each namespace's Report by server-side apply (field manager
 * {@value #FIELD_MANAGER}, so that the apply takes over from an earlier writer of ours and a concurrent update is
 * merged, not lost), then deletes this service's Reports (named {@value OpenReports#NAME} and labelled
 * {@code app.kubernetes.io/managed-by: vaultserver-admission}) in namespaces that hold no VaultServer any more. Nothing
 * else is read or written. When the Report CRD is not installed it writes nothing and says so.
 */
public final class OpenReportsPublisher {

    public static final String FIELD_MANAGER = "vaultserver-admission";
    public static final ResourceDefinitionContext REPORTS = new ResourceDefinitionContext.Builder()
            .withGroup("openreports.io").withVersion("v1alpha1").withKind(OpenReports.KIND).withPlural("reports").withNamespaced(true).build();

    private final KubernetesClient client;
    private final ObjectMapper json = new ObjectMapper();

    public OpenReportsPublisher(KubernetesClient client) {
        this.client = client;
    }

    /**
     * What a publication did.
     *
     * @param crdMissing the API server does not serve {@code reports.openreports.io/v1alpha1}: nothing was written
     * @param written    the namespaces whose Report was applied
     * @param deleted    the namespaces whose Report was deleted, having no VaultServer left
     * @param failed     the namespaces whose Report could not be written or deleted, with the API server's reason (the
     *                   others are written all the same)
     */
    public record Outcome(boolean crdMissing, List<String> written, List<String> deleted, Map<String, String> failed) {

        /** Why nothing was written when {@link #crdMissing}, and what to do, for a log line or a command's error. */
        public static final String CRD_MISSING = "the cluster does not serve reports.openreports.io/v1alpha1: install the OpenReports CRDs"
                + " (from OpenReports' own chart; this project's chart does not ship them)";

        static Outcome missing() {
            return new Outcome(true, List.of(), List.of(), Map.of());
        }
    }

    /**
     * @param reports   the Reports by namespace ({@link OpenReports#build})
     * @param namespace the one namespace audited, or empty for all: Reports elsewhere are left alone
     */
    public Outcome publish(Map<String, ObjectNode> reports, Optional<String> namespace) {
        List<GenericKubernetesResource> existing;
        try {
            var all = client.genericKubernetesResources(REPORTS);
            var selected = namespace.isPresent() ? all.inNamespace(namespace.get()) : all.inAnyNamespace();
            existing = selected.withLabel(OpenReports.MANAGED_BY, OpenReports.SOURCE).list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Outcome.missing();
            }
            throw e;
        }
        List<String> written = new ArrayList<>();
        Map<String, String> failed = new TreeMap<>();
        for (Map.Entry<String, ObjectNode> report : reports.entrySet()) {
            GenericKubernetesResource resource = json.convertValue(report.getValue(), GenericKubernetesResource.class);
            try {
                client.genericKubernetesResources(REPORTS).inNamespace(report.getKey()).resource(resource)
                        .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
                written.add(report.getKey());
            } catch (KubernetesClientException e) {
                failed.put(report.getKey(), ApiServerErrors.shownStatusMessage(e, 300));
            }
        }
        List<String> deleted = new ArrayList<>();
        for (GenericKubernetesResource stale : existing) {
            String ns = stale.getMetadata().getNamespace();
            if (OpenReports.NAME.equals(stale.getMetadata().getName()) && !reports.containsKey(ns)) {
                try {
                    client.genericKubernetesResources(REPORTS).inNamespace(ns).withName(OpenReports.NAME).delete();
                    deleted.add(ns);
                } catch (KubernetesClientException e) {
                    failed.put(ns, ApiServerErrors.shownStatusMessage(e, 300));
                }
            }
        }
        return new Outcome(false, written, deleted, failed);
    }
}
