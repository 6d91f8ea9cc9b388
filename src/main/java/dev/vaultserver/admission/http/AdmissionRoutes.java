package dev.vaultserver.admission.http;

import dev.vaultserver.admission.config.AdmissionConfig;
import dev.vaultserver.admission.core.admission.AdmissionHandler;
import dev.vaultserver.admission.core.defaults.VaultServerDefaulter;
import dev.vaultserver.admission.core.rule.VaultServerValidator;
import dev.vaultserver.admission.webhook.AdmissionWebhook;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;


/**
 * The two webhook endpoints the API server calls, as plain Vert.x routes on the raw body: check the method,
 * the media type and the size, read the body, let {@link AdmissionWebhook} answer on a worker thread (a Secret
 * lookup may wait on the API server), write the answer's bytes. Every refusal at the HTTP level carries a
 * Kubernetes {@code Status} saying what was expected. The review timer wraps the answer ({@link ReviewMetrics}).
 */
@ApplicationScoped
public class AdmissionRoutes {

    /** 3 MiB, the API server's own limit on a request body: no genuine AdmissionReview is larger. */
    public static final long MAX_BYTES = 3L * 1024 * 1024;
    static final String TOO_LARGE = "request body is larger than 3 MiB, the API server's own limit on an object";
    /**
     * Where {@code vaultserver-admission.http.body-deadline} (10 s) comes from. The API server sends a review in
     * milliseconds and gives up on a webhook after its timeout (at most 30 s); a client trickling a body a byte at a
     * time is cut off, so that it holds neither a worker thread (the body is read on the event loop) nor its
     * connection for long.
     */
    @Inject
    AdmissionConfig config;

    private static final String DEADLINE = "vaultserver-admission.body-deadline";

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

    void install(@Observes Router router) {
        route(router, "mutate", defaulter);
        route(router, "validate", validator);
    }

    private void route(Router router, String endpoint, AdmissionHandler handler) {
        router.route("/" + endpoint).order(-100).handler(this::bodyDeadline);
        router.route("/" + endpoint)
                .handler(BodyHandler.create(false).setBodyLimit(MAX_BYTES)) // a larger declared length is refused before reading
                .handler(this::expectJsonPost)
                .blockingHandler(ctx -> write(ctx, metrics.timed(endpoint, () -> webhook.serve(bytes(ctx.body()), handler))), false)
                .failureHandler(ctx -> {
                    if (ctx.statusCode() == 413) {
                        AdmissionWebhook.Answer tooLarge = webhook.tooLarge(TOO_LARGE);
                        metrics.record(endpoint, tooLarge, 0);
                        write(ctx, tooLarge);
                    } else {
                        ctx.next();
                    }
                });
    }

    /** Answers 408 (and ends the stream or connection) when the body has not arrived by the deadline. */
    private void bodyDeadline(RoutingContext ctx) {
        long deadlineMs = config.http().bodyDeadline().toMillis();
        long timer = ctx.vertx().setTimer(deadlineMs, id -> {
            if (!ctx.response().headWritten()) {
                replies.status(ctx, 408, "Timeout", "the request body did not arrive within " + deadlineMs + " ms");
                if (ctx.request().version() == HttpVersion.HTTP_2) {
                    ctx.response().reset(0x8); // CANCEL: the client's remaining DATA frames are not wanted
                } else {
                    ctx.request().connection().close();
                }
            }
        });
        ctx.put(DEADLINE, timer);
        ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
        ctx.next();
    }

    /** Runs on the event loop, once the body has arrived. */
    private void expectJsonPost(RoutingContext ctx) {
        Long deadline = ctx.get(DEADLINE);
        if (deadline != null) {
            ctx.vertx().cancelTimer(deadline);
        }
        if (ctx.request().method() != HttpMethod.POST) {
            refuse(ctx, 405, "MethodNotAllowed", "the webhook answers POST requests carrying an AdmissionReview");
            return;
        }
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.regionMatches(true, 0, "application/json", 0, "application/json".length())) {
            refuse(ctx, 415, "UnsupportedMediaType", "Content-Type must be application/json: an AdmissionReview");
            return;
        }
        ctx.next();
    }

    private void refuse(RoutingContext ctx, int code, String reason, String message) {
        if (code == 405) {
            ctx.response().putHeader(HttpHeaders.ALLOW, "POST");
        }
        replies.status(ctx, code, reason, message);
    }

    private static byte[] bytes(RequestBody body) {
        Buffer buffer = body == null ? null : body.buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }

    private void write(RoutingContext ctx, AdmissionWebhook.Answer answer) {
        replies.send(ctx, answer.httpStatus(), answer.body());
    }
}
