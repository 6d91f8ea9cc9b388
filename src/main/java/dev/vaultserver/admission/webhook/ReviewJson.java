package dev.vaultserver.admission.webhook;

import com.fasterxml.jackson.core.StreamReadConstraints;
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
        return configure(JsonMapper.builder().build());
    }

    /**
     * The same settings on a mapper made elsewhere (the service's, which Quarkus makes and its customizers configure): exact
     * decimals, and the read limits set on the factory that builds every parser.
     */
    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.getFactory().setStreamReadConstraints(READ_LIMITS);
        return mapper;
    }

    /** Jackson's own defaults, named: nesting 1,000 deep, numbers of 1,000 digits, strings of 20 million characters. */
    static final StreamReadConstraints READ_LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(1000).maxNumberLength(1000).maxStringLength(20_000_000).build();
}
