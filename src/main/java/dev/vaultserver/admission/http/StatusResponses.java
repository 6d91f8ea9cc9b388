package dev.vaultserver.admission.http;

import dev.vaultserver.admission.webhook.AdmissionWebhook;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * HTTP-level refusals answered with a Kubernetes {@code Status} body that says what was expected,
 * instead of an empty page.
 */
public class StatusResponses {

    @Inject
    AdmissionWebhook webhook;

    @ServerExceptionMapper
    public Response wrongContentType(NotSupportedException e) {
        return status(415, "UnsupportedMediaType", "Content-Type must be application/json: an AdmissionReview");
    }

    @ServerExceptionMapper
    public Response wrongMethod(NotAllowedException e) {
        return status(405, "MethodNotAllowed", "the webhook answers POST requests carrying an AdmissionReview");
    }

    private Response status(int code, String reason, String message) {
        return Response.status(code).type(MediaType.APPLICATION_JSON_TYPE).entity(webhook.status(code, reason, message)).build();
    }
}
