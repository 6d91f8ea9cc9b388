package dev.vaultserver.admission.webhook;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The JSON settings for AdmissionReviews, shared by the service and every other reader of reviews. */
public final class ReviewJson {

    private ReviewJson() {
    }

    /**
     * A mapper that reads floating-point numbers as exact decimals, so that {@code 1e400} or {@code 5.0}
     * are judged by their value and never turned into Infinity. Jackson's default read limits (nesting
     * depth 1000, number and string lengths) stay on: a hostile document is refused, not a crash.
     */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    }
}
