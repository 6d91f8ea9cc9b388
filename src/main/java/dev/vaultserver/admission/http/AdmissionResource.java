package dev.vaultserver.admission.http;

import dev.vaultserver.admission.core.admission.AdmissionHandler;
import dev.vaultserver.admission.core.defaults.VaultServerDefaulter;
import dev.vaultserver.admission.core.rule.VaultServerValidator;
import dev.vaultserver.admission.webhook.AdmissionWebhook;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
 * (no per-request writer lookup). The body is read on the event loop and the review answered on a worker thread,
 * since a Secret lookup or a claim may wait on the API server. The review timer wraps the answer ({@link ReviewMetrics}). What comes before them at the HTTP edge (header
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
    public Uni<RestResponse<byte[]>> mutate(byte[] body) {
        return onWorker(() -> answer("mutate", body, defaulter));
    }

    @POST
    @Path("validate")
    public Uni<RestResponse<byte[]>> validate(byte[] body) {
        return onWorker(() -> answer("validate", body, validator));
    }

    /**
     * The body is read on the event loop (Quarkus REST does so for a method that is not {@code @Blocking}; for a
     * blocking one a worker thread would wait on the event loop for each chunk), then the review is answered on a
     * worker thread.
     */
    private static Uni<RestResponse<byte[]>> onWorker(java.util.function.Supplier<RestResponse<byte[]>> answer) {
        return Uni.createFrom().item(answer).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private RestResponse<byte[]> answer(String endpoint, byte[] body, AdmissionHandler handler) {
        AdmissionWebhook.Answer answer = body.length > RequestLimits.MAX_BYTES
                ? limits.tooLarge(endpoint) // sent chunked: its length was not known before reading
                : metrics.timed(endpoint, () -> webhook.serve(body, handler));
        return RestResponse.ResponseBuilder.create(RestResponse.Status.fromStatusCode(answer.httpStatus()), replies.bytes(answer.body())).build();
    }
}
