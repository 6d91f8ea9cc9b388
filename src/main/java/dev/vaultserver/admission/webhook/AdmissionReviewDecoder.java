package dev.vaultserver.admission.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.core.admission.AdmissionAttributes;
import dev.vaultserver.admission.core.admission.Requester;
import dev.vaultserver.admission.core.field.Echo;
import dev.vaultserver.admission.core.model.ResourceNames;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a request body into a {@link ReviewRequest}, or says clearly why it is not an AdmissionReview.
 * The object stays raw JSON: nothing is bound to a model class, so no unknown field is dropped.
 */
public final class AdmissionReviewDecoder {

    public static final String V1 = "admission.k8s.io/v1";
    public static final String V1BETA1 = "admission.k8s.io/v1beta1";
    static final Set<String> VERSIONS = Set.of(V1, V1BETA1);

    /** The answer echoes the uid: the API server's is a UUID of 36 characters. */
    static final int MAX_UID = 256;

    private final ObjectMapper mapper;

    public AdmissionReviewDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ReviewRequest decode(byte[] body) throws MalformedReviewException {
        if (body == null || body.length == 0) {
            throw new MalformedReviewException("request body is empty: expected an AdmissionReview");
        }
        JsonNode review;
        try {
            review = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedReviewException("request body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw new MalformedReviewException("request body could not be read: " + e.getMessage());
        }
        return decode(review);
    }

    /** Decodes an AdmissionReview already parsed as JSON (e.g. one read from a file). */
    public ReviewRequest decode(JsonNode review) throws MalformedReviewException {
        if (review == null || !review.isObject()) {
            throw new MalformedReviewException("request body must be a JSON object: an AdmissionReview");
        }
        String apiVersion = review.path("apiVersion").asText("");
        if (!VERSIONS.contains(apiVersion)) {
            throw new MalformedReviewException("apiVersion must be " + V1 + " or " + V1BETA1 + ", not "
                    + (review.has("apiVersion") ? Echo.cut(review.get("apiVersion").toString()) : "missing"));
        }
        if (!"AdmissionReview".equals(review.path("kind").asText())) {
            throw new MalformedReviewException("kind must be AdmissionReview, not "
                    + (review.has("kind") ? Echo.cut(review.get("kind").toString()) : "missing"));
        }
        JsonNode request = review.path("request");
        if (!request.isObject()) {
            throw new MalformedReviewException("AdmissionReview has no request object");
        }
        String uid = requiredText(request, "uid");
        if (uid.length() > MAX_UID) {
            throw new MalformedReviewException("request.uid must be at most " + MAX_UID + " characters (the API server sends a UUID)");
        }
        String operation = requiredText(request, "operation");
        JsonNode kind = request.path("kind");
        if (!kind.isObject() || !kind.path("kind").isTextual() || !kind.path("version").isTextual()
                || !(kind.path("group").isTextual() || kind.path("group").isMissingNode())) {
            throw new MalformedReviewException("request.kind must be an object with string group, version and kind");
        }
        JsonNode object = objectOrAbsent(request, "object");
        JsonNode oldObject = objectOrAbsent(request, "oldObject");
        JsonNode dryRun = request.path("dryRun");
        if (!dryRun.isMissingNode() && !dryRun.isNull() && !dryRun.isBoolean()) {
            throw new MalformedReviewException("request.dryRun must be a boolean");
        }
        String namespace = optionalText(request, "namespace");
        if (!namespace.isEmpty() && !ResourceNames.isDns1123Label(namespace)) {
            throw new MalformedReviewException("request.namespace must be a namespace's name (a DNS-1123 label of at most 63 characters)");
        }
        AdmissionAttributes attributes = new AdmissionAttributes(
                operation,
                kind.path("group").asText(""),
                kind.path("version").asText(),
                kind.path("kind").asText(),
                optionalText(request, "subResource"),
                namespace,
                object,
                oldObject,
                dryRun.asBoolean(false),
                requester(request.path("userInfo")));
        return new ReviewRequest(apiVersion, uid, optionalText(request, "name"), attributes);
    }

    /** {@code request.userInfo}, as far as it is well formed (a malformed one is a requester not known: it is told less, never more). */
    private static Requester requester(JsonNode userInfo) {
        if (!userInfo.path("username").isTextual()) {
            return Requester.UNKNOWN;
        }
        List<String> groups = new ArrayList<>();
        userInfo.path("groups").forEach(g -> {
            if (g.isTextual()) {
                groups.add(g.asText());
            }
        });
        Map<String, List<String>> extra = new TreeMap<>();
        userInfo.path("extra").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> {
                if (v.isTextual()) {
                    values.add(v.asText());
                }
            });
            extra.put(e.getKey(), List.copyOf(values));
        });
        return new Requester(userInfo.path("username").asText(), userInfo.path("uid").asText(""), groups, extra);
    }

    private static String requiredText(JsonNode request, String field) throws MalformedReviewException {
        JsonNode value = request.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new MalformedReviewException("request." + field + " must be a non-empty string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode request, String field) throws MalformedReviewException {
        JsonNode value = request.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw new MalformedReviewException("request." + field + " must be a string");
        }
        return value.asText();
    }

    private static JsonNode objectOrAbsent(JsonNode request, String field) throws MalformedReviewException {
        JsonNode value = request.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new MalformedReviewException("request." + field + " must be a JSON object");
        }
        return value;
    }
}
