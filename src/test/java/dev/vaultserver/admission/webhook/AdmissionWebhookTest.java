package dev.vaultserver.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vaultserver.admission.core.admission.AdmissionHandler;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever a handler throws, the review is answered (200) and refused with a 500 InternalError, and counted as failed. */
class AdmissionWebhookTest {

    private static final AdmissionWebhook WEBHOOK = new AdmissionWebhook(ReviewJson.newMapper());

    @Test
    void anyExceptionInAReviewIsACountedDenialNeverAnHttp500() throws Exception {
        byte[] review = Files.readAllBytes(Path.of("examples/create-v1alpha1.json"));
        List<AdmissionHandler> crashing = List.of(
                request -> {
                    throw new IllegalStateException("a bug");
                },
                request -> {
                    throw new StackOverflowError();
                },
                request -> recurse(0));
        for (AdmissionHandler handler : crashing) {
            AdmissionWebhook.Answer answer = WEBHOOK.serve(review, handler);
            assertEquals(200, answer.httpStatus(), "answered: under failurePolicy Ignore an HTTP 500 lets the write through");
            assertEquals(Verdict.FAILED, answer.verdict());
            JsonNode response = answer.body().path("response");
            assertEquals("0df28fbd-5f5f-4b7a-8a4a-1b2c3d4e5f60", response.path("uid").asText());
            assertFalse(response.path("allowed").asBoolean(true));
            assertEquals(500, response.path("status").path("code").asInt());
            assertEquals("InternalError", response.path("status").path("reason").asText());
            assertTrue(response.path("status").path("message").asText().startsWith("internal error: the webhook could not judge this request ("),
                    response.toString());
        }
    }

    private static dev.vaultserver.admission.core.admission.AdmissionDecision recurse(int depth) {
        return recurse(depth + 1);
    }
}
