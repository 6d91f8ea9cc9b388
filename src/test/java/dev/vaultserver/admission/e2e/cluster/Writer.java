package dev.vaultserver.admission.e2e.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends VaultServer writes through the real API server without pause while a disruption happens: a
 * server-side dry-run create, then a real create (deleted again at once), over and over. Every write
 * must be answered by the API server after it called the webhooks; a write the API server refuses
 * because it could not call them ("failed calling webhook") or that times out is a failure.
 */
final class Writer implements AutoCloseable {
    private final KubernetesClient client;
    private final String namespace;
    private final String spec;
    private final AtomicInteger attempted = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean stopping;

    /** Starts writing at once into {@code namespace} objects with the given {@code spec.backend.dynamodb}. */
    Writer(KubernetesClient client, String namespace, String dynamoDb) {
        this.client = client;
        this.namespace = namespace;
        this.spec = dynamoDb;
        this.thread = new Thread(this::loop, "writer-" + namespace);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        for (int i = 0; !stopping; i++) {
            String name = "w-" + i;
            write(() -> vaultServers().resource(object(name)).dryRun().create());
            write(() -> {
                vaultServers().resource(object(name)).create();
                vaultServers().withName(name).delete();
            });
        }
    }

    private void write(Runnable write) {
        attempted.incrementAndGet();
        try {
            write.run();
            answered.incrementAndGet();
        } catch (KubernetesClientException e) {
            failures.add(e.getCode() + " " + e.getMessage());
        }
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> vaultServers() {
        return client.genericKubernetesResources("kubevault.com/v1alpha2", "VaultServer").inNamespace(namespace);
    }

    private GenericKubernetesResource object(String name) {
        return InClusterTest.resource(client, InClusterTest.vaultServer("v1alpha2", name, spec));
    }

    int attempted() {
        return attempted.get();
    }

    int answered() {
        return answered.get();
    }

    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(30_000);
    }

    /** Stops and prints one line: what was attempted, answered and failed (with the first failures). */
    Writer report(String disruption) throws InterruptedException {
        close();
        List<String> failed = failures();
        System.out.printf("cluster: writes during %s: attempted %d, answered %d, failed %d%s%n", disruption,
                attempted(), answered(), failed.size(), failed.isEmpty() ? "" : " " + failed.subList(0, Math.min(3, failed.size())));
        return this;
    }
}
