package dev.vaultserver.admission.webhook;

import io.fabric8.kubernetes.api.model.StatusBuilder;

/**
 * The one builder of a Kubernetes {@code Status}: a refusal inside an AdmissionReview's response (with its causes, by
 * {@link AdmissionReviewEncoder}) and an HTTP-level refusal of a body that is no review to judge
 * ({@link AdmissionWebhook#status}).
 */
final class KubernetesStatus {

    private KubernetesStatus() {
    }

    static StatusBuilder failure(int code, String reason, String message) {
        return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message);
    }
}
