package dev.vaultserver.admission.e2e;

import dev.vaultserver.admission.testing.Await;
import dev.vaultserver.admission.testing.Tls;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Another process of the built service (target/quarkus-app), on a free loopback port with the e2e suite's serving
 * certificate, started by a test: a second replica, a restarted one, or one to shut down. By default it is connected
 * to the suite's API server (KUBECONFIG) with the same claims namespace as the webhook e2e/run.sh started.
 */
final class WebhookProcess implements AutoCloseable {

    final URI base;
    final Path log;
    final HttpClient http;
    final SSLContext tls;
    private final Process process;

    private WebhookProcess(URI base, Path log, Process process, SSLContext tls) {
        this.base = base;
        this.log = log;
        this.process = process;
        this.tls = tls;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** Started with these settings over the defaults (environment variables); returns once it is ready. */
    static WebhookProcess start(Map<String, String> settings) throws Exception {
        WebhookProcess started = launch(settings);
        started.awaitReady(Duration.ofSeconds(60));
        return started;
    }

    /** Started, without waiting for it to be ready. */
    static WebhookProcess launch(Map<String, String> settings) throws Exception {
        Path certs = Path.of(System.getProperty("e2e.caFile")).getParent();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("webhook-" + port + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", "target/quarkus-app/quarkus-run.jar")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = new HashMap<>(Map.of(
                "QUARKUS_HTTP_SSL_PORT", String.valueOf(port),
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_TLS_KEY_STORE_PEM_0_CERT", certs.resolve("tls.crt").toString(),
                "QUARKUS_TLS_KEY_STORE_PEM_0_KEY", certs.resolve("tls.key").toString(),
                "VAULTSERVER_ADMISSION_SECRETS_SOURCE", "kubernetes",
                "VAULTSERVER_ADMISSION_CLAIMS_NAMESPACE", E2eWebhooks.CLAIMS_NAMESPACE));
        env.putAll(settings);
        builder.environment().putAll(env);
        return new WebhookProcess(URI.create("https://127.0.0.1:" + port), log, builder.start(), Tls.trusting(certs.resolve("ca.crt")));
    }

    void awaitReady(Duration within) throws Exception {
        try {
            Await.untilTrue("the webhook at " + base + " becomes ready", within, Duration.ofMillis(200), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the webhook at " + base + " exited");
                }
                return status("/q/health/ready") == 200;
            });
        } catch (AssertionError notReady) {
            throw new AssertionError(notReady.getMessage() + "; its log:\n" + Files.readString(log), notReady);
        }
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Reviews this process has answered on an endpoint, by its own review timer. */
    long reviews(String endpoint) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("vaultserver_admission_reviews_seconds_count{") && l.contains("endpoint=\"" + endpoint + "\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** SIGTERM, as the kubelet stops a Pod. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL: gone at once, nothing finished. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    boolean exitsWithin(Duration time) throws InterruptedException {
        return process.waitFor(time.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
