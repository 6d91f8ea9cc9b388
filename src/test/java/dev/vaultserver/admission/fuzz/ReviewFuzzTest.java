package dev.vaultserver.admission.fuzz;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vaultserver.admission.core.StandardRules;
import dev.vaultserver.admission.core.admission.AdmissionHandler;
import dev.vaultserver.admission.core.defaults.VaultServerDefaulter;
import dev.vaultserver.admission.core.lookup.ClusterView;
import dev.vaultserver.admission.core.lookup.VaultServerIndex;
import dev.vaultserver.admission.core.model.EffectiveBackend;
import dev.vaultserver.admission.core.policy.PolicyReader;
import dev.vaultserver.admission.core.policy.PolicySource;
import dev.vaultserver.admission.local.DirectorySecretLookup;
import dev.vaultserver.admission.webhook.AdmissionWebhook;
import dev.vaultserver.admission.webhook.ReviewJson;
import io.fabric8.zjsonpatch.JsonPatch;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sends generated and mutated AdmissionReviews through both handlers, as the REST resource does (bytes
 * in, answer out): no exception escapes, and every answer is either a valid AdmissionReview (the
 * request's uid, a boolean verdict, a denial with a code and a message, a patch that applies to the
 * object) or a 4xx Kubernetes Status with a message. The seeds are the golden requests and the
 * examples; each try mutates one with a few structural edits (a node replaced by a value of any type,
 * including huge, deep and control-character ones, or removed) and sometimes a byte-level edit.
 * The validator runs with every rule, a tenant policy and a collision index, so every path is reached.
 * <p>
 * The normal run tries 2,000 reviews (the pom's {@code fuzz.tries}, passed on as {@code jqwik.tries.default});
 * the full one: {@code ./mvnw test -Dtest=ReviewFuzzTest -Dfuzz.tries=100000}.
 */
class ReviewFuzzTest {

    private static final ObjectMapper JSON = ReviewJson.newMapper();
    private static final AdmissionWebhook WEBHOOK = new AdmissionWebhook(JSON);
    private static final AdmissionHandler MUTATE = new VaultServerDefaulter();
    private static final AdmissionHandler VALIDATE = StandardRules.validator(
            new ClusterView(new DirectorySecretLookup(Path.of("src/test/resources/secrets")),
                    ns -> Optional.of(Map.of("tenant", "true")),
                    location -> location.equals(new EffectiveBackend.Location("", "us-east-1", "vault-dynamodb-backend"))
                            ? List.of(new VaultServerIndex.Ref("other", "vault")) : List.of()),
            policy());
    private static final List<JsonNode> SEEDS = seeds();

    private static PolicySource policy() {
        try {
            return PolicySource.fixed(PolicyReader.read("fuzz", """
                    rules:
                    - {name: deny, allowedRegions: [eu-west-1], tableNamePattern: "{namespace}-*", endpoint: {allowed: [localhost:8000]},
                       maxReadCapacity: 10, requireCredentials: true, requireHighAvailability: true}
                    - {name: warn, enforcement: warn, maxParallel: 4, endpoint: {forbidden: true}}
                    """));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> seeds() {
        List<JsonNode> seeds = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src/test/resources/golden")), Files.list(Path.of("examples")))) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("request.json") || f.startsWith("examples")).sorted().toList()) {
                seeds.add(JSON.readTree(file.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return seeds;
    }

    /** Thousands of denials would each log a line: kept quiet while the property runs, then restored. */
    private static final java.util.logging.Logger DENIALS = java.util.logging.Logger.getLogger(AdmissionWebhook.class.getName());
    private static java.util.logging.Level before;

    @BeforeContainer
    static void quiet() {
        before = DENIALS.getLevel();
        DENIALS.setLevel(java.util.logging.Level.WARNING);
    }

    @AfterContainer
    static void restore() {
        DENIALS.setLevel(before);
    }

    @Property
    void everyReviewGetsAValidAnswer(@ForAll("reviews") byte[] body) throws Exception {
        for (AdmissionHandler handler : List.of(MUTATE, VALIDATE)) {
            AdmissionWebhook.Answer answer = WEBHOOK.serve(body, handler);
            if (answer.httpStatus() == 200) {
                assertValidReview(JSON.readTree(body), answer.body());
            } else {
                assertTrue(answer.httpStatus() >= 400 && answer.httpStatus() < 500, "a 4xx: " + answer);
                assertEquals("Status", answer.body().path("kind").asText());
                assertFalse(answer.body().path("message").asText().isBlank(), "a message: " + answer.body());
            }
        }
    }

    private static void assertValidReview(JsonNode request, JsonNode answer) throws IOException {
        assertEquals("AdmissionReview", answer.path("kind").asText());
        assertEquals(request.path("apiVersion").asText(), answer.path("apiVersion").asText());
        JsonNode response = answer.path("response");
        assertEquals(request.path("request").path("uid").asText(), response.path("uid").asText());
        assertTrue(response.path("allowed").isBoolean(), answer.toString());
        if (!response.path("allowed").asBoolean()) {
            assertTrue(response.path("status").path("code").isInt(), answer.toString());
            assertFalse(response.path("status").path("message").asText().isBlank(), answer.toString());
        }
        if (response.has("patch")) {
            JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
            assertTrue(patch.isArray(), answer.toString());
            JsonPatch.apply(patch, request.path("request").path("object")); // throws if it does not apply
        }
    }

    @Provide
    Arbitrary<byte[]> reviews() {
        Arbitrary<JsonNode> seed = Arbitraries.of(SEEDS);
        Arbitrary<List<Edit>> edits = edit().list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<Integer> byteEdit = Arbitraries.integers().between(0, 20); // 0..2: a byte-level edit
        Arbitrary<Long> position = Arbitraries.longs().greaterOrEqual(0);
        return Combinators.combine(seed, edits, byteEdit, position).as((s, es, b, pos) -> {
            JsonNode review = s.deepCopy();
            for (Edit e : es) {
                review = e.apply(review);
            }
            byte[] bytes = review.toString().getBytes(StandardCharsets.UTF_8);
            return switch (b) {
                case 0 -> java.util.Arrays.copyOf(bytes, (int) (pos % (bytes.length + 1))); // truncated
                case 1 -> {
                    bytes[(int) (pos % bytes.length)] ^= (byte) (1 + pos % 255); // one byte changed
                    yield bytes;
                }
                case 2 -> ("{\"a\":" + "[".repeat((int) (pos % 3000)) + "]").getBytes(StandardCharsets.UTF_8); // deep nesting
                default -> bytes;
            };
        });
    }

    /** One structural edit: at the n-th node of the tree (in document order), put a value or remove it. */
    record Edit(int node, JsonNode value) {
        JsonNode apply(JsonNode root) {
            List<JsonPointer> pointers = new ArrayList<>();
            collect(root, JsonPointer.empty(), pointers);
            JsonPointer at = pointers.get(Math.floorMod(node, pointers.size()));
            if (at.matches()) {
                return value == null ? root : value;
            }
            JsonNode parent = root.at(at.head());
            String last = at.last().getMatchingProperty();
            if (parent instanceof ObjectNode object) {
                if (value == null) {
                    object.remove(last);
                } else {
                    object.set(last, value);
                }
            } else if (parent instanceof ArrayNode array) {
                int index = at.last().getMatchingIndex();
                if (value == null) {
                    array.remove(index);
                } else {
                    array.set(index, value);
                }
            }
            return root;
        }

        private static void collect(JsonNode node, JsonPointer at, List<JsonPointer> out) {
            out.add(at);
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    collect(e.getValue(), at.appendProperty(e.getKey()), out);
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    collect(node.get(i), at.appendIndex(i), out);
                }
            }
        }
    }

    private static Arbitrary<Edit> edit() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Arbitrary<JsonNode> values = Arbitraries.oneOf(
                Arbitraries.just(f.nullNode()),
                Arbitraries.just(null).map(x -> (JsonNode) null), // remove the node
                Arbitraries.strings().ofMaxLength(40).map(f::textNode),
                Arbitraries.strings().withChars("\"\\\n\u0000\u202e{}$%ö").ofMaxLength(10).map(f::textNode),
                Arbitraries.of("", "CREATE", "UPDATE", "DELETE", "v1alpha1", "v1alpha2", "v1", "kubevault.com", "VaultServer", "dynamodb",
                        "admission.k8s.io/v1", "admission.k8s.io/v1beta1", "eu-west-1", "http://localhost:8000", "aws", "AWS_REGION").map(f::textNode),
                Arbitraries.longs().map(f::numberNode),
                Arbitraries.of(0L, -1L, 1L, 5L, 40_001L, Long.MAX_VALUE).map(f::numberNode),
                Arbitraries.doubles().map(f::numberNode),
                Arbitraries.just(f.numberNode(new java.math.BigInteger("1" + "0".repeat(40)))),
                Arbitraries.of(true, false).map(f::booleanNode),
                Arbitraries.just(f.textNode("x".repeat(100_000))),
                Arbitraries.just((JsonNode) f.arrayNode().add(1).add("a")),
                Arbitraries.just((JsonNode) f.objectNode()),
                Arbitraries.just((JsonNode) f.objectNode().set("dynamodb", f.objectNode().put("table", "t"))),
                Arbitraries.just((JsonNode) f.arrayNode().add(f.objectNode().put("name", "AWS_DYNAMODB_TABLE").put("value", "x"))));
        return Combinators.combine(Arbitraries.integers().greaterOrEqual(0), values).as((n, v) -> new Edit(n, v == null ? null : v.deepCopy()));
    }
}
