package dev.vaultserver.admission.http;

import dev.vaultserver.admission.core.AdmissionHandler;
import dev.vaultserver.admission.core.defaults.VaultServerDefaulter;
import dev.vaultserver.admission.core.validation.VaultServerValidator;
import dev.vaultserver.admission.webhook.AdmissionWebhook;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The two webhook endpoints the API server calls. All work is done by {@link AdmissionWebhook}. */
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

    /** Mutating webhook: a JSON patch writing the documented DynamoDB defaults. */
    @POST
    @Path("mutate")
    public Response mutate(byte[] body) {
        return serve(body, defaulter);
    }

    /** Validating webhook: allows, or denies with every problem and its field path; warnings either way. */
    @POST
    @Path("validate")
    public Response validate(byte[] body) {
        return serve(body, validator);
    }

    private Response serve(byte[] body, AdmissionHandler handler) {
        AdmissionWebhook.Answer answer = body.length > BodySizeLimit.MAX_BYTES
                ? new AdmissionWebhook.Answer(413, webhook.status(413, "RequestEntityTooLarge", BodySizeLimit.MESSAGE))
                : webhook.serve(body, handler);
        return Response.status(answer.httpStatus()).entity(answer.body()).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
