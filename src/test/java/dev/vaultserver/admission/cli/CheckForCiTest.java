package dev.vaultserver.admission.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code check} the way CI pipelines use it: standard input, JUnit and GitHub formats, parser errors, reports on exit 2. */
class CheckForCiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = CheckCommandTest.SAMPLES;

    /** Two documents, as {@code helm template} prints them: one allowed, one denied on line 16. */
    static final String MANIFESTS = """
            apiVersion: kubevault.com/v1alpha2
            kind: VaultServer
            metadata: {name: fine, namespace: team-a}
            spec:
              backend:
                dynamodb: {table: team-a-vault, region: eu-west-1}
            ---
            # Source: chart/templates/vault.yaml
            apiVersion: kubevault.com/v1alpha2
            kind: VaultServer
            metadata:
              name: broken
              namespace: team-a
            spec:
              backend:
                dynamodb:
                  table: team-a-other
                  readCapacity: -5
            """;

    record Run(int exit, String out, String err) {
    }

    static Run check(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Document xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void dashReadsStandardInputMixedWithFiles() throws Exception {
        Run run = check(MANIFESTS, "check", "-f", "-", SAMPLES.resolve("good").toString(), "-o", "json");
        assertEquals(1, run.exit(), run.err());
        JsonNode report = JSON.readTree(run.out());
        JsonNode first = report.path("results").get(0);
        assertEquals("-", first.path("source").path("file").asText());
        assertEquals(1, first.path("source").path("line").asInt());
        JsonNode broken = report.path("results").get(1);
        assertEquals("broken", broken.path("name").asText());
        assertEquals(9, broken.path("source").path("line").asInt(), "the second document starts after the comment");
        assertEquals(2, broken.path("source").path("document").asInt());
        assertTrue(report.path("summary").path("checked").asInt() > 2, "and the files' objects too: " + report.path("summary"));
    }

    @Test
    void jsonOnStandardInputIsReadAsJson() throws Exception {
        String json = "{\"apiVersion\": \"kubevault.com/v1alpha2\", \"kind\": \"VaultServer\", \"metadata\": {\"name\": \"j\", \"namespace\": \"x\"},\n"
                + " \"spec\": {\"backend\": {\"dynamodb\": {\"readCapacity\": 0.5}}}}";
        Run run = check(json, "check", "-f", "-", "-o", "json");
        assertEquals(1, run.exit(), run.err());
        JsonNode cause = JSON.readTree(run.out()).path("results").get(0).path("causes").get(0);
        assertEquals("spec.backend.dynamodb.readCapacity", cause.path("field").asText());
    }

    @Test
    void junitHasOneTestCasePerObjectAndAFailurePerDenial() throws Exception {
        Run run = check(MANIFESTS, "check", "-f", "-", "-o", "junit");
        assertEquals(1, run.exit(), run.err());
        Document xml = xml(run.out());
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertEquals("2", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        NodeList cases = xml.getElementsByTagName("testcase");
        assertEquals(2, cases.getLength());
        assertEquals("VaultServer team-a/fine", ((Element) cases.item(0)).getAttribute("name"));
        assertEquals(0, ((Element) cases.item(0)).getElementsByTagName("failure").getLength());
        Element failure = (Element) ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        assertEquals("Invalid", failure.getAttribute("type"));
        assertTrue(failure.getAttribute("message").startsWith("VaultServer.kubevault.com \"broken\" is invalid"), failure.getAttribute("message"));
        assertEquals("spec.backend.dynamodb.readCapacity: Invalid value: -5: must be at least 1 (0 or unset means the default, 5) (line 18)",
                failure.getTextContent());
    }

    @Test
    void githubAnnotatesTheLineOfEachCauseAndWarning(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vault.yaml");
        Files.writeString(file, MANIFESTS);
        Run run = check("", "check", "-f", file.toString(), "-o", "github");
        assertEquals(1, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.contains("::error file=" + file + ",line=18,title=VaultServer team-a/broken would be denied (422 Invalid) [dynamodb.capacity]"
                + "::spec.backend.dynamodb.readCapacity: Invalid value: -5: must be at least 1 (0 or unset means the default, 5)"), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("::warning file=" + file + ",line=6,title=VaultServer team-a/fine [credentials.secret]::spec.backend.dynamodb: no AWS credentials")),
                run.out());
        assertEquals("CheckReport: 2 checked, 1 allowed, 1 denied, 0 skipped", lines.get(lines.size() - 1));
    }

    @Test
    void aTabSaysSoWithItsLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tab.yaml");
        Files.writeString(file, "apiVersion: kubevault.com/v1alpha2\nkind: VaultServer\nmetadata:\n  name: x\nspec:\n\tbackend: {}\n");
        Run run = check("", "check", "-f", file.toString());
        assertEquals(2, run.exit());
        assertEquals("error: " + file + ":6:1: not valid YAML: found a tab that cannot start any token: YAML is indented with spaces, never tabs"
                + " (while scanning for the next token)\n", run.err());
        assertEquals("", run.out(), "text output writes no half report");
    }

    @Test
    void aJsonMistakeIsReportedByJsonsParser(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"X\",\n  \"spec\": {\"a\": 1,}\n}\n");
        Run run = check("", "check", "-f", file.toString());
        assertEquals(2, run.exit());
        assertEquals("error: " + file + ":4:19: not valid JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start field name\n",
                run.err());
    }

    @ParameterizedTest(name = "-o {0}")
    @ValueSource(strings = {"json", "yaml", "junit", "github"})
    void unreadableInputStillWritesAReportWithTheError(String format) throws Exception {
        Run run = check("kind: [unclosed\n", "check", "-f", "-", "-o", format);
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("error: -:2:1: not valid YAML"), run.err());
        switch (format) {
            case "json", "yaml" -> {
                JsonNode report = (format.equals("json") ? JSON : new YAMLMapper()).readTree(run.out());
                assertEquals("CheckReport", report.path("kind").asText());
                assertEquals(0, report.path("summary").path("checked").asInt());
                assertEquals("-", report.path("error").path("file").asText());
                assertEquals(2, report.path("error").path("line").asInt());
                assertTrue(report.path("error").path("message").asText().startsWith("not valid YAML"), report.toString());
            }
            case "junit" -> {
                Document xml = xml(run.out());
                assertEquals(1, xml.getElementsByTagName("error").getLength(), run.out());
                assertEquals("1", ((Element) xml.getElementsByTagName("testsuite").item(0)).getAttribute("errors"));
            }
            default -> assertTrue(run.out().startsWith("::error title=input could not be read::not valid YAML"), run.out());
        }
    }

    @Test
    void aReplayedReviewPrintsLikeAnObject() {
        Run run = check("", "check", "-f", SAMPLES.resolve("review/v1beta1-review.json").toString());
        assertEquals(1, run.exit(), run.err());
        String out = run.out();
        assertTrue(out.startsWith("DENIED  AdmissionReview "), out);
        assertTrue(out.contains("  status:  422 Invalid\n"), out);
        assertTrue(out.contains("  error:   spec.backend.dynamodb.credentialSecretRef.name: Not found: \"aws-base64\""), out);
        assertTrue(out.contains("  patch:\n    add /spec/backend/dynamodb/table \"vault-dynamodb-backend\"\n"), "the decoded patch: " + out);
        assertTrue(out.lines().count() < 25, "compact, not the raw responses: " + out);
    }

    @Test
    void theReadmesCheckExampleGivesTheVerdictsItPromises() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String command = "java -jar target/quarkus-app/quarkus-run.jar check -f examples local-secrets";
        assertTrue(readme.contains(command), "the README shows: " + command);
        Run run = check("", "check", "-f", "examples", "local-secrets", "-o", "json");
        assertEquals(1, run.exit(), run.err());
        JsonNode report = JSON.readTree(run.out());
        for (JsonNode result : report.path("results")) {
            String file = Path.of(result.path("source").path("file").asText()).getFileName().toString();
            boolean allowed = result.path("allowed").asBoolean();
            switch (file) {
                case "create-v1alpha1.json" -> assertTrue(allowed, "README: allowed: " + result);
                case "create-invalid-v1alpha2.json" -> assertTrue(!allowed, "README: denied: " + result);
                default -> throw new AssertionError("an example the README does not describe: " + file);
            }
            assertTrue(readme.contains((allowed ? "ALLOWED" : "DENIED") + "  AdmissionReview " + result.path("uid").asText()), "the README shows the verdict of " + file);
        }
        assertEquals(2, report.path("summary").path("checked").asInt());
    }
}
