package dev.vaultserver.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vaultserver.admission.core.admission.AdmissionAttributes;
import dev.vaultserver.admission.core.admission.AdmissionDecision;
import dev.vaultserver.admission.core.admission.AdmissionHandler;
import dev.vaultserver.admission.core.field.Echo;
import dev.vaultserver.admission.core.finding.Finding;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One webhook round trip, apart from any HTTP framework: decode the AdmissionReview, let a handler
 * decide, encode the answer in the request's version. A body that is not an AdmissionReview gets a
 * 400 with a Kubernetes {@code Status} saying why; nothing a client sends makes a 500.
 */
public final class AdmissionWebhook {

    private static final Logger LOG = Logger.getLogger(AdmissionWebhook.class);

    private final AdmissionReviewDecoder decoder;
    private final AdmissionReviewEncoder encoder;
    private final ObjectMapper mapper;

    public AdmissionWebhook(ObjectMapper mapper) {
        this.mapper = mapper;
        this.decoder = new AdmissionReviewDecoder(mapper);
        this.encoder = new AdmissionReviewEncoder(mapper);
    }

    /**
     * An HTTP status and the JSON body to send with it, with what metrics and logs need to know of it, and what the core
     * decided, for renderers other than the wire ({@code check} replays reviews through this class).
     *
     * @param apiVersion the AdmissionReview version answered, or {@code unknown}
     * @param operation CREATE, UPDATE, DELETE, CONNECT, or {@code other} / {@code unknown} (bounded: safe as a metric tag)
     * @param verdict what the answer said
     * @param decision the decision answered, or {@code null} when the body was not an AdmissionReview to judge
     * @param problem why the body was not judged (the 400 or 413 Status's message), or {@code null} when it was
     */
    public record Answer(int httpStatus, JsonNode body, String apiVersion, String operation, Verdict verdict, AdmissionDecision decision,
            String problem) {
    }

    /** Longest list of causes in a log line. */
    static final int MAX_LOGGED_CAUSES = 4096;

    private static final java.util.Set<String> OPERATIONS = java.util.Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

    public Answer serve(byte[] body, AdmissionHandler handler) {
        try {
            return answer(decoder.decode(body), handler);
        } catch (MalformedReviewException e) {
            return badRequest(e.getMessage());
        }
    }

    /** The same for an AdmissionReview already parsed (e.g. read from a file). */
    public Answer serve(JsonNode review, AdmissionHandler handler) {
        try {
            return answer(decoder.decode(review), handler);
        } catch (MalformedReviewException e) {
            return badRequest(e.getMessage());
        }
    }

    private Answer answer(ReviewRequest request, AdmissionHandler handler) {
        AdmissionDecision decision;
        JsonNode body;
        try {
            decision = handler.handle(request.attributes());
            body = encoder.encode(request, decision);
        } catch (RuntimeException | Error e) {
            // Whatever went wrong, the review is answered, and refused: an HTTP 500 would let the write through
            // unchecked under failurePolicy Ignore.
            decision = failed(request, e);
            body = encoder.encode(request, decision);
        }
        if (decision.denial() != null) {
            logDenial(request, decision.denial());
        }
        Verdict verdict = decision.allowed() ? (decision.patch() != null ? Verdict.PATCHED : Verdict.ALLOWED)
                : decision.denial() != null && decision.denial().code() >= 500 ? Verdict.FAILED : Verdict.DENIED;
        String operation = OPERATIONS.contains(request.attributes().operation()) ? request.attributes().operation() : "other";
        return new Answer(200, body, request.apiVersion(), operation, verdict, decision, null);
    }

    /** The refusal of a review the webhook could not judge, and one log line (not a stack trace per request) saying why. */
    private static AdmissionDecision failed(ReviewRequest request, Throwable e) {
        StackTraceElement[] frames = e.getStackTrace();
        String where = frames.length == 0 ? "" : " at " + frames[0];
        LOG.errorf("review %s (%s %s/%s) could not be judged: %s: %s%s", Echo.bare(request.uid()), Echo.bare(request.attributes().operation()),
                Echo.bare(request.attributes().namespace()), Echo.bare(request.name()), e.getClass().getName(), Echo.bare(String.valueOf(e.getMessage())), where);
        AdmissionAttributes attributes = request.attributes();
        return AdmissionDecision.deny(AdmissionDecision.Denial.internal(attributes.group(), attributes.kind(), request.name(),
                "internal error: the webhook could not judge this request (" + e.getClass().getSimpleName() + "); it is refused, try again"), List.of());
    }

    /** The answer to a request that is not an AdmissionReview. */
    public Answer badRequest(String message) {
        return new Answer(400, status(400, "BadRequest", message), "unknown", "unknown", Verdict.BAD_REQUEST, null, message);
    }

    /** The answer to a body over the size limit. */
    public Answer tooLarge(String message) {
        return new Answer(413, status(413, "RequestEntityTooLarge", message), "unknown", "unknown", Verdict.TOO_LARGE, null, message);
    }

    /** A Kubernetes {@code Status} object for an HTTP-level refusal. */
    public ObjectNode status(int code, String reason, String message) {
        return mapper.valueToTree(KubernetesStatus.failure(code, reason, message).withApiVersion("v1").withKind("Status").build());
    }

    /**
     * One line per denial. Its fields are also in the log context (MDC: {@code admission.*}), so that
     * with JSON logging ({@code vaultserver-admission.log.json}) they are separate JSON fields. Field
     * paths and messages only: no rule puts a Secret's value in a message.
     */
    private static void logDenial(ReviewRequest request, AdmissionDecision.Denial denial) {
        // Every value escaped (no newline forges a line) and bounded (no megabyte value makes a megabyte line).
        String causes = Echo.line(denial.causes().isEmpty() ? denial.message()
                : denial.causes().stream().map(Finding::text).collect(Collectors.joining("; ")), MAX_LOGGED_CAUSES);
        String[][] fields = {
                {"admission.operation", Echo.bare(request.attributes().operation())},
                {"admission.namespace", Echo.bare(request.attributes().namespace())},
                {"admission.name", Echo.bare(denial.name())},
                {"admission.uid", Echo.bare(request.uid())},
                {"admission.dryRun", String.valueOf(request.attributes().dryRun())},
                {"admission.code", String.valueOf(denial.code())},
                {"admission.fields", Echo.line(denial.causes().stream().map(Finding::field).distinct().collect(Collectors.joining(",")), MAX_LOGGED_CAUSES)},
                {"admission.causes", causes}};
        try {
            for (String[] field : fields) {
                MDC.put(field[0], field[1]);
            }
            LOG.infof("denied %s %s/%s (uid %s, dryRun %s, %d %s): %s", fields[0][1], fields[1][1], fields[2][1], fields[3][1],
                    request.attributes().dryRun(), denial.code(), denial.reason(), causes);
        } finally {
            for (String[] field : fields) {
                MDC.remove(field[0]);
            }
        }
    }
}
