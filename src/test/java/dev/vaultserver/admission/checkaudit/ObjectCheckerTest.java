package dev.vaultserver.admission.checkaudit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.checkaudit.report.Cause;
import dev.vaultserver.admission.checkaudit.report.Result;
import dev.vaultserver.admission.core.AdmissionChain;
import dev.vaultserver.admission.core.defaults.VaultServerDefaulter;
import dev.vaultserver.admission.core.field.FieldError;
import dev.vaultserver.admission.core.finding.Findings;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.rule.ObjectRule;
import dev.vaultserver.admission.core.rule.VaultServerValidator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * ObjectChecker renders what the core decided, as typed values: a cause's or a warning's line and rule come from the
 * finding, whatever its words, for a VaultServer and for a replayed AdmissionReview alike.
 */
class ObjectCheckerTest {

    private static final String MANIFEST = """
            apiVersion: kubevault.com/v1alpha2
            kind: VaultServer
            metadata:
              name: vault
              namespace: demo
            spec:
              replicas: 1
              backend:
                dynamodb:
                  table: vault-data
                  region: us-east-1
            """;

    /** A rule worded as no rule of ours is: messages with colons, a warning with no field first, and one about no field at all. */
    private static final class RewordedRule implements ObjectRule {
        private final String words;

        RewordedRule(String words) {
            this.words = words;
        }

        @Override
        public String id() {
            return "test.reworded";
        }

        @Override
        public void check(VaultServer vaultServer, Findings findings) {
            findings.warning("spec.backend.dynamodb.region", words);
            findings.warning("", "about the whole object: " + words);
            findings.error(FieldError.invalid("spec.backend.dynamodb.table", "vault-data", words));
        }
    }

    @Test
    void rewordedFindingsKeepTheirLinesAndRule() throws Exception {
        for (String words : List.of("plain words", "Note: with: colons", "spec.replicas: a field-like start")) {
            ObjectChecker checker = new ObjectChecker(new AdmissionChain(new VaultServerDefaulter(),
                    new VaultServerValidator(List.of(new RewordedRule(words)))));
            List<ManifestReader.Document> documents = read(MANIFEST);
            Result result = checker.check(documents, "default").results().get(0);
            assertFalse(result.allowed(), words);
            Cause cause = result.causes().get(0);
            assertEquals(List.of("spec.backend.dynamodb.table", "test.reworded", 10), List.of(cause.field(), cause.rule(), cause.line()), words);
            List<Result.Warning> warnings = result.locatedWarnings();
            assertEquals(List.of(new Result.Warning("test.reworded", "spec.backend.dynamodb.region", words, 11),
                    new Result.Warning("test.reworded", "", "about the whole object: " + words, 1)), warnings, words);
            assertEquals(List.of("spec.backend.dynamodb.region: " + words, "about the whole object: " + words), result.warnings());
        }
    }

    @Test
    void aReplayedReviewIsJudgedFromTheDecisionNotFromItsWireAnswer() throws Exception {
        ObjectChecker checker = new ObjectChecker(new AdmissionChain(new VaultServerDefaulter(),
                new VaultServerValidator(List.of(new RewordedRule("Note: with: colons")))));
        ObjectMapper json = new ObjectMapper();
        String object = json.writeValueAsString(new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(MANIFEST));
        String review = """
                {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u-1", "operation": "CREATE",
                 "namespace": "demo", "name": "vault", "kind": {"group": "kubevault.com", "version": "v1alpha2", "kind": "VaultServer"},
                 "object": %s}}""".formatted(object);
        Result result = checker.check(read(review), "default").results().get(0);
        assertEquals("test.reworded", result.causes().get(0).rule());
        assertEquals(List.of("spec.backend.dynamodb.region: Note: with: colons", "about the whole object: Note: with: colons"), result.warnings());
        // The replay's patch is the mutating answer's, the same as the wire's base64 patch decoded.
        String wirePatch = ((dev.vaultserver.admission.checkaudit.report.ReviewResult) result).responses().mutate().path("response").path("patch").asText();
        assertEquals(json.readTree(Base64.getDecoder().decode(wirePatch)).toString(), result.patch().toString());
    }

    private static List<ManifestReader.Document> read(String text) throws Exception {
        Path file = Files.createTempFile("object-checker", ".yaml");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return new ManifestReader().read(List.of(file), new ByteArrayInputStream(new byte[0]));
        } finally {
            Files.delete(file);
        }
    }

}
