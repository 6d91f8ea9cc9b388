package dev.vaultserver.admission.webhook;

import dev.vaultserver.admission.core.admission.AdmissionAttributes;

/**
 * A decoded AdmissionReview request.
 *
 * @param apiVersion {@code admission.k8s.io/v1} or {@code admission.k8s.io/v1beta1}: the answer is given in the same
 * @param uid the request's uid, which the answer must carry
 * @param name the object's name as the API server gave it (may be empty on CREATE with generateName)
 * @param attributes what the core decides on
 */
public record ReviewRequest(String apiVersion, String uid, String name, AdmissionAttributes attributes) {
}
