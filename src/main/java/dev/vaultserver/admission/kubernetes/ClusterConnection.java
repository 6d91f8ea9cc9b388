package dev.vaultserver.admission.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Optional;

/**
 * The API server this service takes Secrets, Namespaces and VaultServers from, or none (Secrets then come
 * from a local folder and nothing else of the cluster is known). Worked out once, at start-up, by the
 * wiring; every lookup and the periodic audit ask it rather than deciding again.
 */
public record ClusterConnection(Optional<KubernetesClient> client) {

    public static final ClusterConnection NONE = new ClusterConnection(Optional.empty());

    public static ClusterConnection to(KubernetesClient client) {
        return new ClusterConnection(Optional.of(client));
    }

    /**
     * The release's namespace, where the table claims and the audit's Lease are kept: the one configured (the chart sets
     * it), else the client's (in a Pod, its own), else {@code default}.
     */
    public String releaseNamespace(Optional<String> configured) {
        return configured.or(() -> client.map(KubernetesClient::getNamespace)).orElse("default");
    }

    /** The API server's address, for log lines. */
    public String describe() {
        return client.map(c -> "the API server at " + c.getConfiguration().getMasterUrl()).orElse("no cluster");
    }
}
