package dev.vaultserver.admission.checkaudit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vaultserver.admission.core.lookup.ClusterView;
import dev.vaultserver.admission.core.lookup.NamespaceLookup;
import dev.vaultserver.admission.core.lookup.SecretIndex;
import dev.vaultserver.admission.core.model.VaultServerVersion;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For {@code check}: the cluster the rules see is the input itself. Its Secrets are the Secrets, its
 * Namespaces (with labels given on the command line on top) are the Namespaces the tenant policy
 * selects, and its VaultServers are the ones a VaultServer may not share a table with.
 */
public final class ManifestCluster {

    private ManifestCluster() {
    }

    /**
     * @param documents everything read
     * @param defaultNamespace the namespace of objects that name none
     * @param extraLabels namespace labels given on the command line, merged over the Namespaces' own
     */
    public static ClusterView of(List<ManifestReader.Document> documents, String defaultNamespace, Map<String, Map<String, String>> extraLabels) {
        Map<String, Map<String, String>> labels = new HashMap<>();
        VaultServerSnapshot vaultServers = new VaultServerSnapshot();
        for (ManifestReader.Document doc : documents) {
            JsonNode content = doc.content();
            JsonNode metadata = content.path("metadata");
            if ("Namespace".equals(content.path("kind").asText()) && "v1".equals(content.path("apiVersion").asText())) {
                Map<String, String> own = new HashMap<>();
                metadata.path("labels").fields().forEachRemaining(e -> own.put(e.getKey(), e.getValue().asText()));
                labels.put(metadata.path("name").asText(), own);
            }
            if (VaultServerVersion.KIND.equals(content.path("kind").asText())) {
                String namespace = metadata.path("namespace").asText("").isEmpty() ? defaultNamespace : metadata.path("namespace").asText();
                vaultServers.add(content, namespace);
            }
        }
        extraLabels.forEach((ns, extra) -> labels.computeIfAbsent(ns, n -> new HashMap<>()).putAll(extra));
        NamespaceLookup namespaces = ns -> Optional.ofNullable(labels.get(ns)).map(Map::copyOf);
        return new ClusterView(SecretIndex.of(documents.stream().map(ManifestReader.Document::content).toList()), namespaces, vaultServers.index());
    }
}
