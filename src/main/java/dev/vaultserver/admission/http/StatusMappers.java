package dev.vaultserver.admission.http;

import dev.vaultserver.admission.webhook.AdmissionWebhook;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What Quarkus REST refuses on its own (a method or a media type the endpoints do not take) is answered, as every
 * refusal at the HTTP level, with a Kubernetes {@code Status} saying what was expected.
 */
public class StatusMappers {

    @Inject
    AdmissionWebhook webhook;

    @Inject
    JsonReplies replies;

    @ServerExceptionMapper
    public RestResponse<byte[]> methodNotAllowed(NotAllowedException e) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.METHOD_NOT_ALLOWED, status(405, "MethodNotAllowed", "the webhook answers POST requests carrying an AdmissionReview"))
                .header(HttpHeaders.ALLOW, "POST").type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @ServerExceptionMapper
    public RestResponse<byte[]> unsupportedMediaType(NotSupportedException e) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.UNSUPPORTED_MEDIA_TYPE, status(415, "UnsupportedMediaType", "Content-Type must be application/json: an AdmissionReview"))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @ServerExceptionMapper
    public RestResponse<byte[]> notAcceptable(NotAcceptableException e) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.NOT_ACCEPTABLE, status(406, "NotAcceptable", "the webhook answers application/json"))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private byte[] status(int code, String reason, String message) {
        return replies.bytes(webhook.status(code, reason, message));
    }
}
