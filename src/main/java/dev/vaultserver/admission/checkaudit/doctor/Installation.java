package dev.vaultserver.admission.checkaudit.doctor;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the doctor reads of an installation, once, before any check: the two webhook configurations, the Service they
 * call and its Endpoints, the Deployment behind it and the PodDisruptionBudgets over its Pods, the serving certificate's
 * Secret, KubeVault's CRD and the labels of the namespaces the webhooks must leave out. Anything not found is
 * {@code null} (or empty); the checks say what that means.
 *
 * @param release          the Helm release (label {@code app.kubernetes.io/instance}) or the configurations' name
 * @param namespace        the release's namespace: the Service's
 * @param namespaceLabels  by name, the labels of kube-system and the release's namespace (as the API server would match
 *                         them: with {@code kubernetes.io/metadata.name}, which API servers before 1.21 do not set)
 * @param reportsCrd       the OpenReports {@code Report} CRD, which the periodic audit writes to when the Deployment
 *                         enables reports ({@value #REPORTS_SETTING}); {@code null} when it is not installed
 */
public record Installation(String release, String namespace, MutatingWebhookConfiguration mutating, ValidatingWebhookConfiguration validating,
        Service service, Endpoints endpoints, Deployment deployment, List<GenericKubernetesResource> disruptionBudgets, Secret servingSecret,
        CustomResourceDefinition crd, Map<String, Map<String, String>> namespaceLabels, CustomResourceDefinition reportsCrd) {

    /** The webhook names this project registers. */
    public static final String MUTATE = "mutate.vaultserver-admission.dev";
    public static final String VALIDATE = "validate.vaultserver-admission.dev";
    /** KubeVault's CRD and the versions both webhooks are written for. */
    public static final String CRD = "vaultservers.kubevault.com";
    public static final List<String> VERSIONS = List.of("v1alpha1", "v1alpha2");
    /** The OpenReports CRD, and the setting of the Deployment that has the periodic audit write Reports. */
    public static final String REPORTS_CRD = "reports.openreports.io";
    public static final String REPORTS_SETTING = "VAULTSERVER_ADMISSION_AUDIT_REPORTS_ENABLED";

    /** Whether the Deployment has the periodic audit write OpenReports. */
    boolean reportsEnabled() {
        if (deployment == null || deployment.getSpec().getTemplate().getSpec() == null) {
            return false;
        }
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .map(Container::getEnv).filter(Objects::nonNull).flatMap(List::stream)
                .anyMatch(e -> REPORTS_SETTING.equals(e.getName()) && "true".equals(e.getValue()));
    }

    /** The versions a CRD serves; none when it is not installed. */
    static List<String> servedVersions(CustomResourceDefinition crd) {
        return crd == null ? List.of() : crd.getSpec().getVersions().stream().filter(v -> Boolean.TRUE.equals(v.getServed()))
                .map(CustomResourceDefinitionVersion::getName).toList();
    }
}
