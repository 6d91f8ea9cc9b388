package dev.vaultserver.admission.http;

import dev.vaultserver.admission.config.AdmissionConfig;
import dev.vaultserver.admission.webhook.AdmissionWebhook;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * What the HTTP edge does for the webhook endpoints before Quarkus REST reads a request's body: a declared length over
 * 3 MiB is answered 413 at once, and a body that has not arrived by the deadline 408 (on HTTP/1.1 the connection is then
 * closed; on HTTP/2 the answer ends the stream), each with a Kubernetes {@code Status}. A body sent without a length is read by
 * Quarkus REST, which cuts it off at {@code quarkus.http.limits.max-body-size} (4 MiB: a bare 413, the connection
 * closed); one between 3 and 4 MiB is refused by {@link AdmissionResource} with the same Status as here. Quarkus REST
 * reads the body itself: a body read here first breaks it on HTTP/2 (quarkusio/quarkus#34393).
 */
@ApplicationScoped
public class RequestLimits {

    /** 3 MiB, the API server's own limit on a request body: no genuine AdmissionReview is larger. */
    public static final long MAX_BYTES = 3L * 1024 * 1024;
    static final String TOO_LARGE = "request body is larger than 3 MiB, the API server's own limit on an object";

    @Inject
    AdmissionConfig config;

    @Inject
    AdmissionWebhook webhook;

    @Inject
    ReviewMetrics metrics;

    @Inject
    JsonReplies replies;

    void install(@Observes Router router) {
        for (String endpoint : new String[] {"mutate", "validate"}) {
            router.route("/" + endpoint).order(HttpEdge.BODY_LIMITS).handler(ctx -> limit(ctx, endpoint));
        }
    }

    private void limit(RoutingContext ctx, String endpoint) {
        boolean http2 = ctx.request().version() == HttpVersion.HTTP_2;
        long declared = declaredLength(ctx);
        if (http2 && declared < 0) {
            // HTTP/2 has no Connection header: the one Quarkus REST puts on its answer when it cuts off a body sent without
            // a length would turn that answer into a stream PROTOCOL_ERROR. (The API server always declares a length.)
            ctx.addHeadersEndHandler(v -> ctx.response().headers().remove(HttpHeaders.CONNECTION));
        }
        if (declared > MAX_BYTES) {
            AdmissionWebhook.Answer tooLarge = tooLarge(endpoint);
            if (!http2) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close"); // the body is not read
            } // on HTTP/2 the client stops sending when the answer ends its stream; unread, the stream's window stays shut
            replies.send(ctx, tooLarge.httpStatus(), tooLarge.body());
            return;
        }
        long deadlineMs = config.http().bodyDeadline().toMillis();
        long timer = ctx.vertx().setTimer(deadlineMs, id -> {
            if (!ctx.request().isEnded() && !ctx.response().headWritten()) {
                replies.status(ctx, 408, "Timeout", "the request body did not arrive within " + deadlineMs + " ms");
                if (!http2) {
                    ctx.request().connection().close();
                } // on HTTP/2 the answer ends the stream; unread, its window stays shut (a reset here would cut the answer off)
            }
        });
        ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
        ctx.next();
    }

    /** The 413 answer, counted as a review refused for its size. */
    AdmissionWebhook.Answer tooLarge(String endpoint) {
        AdmissionWebhook.Answer tooLarge = webhook.tooLarge(TOO_LARGE);
        metrics.record(endpoint, tooLarge, 0);
        return tooLarge;
    }

    private static long declaredLength(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // the HTTP codec refuses a malformed length before this runs
        }
    }
}
