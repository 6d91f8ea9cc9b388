package dev.vaultserver.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vaultserver.admission.core.StandardRules;
import dev.vaultserver.admission.core.admission.AdmissionHandler;
import dev.vaultserver.admission.core.defaults.VaultServerDefaulter;
import dev.vaultserver.admission.local.DirectorySecretLookup;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static dev.vaultserver.admission.core.JsonAssert.assertJsonEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden files: each folder under {@code src/test/resources/golden} holds an AdmissionReview
 * {@code request.json} and the expected answers {@code mutate.json} and {@code validate.json}, compared
 * structurally. In the expected files the {@code patch} is written decoded (a JSON array), so it can be
 * read; the test decodes the real base64 patch to compare. Secrets come from
 * {@code src/test/resources/secrets}. Run with {@code -Dgolden.update=true} to rewrite the expected
 * files from the current answers (then review the diff).
 */
class GoldenReviewTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON = ReviewJson.newMapper();
    private static final AdmissionWebhook WEBHOOK = new AdmissionWebhook(JSON);
    private static final AdmissionHandler MUTATE = new VaultServerDefaulter();
    private static final AdmissionHandler VALIDATE =
            StandardRules.validator(new DirectorySecretLookup(Path.of("src/test/resources/secrets")));

    @TestFactory
    Stream<DynamicTest> goldenAnswers() throws IOException {
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            cases = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertFalse(cases.isEmpty());
        return cases.stream().flatMap(dir -> Stream.of(
                DynamicTest.dynamicTest(dir.getFileName() + " /mutate", () -> check(dir, "mutate.json", MUTATE)),
                DynamicTest.dynamicTest(dir.getFileName() + " /validate", () -> check(dir, "validate.json", VALIDATE))));
    }

    private static void check(Path dir, String expectedFile, AdmissionHandler handler) throws IOException {
        byte[] request = Files.readAllBytes(dir.resolve("request.json"));
        AdmissionWebhook.Answer answer = WEBHOOK.serve(request, handler);
        assertEquals(200, answer.httpStatus(), answer.body().toString());
        JsonNode readable = withDecodedPatch(answer.body());
        Path expected = dir.resolve(expectedFile);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(expected, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(readable) + "\n");
        }
        assertTrue(Files.exists(expected), "missing " + expected + " (run with -Dgolden.update=true to write it)");
        assertJsonEquals(JSON.readTree(expected.toFile()), readable, dir.getFileName() + "/" + expectedFile);
        JsonNode sent = JSON.readTree(request);
        assertEquals(sent.path("apiVersion"), answer.body().path("apiVersion"), "answered in the request's version");
        assertEquals(sent.path("request").path("uid"), answer.body().path("response").path("uid"), "with the request's uid");
    }

    /** The answer with {@code response.patch} decoded from base64 to the JSON patch it carries. */
    static JsonNode withDecodedPatch(JsonNode answer) throws IOException {
        JsonNode copy = answer.deepCopy();
        JsonNode patch = copy.path("response").path("patch");
        if (patch.isTextual()) {
            ((ObjectNode) copy.get("response")).set("patch", JSON.readTree(Base64.getDecoder().decode(patch.asText())));
        }
        return copy;
    }
}
