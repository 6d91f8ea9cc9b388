package dev.vaultserver.admission.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vaultserver.admission.core.StandardRules;
import dev.vaultserver.admission.core.admission.AdmissionHandler;
import dev.vaultserver.admission.core.defaults.VaultServerDefaulter;
import dev.vaultserver.admission.core.lookup.ClusterView;
import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.policy.PolicyReader;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.checkaudit.ManifestReader;
import dev.vaultserver.admission.checkaudit.ObjectChecker;
import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.local.DirectorySecretLookup;
import dev.vaultserver.admission.webhook.AdmissionWebhook;
import dev.vaultserver.admission.webhook.ReviewJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every string of every seed review grown to 1 MB (dots, control characters and quotes in it), every list to 100,000
 * entries, one at a time, through both handlers as the transport calls them (bytes in), and the object through
 * {@code check}: nothing throws, every review is answered (a 200 AdmissionReview or a 4xx Status, never a 5xx), and the
 * answers and log lines stay small. Prints how many inputs, and the largest answer and log line.
 */
class GrowthFuzzTest {

    static final int HUGE_STRING = 1 << 20;
    static final int HUGE_LIST = 100_000;
    /** Far above any real answer (a few KiB), far below what an echo of a megabyte would make. */
    static final int MAX_ANSWER = 64 * 1024;
    static final int MAX_LOG_LINE = 16 * 1024;

    private static final ObjectMapper JSON = ReviewJson.newMapper();
    private static final AdmissionWebhook WEBHOOK = new AdmissionWebhook(JSON);
    private static final AdmissionHandler MUTATE = new VaultServerDefaulter();
    private static final ClusterView CLUSTER = new ClusterView(new DirectorySecretLookup(Path.of("src/test/resources/secrets")),
            ns -> Optional.of(Map.of("tenant", "true")),
            location -> location.equals(new EffectiveBackend.Location("", "us-east-1", "vault-dynamodb-backend"))
                    ? List.of(new VaultServerIndex.Ref("other", "vault")) : List.of());
    private static final PolicySource POLICY = policy();
    private static final AdmissionHandler VALIDATE = StandardRules.validator(CLUSTER, POLICY);

    private static final AtomicInteger longestLogLine = new AtomicInteger();
    private static final Handler MEASURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String line = record.getParameters() == null ? record.getMessage() : String.format(record.getMessage().replace("%d", "%s"),
                    record.getParameters());
            longestLogLine.accumulateAndGet(line.length(), Math::max);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static final java.util.logging.Logger WEBHOOK_LOG = java.util.logging.Logger.getLogger(AdmissionWebhook.class.getName());

    @BeforeAll
    static void measureLogLines() {
        WEBHOOK_LOG.addHandler(MEASURE);
        WEBHOOK_LOG.setUseParentHandlers(false);
    }

    @AfterAll
    static void restore() {
        WEBHOOK_LOG.removeHandler(MEASURE);
        WEBHOOK_LOG.setUseParentHandlers(true);
    }

    private static PolicySource policy() {
        try {
            return PolicySource.fixed(PolicyReader.read("fuzz", """
                    rules:
                    - {name: deny, allowedRegions: [eu-west-1], tableNamePattern: "{namespace}.*", endpoint: {allowed: [localhost:8000]},
                       maxReadCapacity: 10, requireCredentials: true, requireHighAvailability: true, allowEnvOverrides: false}
                    - {name: warn, enforcement: warn, maxParallel: 4, endpoint: {forbidden: true}}
                    """));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyStringGrownToAMegabyteAndEveryListToAHundredThousandIsAnsweredSmall() throws Exception {
        int inputs = 0;
        int largestAnswer = 0;
        List<String> failures = new ArrayList<>();
        for (JsonNode seed : seeds()) {
            List<String> strings = new ArrayList<>();
            List<String> lists = new ArrayList<>();
            collect(seed, "", strings, lists);
            for (String path : strings) {
                inputs++;
                largestAnswer = Math.max(largestAnswer, check(grown(seed, path, true), path, failures));
            }
            for (String path : lists) {
                inputs++;
                largestAnswer = Math.max(largestAnswer, check(grown(seed, path, false), path, failures));
            }
        }
        System.out.printf("growth fuzz: %d inputs (each string to %d characters, each list to %d entries), %d failures,"
                + " largest answer %d bytes, longest log line %d characters%n", inputs, HUGE_STRING, HUGE_LIST, failures.size(), largestAnswer,
                longestLogLine.get());
        assertEquals(List.of(), failures);
        assertTrue(inputs > 300, "every seed's strings and lists: " + inputs);
        assertTrue(longestLogLine.get() <= MAX_LOG_LINE, "longest log line " + longestLogLine.get());
    }

    /** Both handlers on the bytes, and check on the object; returns the largest answer, adds what went wrong. */
    private static int check(JsonNode review, String path, List<String> failures) throws IOException {
        byte[] body = JSON.writeValueAsBytes(review);
        int largest = 0;
        for (AdmissionHandler handler : List.of(MUTATE, VALIDATE)) {
            AdmissionWebhook.Answer answer;
            try {
                answer = WEBHOOK.serve(body, handler);
            } catch (Throwable e) {
                failures.add(path + ": " + handler.getClass().getSimpleName() + " threw " + e);
                continue;
            }
            byte[] written = JSON.writeValueAsBytes(answer.body());
            largest = Math.max(largest, written.length);
            if (answer.httpStatus() != 200 && (answer.httpStatus() < 400 || answer.httpStatus() >= 500)) {
                failures.add(path + ": HTTP " + answer.httpStatus());
            }
            if (written.length > MAX_ANSWER) {
                failures.add(path + ": an answer of " + written.length + " bytes from " + handler.getClass().getSimpleName());
            }
        }
        JsonNode object = review.path("request").path("object");
        if (object.isObject() && "VaultServer".equals(object.path("kind").asText())) {
            try {
                Report report = new ObjectChecker(CLUSTER, POLICY).check(List.of(new ManifestReader.Document(Path.of("grown.json"), 1, 1, object, Map.of()),
                        new ManifestReader.Document(Path.of("grown.json"), 2, 1, review, Map.of())), "demo");
                // check prints the object and both raw answers by design; the rest of its report stays small.
                int size = JSON.writeValueAsBytes(report.results().stream().map(r -> ((ObjectNode) JSON.valueToTree(r))
                        .without(List.of("object", "responses"))).toList()).length;
                largest = Math.max(largest, size);
                if (size > MAX_ANSWER) {
                    failures.add(path + ": check's report of " + size + " bytes");
                }
            } catch (Throwable e) {
                failures.add(path + ": check threw " + e);
            }
        }
        return largest;
    }

    private static void collect(JsonNode node, String path, List<String> strings, List<String> lists) {
        if (node.isTextual()) {
            strings.add(path);
        } else if (node.isArray()) {
            lists.add(path);
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "/" + i, strings, lists);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> collect(e.getValue(), path + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), strings, lists));
        }
    }

    /** The seed with the string at the path grown to a megabyte, or the list at the path to a hundred thousand entries. */
    private static JsonNode grown(JsonNode seed, String pointer, boolean string) {
        JsonNode copy = seed.deepCopy();
        int slash = pointer.lastIndexOf('/');
        ContainerNode<?> parent = (ContainerNode<?>) copy.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        JsonNode replacement;
        if (string) {
            String original = copy.at(pointer).asText();
            StringBuilder huge = new StringBuilder(HUGE_STRING).append(original);
            while (huge.length() < HUGE_STRING) {
                huge.append("a.b-c_\"\\\n\t\u0001é").append(original);
            }
            replacement = TextNode.valueOf(huge.substring(0, HUGE_STRING));
        } else {
            ArrayNode list = JSON.createArrayNode();
            JsonNode first = copy.at(pointer).size() > 0 ? copy.at(pointer).get(0) : TextNode.valueOf("x");
            for (int i = 0; i < HUGE_LIST; i++) {
                list.add(first.deepCopy());
            }
            replacement = list;
        }
        if (parent instanceof ObjectNode object) {
            object.set(last, replacement);
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(last), replacement);
        }
        return copy;
    }

    private static List<JsonNode> seeds() throws IOException {
        List<JsonNode> seeds = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src/test/resources/golden")), Files.list(Path.of("examples")))) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("request.json") || f.startsWith("examples")).sorted().toList()) {
                seeds.add(JSON.readTree(file.toFile()));
            }
        }
        return seeds;
    }
}
