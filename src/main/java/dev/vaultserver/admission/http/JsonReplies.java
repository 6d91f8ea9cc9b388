package dev.vaultserver.admission.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.webhook.AdmissionWebhook;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Writes a JSON answer on a route: a review's answer, or a Kubernetes {@code Status} for an HTTP-level refusal. */
@ApplicationScoped
public class JsonReplies {

    @Inject
    AdmissionWebhook webhook;

    @Inject
    ObjectMapper mapper;

    /** A Kubernetes {@code Status} saying what was expected, with its code as the HTTP status. */
    public void status(RoutingContext ctx, int code, String reason, String message) {
        send(ctx, code, webhook.status(code, reason, message));
    }

    public void send(RoutingContext ctx, int status, JsonNode body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Buffer.buffer(bytes(body)));
    }

    /** A JSON answer as the bytes sent. */
    public byte[] bytes(JsonNode body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer could not be written as JSON", e);
        }
    }
}
