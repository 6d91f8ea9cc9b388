package dev.vaultserver.admission.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One round of the race both end-to-end suites run: every namespace creates a VaultServer on one new table at the same
 * instant, through the real API server. What came of it: how many were admitted, how many the API server could not get a
 * webhook's answer for (or that failed otherwise), how many refusals failed to name the holder, and how many VaultServers
 * each namespace stores on the table afterwards.
 */
public final class TableRace {

    /**
     * @param admitted creates stored
     * @param unanswered writes not answered by the webhooks' decision (a failed webhook call, a timeout, anything but 403)
     * @param unnamed 403 refusals that do not name the VaultServer that was admitted
     * @param namespacesStoring how many namespaces store a VaultServer on the table after the round
     */
    public record Round(String table, int admitted, List<String> unanswered, List<String> unnamed, long namespacesStoring) {
    }

    private TableRace() {
    }

    public static Round run(KubernetesClient client, List<String> namespaces, String table) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(namespaces.size());
        try {
            CyclicBarrier start = new CyclicBarrier(namespaces.size());
            List<Future<String>> answers = new ArrayList<>();
            for (String namespace : namespaces) {
                GenericKubernetesResource vs = client.getKubernetesSerialization().unmarshal(new ByteArrayInputStream(
                        VaultServerYaml.of("v1alpha2", table, "{table: " + table + ", region: eu-west-1}").getBytes(StandardCharsets.UTF_8)),
                        GenericKubernetesResource.class);
                answers.add(pool.submit(() -> {
                    start.await();
                    try {
                        client.genericKubernetesResources("kubevault.com/v1alpha2", "VaultServer").inNamespace(namespace).resource(vs).create();
                        return null;
                    } catch (KubernetesClientException e) {
                        return e.getCode() + " " + e.getMessage();
                    }
                }));
            }
            int admitted = 0;
            String winner = null;
            List<String> refusals = new ArrayList<>();
            List<String> unanswered = new ArrayList<>();
            for (int i = 0; i < namespaces.size(); i++) {
                String answer = answers.get(i).get(90, TimeUnit.SECONDS);
                if (answer == null) {
                    admitted++;
                    winner = namespaces.get(i) + "/" + table;
                } else if (answer.startsWith("403 ")) {
                    refusals.add(answer);
                } else {
                    unanswered.add(answer);
                }
            }
            String holder = "table \"" + table + "\" in region eu-west-1 at AWS's endpoint is already used by VaultServer " + winner;
            List<String> unnamed = winner == null ? List.of() : refusals.stream().filter(r -> !r.contains(holder)).toList();
            long storing = client.genericKubernetesResources("kubevault.com/v1alpha2", "VaultServer").inAnyNamespace().list().getItems().stream()
                    .filter(vs -> table.equals(dynamoDb(vs).get("table"))).map(vs -> vs.getMetadata().getNamespace()).distinct().count();
            return new Round(table, admitted, unanswered, unnamed, storing);
        } finally {
            pool.shutdownNow();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dynamoDb(GenericKubernetesResource vs) {
        Object spec = vs.getAdditionalProperties().get("spec");
        Object backend = spec instanceof Map<?, ?> m ? m.get("backend") : null;
        Object dynamoDb = backend instanceof Map<?, ?> m ? m.get("dynamodb") : null;
        return dynamoDb instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
