package dev.vaultserver.admission.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.List;

/** The audit's OpenReports as both suites read them back from the API server. */
public final class AuditReports {

    private AuditReports() {
    }

    /** The Report {@code vaultserver-admission} of a namespace, or {@code null}. */
    public static JsonNode of(KubernetesClient client, String namespace) {
        GenericKubernetesResource report = client.genericKubernetesResources("openreports.io/v1alpha1", "Report").inNamespace(namespace)
                .withName("vaultserver-admission").get();
        return report == null ? null : new ObjectMapper().valueToTree(report);
    }

    /** A VaultServer's results in a Report: {@code fail credentials.secret}, {@code pass vaultserver-admission}. */
    public static List<String> results(JsonNode report, String vaultServer) {
        List<String> found = new ArrayList<>();
        for (JsonNode result : report.path("results")) {
            if (result.path("resources").get(0).path("name").asText().equals(vaultServer)) {
                found.add(result.path("result").asText() + " " + result.path("rule").asText());
            }
        }
        return found;
    }
}
