package dev.vaultserver.admission.http;

import dev.vaultserver.admission.core.AdmissionHandler;
import dev.vaultserver.admission.core.defaults.VaultServerDefaulter;
import dev.vaultserver.admission.core.validation.VaultServerValidator;
import dev.vaultserver.admission.webhook.AdmissionWebhook;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The two webhook endpoints the API server calls. All work is done by {@link AdmissionWebhook}. */
@Path("/")
@Singleton
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
    MeterRegistry registry;

    /** One timer per tag set (all tags are bounded), so a review makes no registry lookup. */
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    /** Mutating webhook: a JSON patch writing the documented DynamoDB defaults. */
    @POST
    @Path("mutate")
    public Response mutate(byte[] body) {
        return serve("mutate", body, defaulter);
    }

    /** Validating webhook: allows, or denies with every problem and its field path; warnings either way. */
    @POST
    @Path("validate")
    public Response validate(byte[] body) {
        return serve("validate", body, validator);
    }

    private Response serve(String endpoint, byte[] body, AdmissionHandler handler) {
        Timer.Sample sample = Timer.start(registry);
        AdmissionWebhook.Answer answer = body.length > BodySizeLimit.MAX_BYTES
                ? new AdmissionWebhook.Answer(413, webhook.status(413, "RequestEntityTooLarge", BodySizeLimit.MESSAGE), "unknown", "unknown", "too_large")
                : webhook.serve(body, handler);
        sample.stop(timers.computeIfAbsent(List.of(endpoint, answer.operation(), answer.verdict(), answer.apiVersion()), tags ->
                Timer.builder("vaultserver_admission_reviews")
                        .description("AdmissionReviews answered, by endpoint, operation, verdict and AdmissionReview version")
                        .tags("endpoint", tags.get(0), "operation", tags.get(1), "verdict", tags.get(2), "api_version", tags.get(3))
                        .publishPercentileHistogram()
                        .register(registry)));
        return Response.status(answer.httpStatus()).entity(answer.body()).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
