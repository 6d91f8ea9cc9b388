package dev.vaultserver.admission.kubernetes;

import dev.vaultserver.admission.core.Fixtures;
import dev.vaultserver.admission.core.StandardRules;
import dev.vaultserver.admission.core.admission.AdmissionDecision;
import dev.vaultserver.admission.core.lookup.SecretLookupException;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import dev.vaultserver.admission.core.rule.VaultServerValidator;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An API server that stops, or that accepts connections and never answers: Secret checks fail closed
 * within the configured bound (the client timeouts of {@code application.properties}, retries off) with
 * a message saying why, and the review is denied 500 InternalError (retryable) well inside a webhook's
 * timeout. Cached answers keep being served while the API server is down.
 */
@EnableKubernetesMockClient(crud = true)
class ApiServerDownTest {

    KubernetesMockServer server;

    private static final Set<String> PAIR = Set.of("access_key", "secret_key");
    /** The configured timeout, plus scheduling slack: still far below the webhook's 5 s timeoutSeconds. */
    private static final Duration BOUND = configuredTimeout().plusMillis(1500);

    private static Duration configuredTimeout() {
        Properties properties = new Properties();
        try (FileInputStream in = new FileInputStream("src/main/resources/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Duration.parse("PT" + properties.getProperty("quarkus.kubernetes-client.request-timeout"));
    }

    private static KubernetesClient client(String url) {
        long millis = configuredTimeout().toMillis();
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(url).withTrustCerts(true)
                .withConnectionTimeout((int) millis).withRequestTimeout((int) millis).withRequestRetryBackoffLimit(0).build()).build();
    }

    @Test
    void aStoppedApiServerFailsClosedWithinTheBoundWhileCachedAnswersStillServe() throws Exception {
        KubernetesClient client = client(server.url("/"));
        client.secrets().inNamespace("demo").resource(new SecretBuilder().withNewMetadata().withName("aws").endMetadata()
                .withStringData(Map.of("access_key", "CANARY-DOWN-A", "secret_key", "CANARY-DOWN-S")).build()).create();
        try (InformedSecretLookup lookup = new InformedSecretLookup(client, new SimpleMeterRegistry()).start()) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (!lookup.hasSynced() || lookup.cached("demo", "aws").isEmpty()) {
                assertTrue(System.currentTimeMillis() < deadline, "synced");
                Thread.sleep(20);
            }
            server.destroy();

            assertEquals(PAIR, lookup.find("demo", "aws", PAIR).orElseThrow().nonEmptyKeys(), "a cached Secret is still answered");
            long start = System.nanoTime();
            SecretLookupException e = assertThrows(SecretLookupException.class, () -> lookup.find("demo", "other", PAIR));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(BOUND) < 0, "failed after " + took);
            assertTrue(e.getMessage().startsWith("the API server could not be reached"), e.getMessage());
        } finally {
            client.close();
        }
    }

    @Test
    void anApiServerThatNeverAnswersFailsClosedWithinTheBound() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // accepted, never read from or answered
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            KubernetesClient client = client("https://127.0.0.1:" + silent.getLocalPort());
            try {
                VaultServerValidator validator = StandardRules.validator(new KubernetesSecretLookup(client));
                long start = System.nanoTime();
                AdmissionDecision decision = validator.handle(Fixtures.request("CREATE",
                        Fixtures.withDynamoDb(VaultServerVersion.V1ALPHA2, "{'credentialSecretRef': {'name': 'aws'}}")));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(took.compareTo(BOUND) < 0, "answered after " + took);
                assertTrue(took.compareTo(configuredTimeout().minusMillis(500)) > 0, "it did wait for the API server: " + took);
                assertEquals(500, decision.denial().code());
                assertEquals("InternalError", decision.denial().reason());
                assertTrue(decision.denial().message().contains("the API server did not answer in time"), decision.denial().message());
            } finally {
                client.close();
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }
}
