package dev.vaultserver.admission.http;

/**
 * The order of what the HTTP edge does with a request before Quarkus REST or Quarkus's own handlers see it, in one
 * place: Vert.x runs route handlers of lower order first.
 */
final class HttpEdge {

    /** Request headers over 16 KiB: 431 ({@link HeaderSizeLimit}), for every path. */
    static final int HEADER_LIMIT = Integer.MIN_VALUE;
    /** Health and metrics answer GET and HEAD only ({@link ManagementMethods}). */
    static final int MANAGEMENT_METHODS = HEADER_LIMIT + 1;
    /**
     * A declared length over 3 MiB is refused and the body deadline's timer set ({@link RequestLimits}); before
     * Quarkus's own upload limit (order -2) so that a refusal carries a Status.
     */
    static final int BODY_LIMITS = -100;

    private HttpEdge() {
    }
}
