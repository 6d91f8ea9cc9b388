package dev.vaultserver.admission.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graceful shutdown of the built service, as the kubelet does it (SIGTERM): readiness turns DOWN at once
 * while reviews are still answered for the shutdown delay (so the endpoints stop routing here), a review
 * still in flight after the delay gets its answer, and then the process exits. Runs the jar itself (Secrets from local-secrets/), with the e2e suite's certificate.
 */
class GracefulShutdownE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sigtermTurnsReadinessDownLetsInFlightReviewsFinishThenExits() throws Exception {
        try (WebhookProcess service = WebhookProcess.start(Map.of("VAULTSERVER_ADMISSION_SECRETS_SOURCE", "directory"))) {
            SSLContext tls = service.tls;
            HttpClient http = service.http;
            URI base = service.base;
            int port = base.getPort();
            byte[] review = Files.readAllBytes(Path.of("examples/create-v1alpha1.json"));

            // A review in flight: headers and half the body now, the rest after the server stopped accepting.
            SSLSocket inFlight = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
            OutputStream out = inFlight.getOutputStream();
            out.write(("POST /mutate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                    + review.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(review, 0, review.length / 2);
            out.flush();

            long sigterm = System.nanoTime();
            service.terminate(); // SIGTERM
            Thread.sleep(500);
            assertEquals(503, service.status("/q/health/ready"), "readiness is DOWN during the shutdown delay");
            assertEquals(200, http.send(HttpRequest.newBuilder(base.resolve("/validate")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(review)).build(), HttpResponse.BodyHandlers.discarding()).statusCode(),
                    "reviews are still answered during the delay");

            // Past the 3 s delay the process waits for the review in flight (up to quarkus.shutdown.timeout)...
            while (System.nanoTime() - sigterm < Duration.ofMillis(3800).toNanos()) {
                Thread.sleep(100);
            }
            int readiness = service.status("/q/health/ready");
            assertTrue(readiness == 503 || readiness == -1, "still not ready: " + readiness);
            assertTrue(service.isAlive(), "still finishing the review in flight");

            // ...and the review in flight is finished.
            out.write(review, review.length / 2, review.length - review.length / 2);
            out.flush();
            String answer = readAll(inFlight.getInputStream());
            inFlight.close();
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            JsonNode body = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertEquals(JSON.readTree(review).path("request").path("uid"), body.path("response").path("uid"));
            assertTrue(body.path("response").path("allowed").asBoolean());

            assertTrue(service.exitsWithin(Duration.ofSeconds(15)), "the process exits");
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
