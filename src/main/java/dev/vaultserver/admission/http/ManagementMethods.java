package dev.vaultserver.admission.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Health and metrics ({@code /q/*}) are read, never written: any method but GET (and HEAD) is answered 405 with a
 * Kubernetes {@code Status}, before any of Quarkus's own handlers sees it.
 */
@ApplicationScoped
public class ManagementMethods {

    @Inject
    JsonReplies replies;

    void install(@Observes Router router) {
        router.route("/q/*").order(HttpEdge.MANAGEMENT_METHODS).handler(ctx -> {
            HttpMethod method = ctx.request().method();
            if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
                ctx.next();
                return;
            }
            ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            replies.status(ctx, 405, "MethodNotAllowed", "health and metrics are read with GET");
        });
    }
}
