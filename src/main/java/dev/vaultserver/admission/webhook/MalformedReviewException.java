package dev.vaultserver.admission.webhook;

/** The request body is not an AdmissionReview this webhook can answer: HTTP 400 with this message. */
public class MalformedReviewException extends Exception {

    public MalformedReviewException(String message) {
        super(message);
    }
}
