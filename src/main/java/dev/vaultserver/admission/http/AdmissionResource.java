package dev.vaultserver.admission.http;

import dev.vaultserver.admission.core.admission.AdmissionHandler;
import dev.vaultserver.admission.core.defaults.VaultServerDefaulter;
import dev.vaultserver.admission.core.rule.VaultServerValidator;
import dev.vaultserver.admission.webhook.AdmissionWebhook;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The two webhook endpoints the API server calls, as Quarkus REST resource methods: the body in as bytes, the answer
 * out as bytes with a fixed {@code application/json}, so that Quarkus REST picks its reader and writer at build time
 * (no per-request writer lookup). They run on a worker thread, since a Secret lookup or a claim may wait on the API
 * server. The review timer wraps the answer ({@link ReviewMetrics}). What comes before them at the HTTP edge (header
 * and body limits, the body deadline) is in {@link RequestLimits} and {@link HeaderSizeLimit}; a method or media type
 * these do not take is answered with a Kubernetes {@code Status} ({@link StatusMappers}).
 */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdmissionResource {

    @Inject
    AdmissionWebhook webhook;

    @Inject
    VaultServerDefaulter defaulter;

    @Inject
    VaultServerValidator validator;

    @Inject
    ReviewMetrics metrics;

    @Inject
    JsonReplies replies;

    @Inject
    RequestLimits limits;

    @POST
    @Path("mutate")
    @Blocking
    public RestResponse<byte[]> mutate(byte[] body) {
        return answer("mutate", body, defaulter);
    }

    @POST
    @Path("validate")
    @Blocking
    public RestResponse<byte[]> validate(byte[] body) {
        return answer("validate", body, validator);
    }

    private RestResponse<byte[]> answer(String endpoint, byte[] body, AdmissionHandler handler) {
        AdmissionWebhook.Answer answer = body.length > RequestLimits.MAX_BYTES
                ? limits.tooLarge(endpoint) // sent chunked: its length was not known before reading
                : metrics.timed(endpoint, () -> webhook.serve(body, handler));
        return RestResponse.ResponseBuilder.create(RestResponse.Status.fromStatusCode(answer.httpStatus()), replies.bytes(answer.body())).build();
    }
}
