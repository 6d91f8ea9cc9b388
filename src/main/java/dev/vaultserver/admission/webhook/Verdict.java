package dev.vaultserver.admission.webhook;

import java.util.Locale;

/** What an answer to a review said, as the review timer's {@code verdict} tag counts it. */
public enum Verdict {
    /** Allowed without a patch. */
    ALLOWED,
    /** Allowed with a patch (the mutating webhook wrote defaults). */
    PATCHED,
    /** Denied: the object is wrong (4xx in the AdmissionReview's status). */
    DENIED,
    /** Denied with a 5xx: a lookup failed, so the object is not known to be wrong and the client may retry. */
    FAILED,
    /** Not an AdmissionReview: HTTP 400 with a Status. */
    BAD_REQUEST,
    /** A body over the size limit: HTTP 413 with a Status. */
    TOO_LARGE;

    private final String tag = name().toLowerCase(Locale.ROOT);

    /** The metric tag: {@code allowed}, {@code patched}, {@code denied}, {@code failed}, {@code bad_request}, {@code too_large}. */
    public String tag() {
        return tag;
    }
}
