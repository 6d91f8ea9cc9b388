package dev.vaultserver.admission.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.webhook.AdmissionWebhook;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The API server refuses objects over 3 MiB, so no genuine AdmissionReview is much larger. A request
 * that declares a larger body is answered 413 with a Kubernetes {@code Status} before its body is
 * read; {@link AdmissionResource} applies the same limit to bodies sent without a length. (Quarkus's
 * own {@code quarkus.http.limits.max-body-size} stays above this as the outer bound on memory.)
 */
@ApplicationScoped
public class BodySizeLimit {

    /** 3 MiB, the API server's own limit on a request body. */
    public static final long MAX_BYTES = 3L * 1024 * 1024;
    static final String MESSAGE = "request body is larger than 3 MiB, the API server's own limit on an object";

    @Inject
    AdmissionWebhook webhook;

    @Inject
    @Named("admission")
    ObjectMapper mapper;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && declaresMoreThanTheLimit(length)) {
                ctx.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(webhook.status(413, "RequestEntityTooLarge", MESSAGE).toString());
                return;
            }
            ctx.next();
        });
    }

    private static boolean declaresMoreThanTheLimit(String length) {
        try {
            return Long.parseLong(length.trim()) > MAX_BYTES;
        } catch (NumberFormatException e) {
            return false; // the HTTP server refuses a malformed length itself
        }
    }
}
