package dev.vaultserver.admission.http;

import dev.vaultserver.admission.config.MetricNames;
import dev.vaultserver.admission.webhook.AdmissionWebhook;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The review timer {@code vaultserver_admission_reviews}, as a wrapper around answering a review (as
 * controller-runtime instruments its hooks): by endpoint, operation, verdict and AdmissionReview version.
 * One timer per tag set (all tags are bounded), so a review makes no registry lookup.
 */
@ApplicationScoped
public class ReviewMetrics {

    @Inject
    MeterRegistry registry;

    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    /** Answers a review and records how long it took, tagged by what the answer says it was. */
    public AdmissionWebhook.Answer timed(String endpoint, Supplier<AdmissionWebhook.Answer> review) {
        long start = System.nanoTime();
        AdmissionWebhook.Answer answer = review.get();
        record(endpoint, answer, System.nanoTime() - start);
        return answer;
    }

    /** Records an answer made without the handler (e.g. a body over the size limit). */
    public void record(String endpoint, AdmissionWebhook.Answer answer, long nanos) {
        timers.computeIfAbsent(List.of(endpoint, answer.operation(), answer.verdict().tag(), answer.apiVersion()), tags ->
                Timer.builder(MetricNames.REVIEWS)
                        .description("AdmissionReviews answered, by endpoint, operation, verdict and AdmissionReview version")
                        .tags("endpoint", tags.get(0), "operation", tags.get(1), "verdict", tags.get(2), "api_version", tags.get(3))
                        .publishPercentileHistogram()
                        .register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
