package dev.vaultserver.admission.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.core.admission.AdmissionDecision;
import dev.vaultserver.admission.core.finding.Finding;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Writes a {@link AdmissionDecision} as the AdmissionReview response, in the version the request came
 * in (fabric8's {@code admission.v1} / {@code admission.v1beta1} models), with the request's uid.
 */
public final class AdmissionReviewEncoder {

    public static final String JSON_PATCH = "JSONPatch";

    private final ObjectMapper mapper;

    public AdmissionReviewEncoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public JsonNode encode(ReviewRequest request, AdmissionDecision decision) {
        String patch = decision.patchIfAny().map(this::base64).orElse(null);
        String patchType = patch == null ? null : JSON_PATCH;
        List<String> warned = decision.warnings();
        List<String> warnings = warned.isEmpty() ? null : warned;
        Status status = decision.denial() == null ? null : status(decision.denial());
        Object review = switch (request.apiVersion()) {
            case AdmissionReviewDecoder.V1BETA1 -> new io.fabric8.kubernetes.api.model.admission.v1beta1.AdmissionReviewBuilder()
                    .withNewResponse()
                    .withUid(request.uid()).withAllowed(decision.allowed())
                    .withPatch(patch).withPatchType(patchType).withWarnings(warnings).withStatus(status)
                    .endResponse()
                    .build();
            default -> new io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder()
                    .withNewResponse()
                    .withUid(request.uid()).withAllowed(decision.allowed())
                    .withPatch(patch).withPatchType(patchType).withWarnings(warnings).withStatus(status)
                    .endResponse()
                    .build();
        };
        return mapper.valueToTree(review);
    }

    private String base64(JsonNode patch) {
        try {
            return Base64.getEncoder().encodeToString(mapper.writeValueAsString(patch).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON patch could not be written", e);
        }
    }

    /** The denial's Status; its causes are the typed findings that deny it, in the denial's order. */
    private static Status status(AdmissionDecision.Denial denial) {
        List<StatusCause> causes = denial.causes().stream().map(AdmissionReviewEncoder::cause).toList();
        return KubernetesStatus.failure(denial.code(), denial.reason(), denial.message())
                .withNewDetails()
                .withGroup(denial.group()).withKind(denial.kind()).withName(denial.name())
                .withCauses(causes)
                .endDetails()
                .build();
    }

    private static StatusCause cause(Finding finding) {
        return new StatusCauseBuilder()
                .withField(finding.field())
                .withReason(finding.causeType())
                .withMessage(finding.message())
                .build();
    }
}
