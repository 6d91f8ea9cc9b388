package dev.vaultserver.admission.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * Request headers larger than {@value #MAX_BYTES} bytes in all (name and value of each, plus HTTP/2's 32
 * octets per field) are answered 431 with a Kubernetes {@code Status}, over HTTP/1.1 and HTTP/2 alike. The
 * protocol codecs' own limits ({@code quarkus.http.limits.max-header-size} and
 * {@code max-header-list-size}) are set well above this, so that such a request reaches this check instead of
 * having its HTTP/2 connection reset (Netty's decoder answers GOAWAY past 1.25 times its list size); past
 * those, HTTP/1.1 gets a 431 without a body and HTTP/2 a 431 or a reset.
 */
@ApplicationScoped
public class HeaderSizeLimit {

    /** Far above anything the API server sends a webhook (a few hundred bytes). */
    public static final int MAX_BYTES = 16 * 1024;

    @Inject
    JsonReplies replies;

    void install(@Observes Router router) {
        router.route().order(HttpEdge.HEADER_LIMIT).handler(ctx -> {
            long size = 0;
            for (Map.Entry<String, String> header : ctx.request().headers()) {
                size += header.getKey().length() + header.getValue().length() + 32;
            }
            if (size <= MAX_BYTES) {
                ctx.next();
                return;
            }
            if (ctx.request().version() != HttpVersion.HTTP_2) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close"); // HTTP/2 has no connection-specific headers
            }
            replies.status(ctx, 431, "RequestHeaderFieldsTooLarge", "request headers are larger than " + MAX_BYTES / 1024 + " KiB in all");
        });
    }
}
