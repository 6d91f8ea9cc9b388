package dev.vaultserver.admission.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;

import static dev.vaultserver.admission.core.JsonAssert.assertJsonEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code check} command on the sample folders in {@code src/test/resources/check}. */
class CheckCommandTest {

    static final Path SAMPLES = Path.of("src/test/resources/check");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}: exit {1}")
    @CsvSource({"good, 0", "bad, 1", "missing-secret, 1", "review, 1", "yaml-error, 2"})
    void exitCodes(String folder, int exit) {
        Run run = run("check", "-f", SAMPLES.resolve(folder).toString());
        assertEquals(exit, run.exit(), run.out() + run.err());
    }

    @Test
    void goodManifestsAreAllowedAndDefaulted() throws Exception {
        Run run = run("check", "-f", SAMPLES.resolve("good").toString(), "-o", "json");
        JsonNode report = run.json();
        assertEquals(2, report.path("summary").path("checked").asInt());
        assertEquals(2, report.path("summary").path("allowed").asInt());
        assertEquals(2, report.path("summary").path("skipped").asInt(), "the Namespace and the Secret");
        JsonNode vault = result(report, "vault");
        assertTrue(vault.path("allowed").asBoolean());
        assertEquals(128, vault.path("object").path("spec").path("backend").path("dynamodb").path("maxParallel").asInt());
        assertEquals(List.of(), texts(vault.path("causes")));
        JsonNode dev = result(report, "dev");
        assertEquals("good/nested/dev.json", SAMPLES.relativize(Path.of(dev.path("source").path("file").asText())).toString(), "directories are read recursively");
        assertTrue(texts(dev.path("warnings")).stream().anyMatch(w -> w.contains("uses plaintext http://")));
        assertFalse(run.out().contains("CANARY"), "no Secret value in the report");
    }

    @Test
    void theTenantPolicyAndTheCollisionGuardApplyAsInTheCluster() throws Exception {
        Path folder = SAMPLES.resolve("policy-violation");
        Run run = run("check", "-f", folder.resolve("manifests.yaml").toString(), "--policy", folder.resolve("tenant-policy.yaml").toString(),
                "--namespace-labels", "team-b:tenant=true,tier=dev", "-o", "json");
        assertEquals(1, run.exit(), run.err());
        JsonNode report = run.json();

        JsonNode offPolicy = result(report, "off-policy");
        assertEquals(403, offPolicy.path("status").path("code").asInt());
        assertEquals("Forbidden", offPolicy.path("status").path("reason").asText());
        assertEquals(List.of("spec.backend.dynamodb.region", "spec.backend.dynamodb.table", "spec.backend.dynamodb.endpoint",
                        "spec.backend.dynamodb.credentialSecretRef.name"),
                StreamSupport.stream(offPolicy.path("causes").spliterator(), false).map(c -> c.path("field").asText()).toList());
        offPolicy.path("causes").forEach(c -> assertTrue(c.path("message").asText().endsWith("(tenant policy rule \"tenants\")"), c.toString()));

        // Nothing in a set of manifests says which came first: both sides of a shared table are reported.
        JsonNode vault = result(report, "vault");
        assertEquals(List.of("Forbidden: table \"team-a-vault\" in region eu-west-1 at AWS's endpoint is already used by VaultServer team-b/intruder"
                + " (two Vaults on one table overwrite each other's data)"),
                StreamSupport.stream(vault.path("causes").spliterator(), false).map(c -> c.path("message").asText()).toList());
        assertTrue(texts(vault.path("warnings")).contains("spec.backend.dynamodb.readCapacity: Invalid value: 50: must be no more than 10"
                + " (tenant policy rule \"capacity-rollout\", enforcement: warn)"), vault.path("warnings").toString());

        JsonNode intruder = result(report, "intruder");
        assertEquals(403, intruder.path("status").path("code").asInt());
        List<String> causes = StreamSupport.stream(intruder.path("causes").spliterator(), false).map(c -> c.path("field").asText() + ": " + c.path("message").asText()).toList();
        assertTrue(causes.contains("spec.backend.dynamodb.table: Forbidden: table \"team-a-vault\" in region eu-west-1 at AWS's endpoint is already used by"
                + " VaultServer team-a/vault (two Vaults on one table overwrite each other's data)"), causes.toString());
        assertTrue(causes.stream().anyMatch(c -> c.contains("must match team-b-*")), "team-b is a tenant by the command line's labels: " + causes);
        assertFalse(run.out().contains("CANARY"));
    }

    @ParameterizedTest(name = "{0} and {1}")
    @CsvSource({"iso-plain, iso-endpoint, shared-iso, us-iso-east-1", "fips-plain, fips-endpoint, shared-fips, us-east-1"})
    void oneTableSpelledTwoWaysIsOneTableForTheGuard(String plain, String spelledOut, String table, String region) throws Exception {
        Run run = run("check", "-f", SAMPLES.resolve("shared-table-spellings").toString(), "-o", "json");
        assertEquals(1, run.exit(), run.err());
        JsonNode report = run.json();
        assertEquals(List.of("Forbidden: table \"" + table + "\" in region " + region + " at AWS's endpoint is already used by VaultServer team-b/"
                + spelledOut + " (two Vaults on one table overwrite each other's data)"), messages(result(report, plain)));
        assertEquals(List.of("Forbidden: table \"" + table + "\" in region " + region + " at AWS's endpoint is already used by VaultServer team-a/"
                + plain + " (two Vaults on one table overwrite each other's data)"), messages(result(report, spelledOut)));
    }

    @Test
    void aPseudoRegionIsWarnedAndAnEndpointOfAnotherRegionRefused() throws Exception {
        JsonNode report = run("check", "-f", SAMPLES.resolve("shared-table-spellings").toString(), "-o", "json").json();
        JsonNode pseudo = result(report, "gov-pseudo-region");
        assertTrue(pseudo.path("allowed").asBoolean(), pseudo.toString());
        assertTrue(texts(pseudo.path("warnings")).contains("spec.backend.dynamodb.region: \"us-gov-west-1-fips\" is a deprecated pseudo-region:"
                + " Vault's AWS SDK signs for us-gov-west-1 and uses the endpoint https://dynamodb-fips.us-gov-west-1.amazonaws.com;"
                + " write region: us-gov-west-1 and endpoint: https://dynamodb-fips.us-gov-west-1.amazonaws.com instead"), pseudo.toString());
        JsonNode mismatch = result(report, "mismatch");
        assertEquals(422, mismatch.path("status").path("code").asInt());
        assertEquals(List.of("Invalid value: \"https://dynamodb.us-east-1.amazonaws.com\": is AWS's DynamoDB endpoint for region us-east-1, but the"
                + " effective region is eu-west-1 (spec.backend.dynamodb.region): Vault would sign for eu-west-1 and send to us-east-1;"
                + " set the region to us-east-1 or remove the endpoint"), messages(mismatch));
    }

    @Test
    void withoutThePolicyOnlyTheCollisionIsRefused() throws Exception {
        JsonNode report = run("check", "-f", SAMPLES.resolve("policy-violation/manifests.yaml").toString(), "-o", "json").json();
        assertTrue(result(report, "off-policy").path("allowed").asBoolean());
        assertEquals(403, result(report, "intruder").path("status").path("code").asInt());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--namespace-labels|team-a|expected NAMESPACE:KEY=VALUE",
            "--namespace-labels|team-a:tenant|is not KEY=VALUE",
            "--policy|src/test/resources/check/yaml-error/broken.yaml|line 11: not valid YAML",
            "--policy|does-not-exist.yaml|cannot read the policy file"})
    void badPolicyOptionsAreUsageErrors(String option, String value, String message) {
        Run run = run("check", "-f", SAMPLES.resolve("good").toString(), option, value);
        assertEquals(2, run.exit());
        assertTrue(run.err().contains(message), run.err());
    }

    @Test
    void deniedObjectsHaveEveryCauseWithItsField() throws Exception {
        JsonNode report = run("check", "-f", SAMPLES.resolve("bad").toString(), "-o", "json").json();
        JsonNode bad = result(report, "bad");
        assertFalse(bad.path("allowed").asBoolean());
        assertEquals(422, bad.path("status").path("code").asInt());
        assertEquals(List.of("spec.backend.dynamodb.table", "spec.backend.dynamodb.region", "spec.backend.dynamodb.readCapacity"),
                StreamSupport.stream(bad.path("causes").spliterator(), false).map(c -> c.path("field").asText()).toList());
        assertTrue(result(report, "ok-without-credentials").path("allowed").asBoolean());
        JsonNode skipped = report.path("skipped").get(0);
        assertEquals("ConfigMap", skipped.path("kind").asText());
        assertEquals("not a VaultServer", skipped.path("reason").asText());
        assertEquals(20, skipped.path("source").path("line").asInt());
    }

    @Test
    void aDeleteReviewIsJudgedAsTheWebhookJudgesIt() throws Exception {
        Run run = run("check", "-f", "src/test/resources/golden/12-v1-delete-do-not-terminate-v1alpha2/request.json",
                "src/test/resources/golden/14-v1-delete-halt-allowed/request.json", "-o", "json");
        assertEquals(1, run.exit(), run.err());
        JsonNode report = run.json();
        JsonNode refused = report.path("results").get(0);
        assertEquals("DELETE", refused.path("operation").asText());
        assertFalse(refused.path("allowed").asBoolean());
        assertEquals(403, refused.path("status").path("code").asInt());
        assertEquals("spec.terminationPolicy", refused.path("causes").get(0).path("field").asText());
        assertTrue(report.path("results").get(1).path("allowed").asBoolean(), "terminationPolicy Halt: deleted as before");
    }

    @Test
    void secretsOfTheInputAreTheCluster() throws Exception {
        Run run = run("check", "-f", SAMPLES.resolve("missing-secret").toString(), "-o", "json");
        JsonNode report = run.json();
        assertEquals("FieldValueNotFound", result(report, "vault").path("causes").get(0).path("reason").asText());
        String half = result(report, "half").path("causes").get(0).path("message").asText();
        assertTrue(half.contains("Secret \"team-c/half\" has no non-empty secret_key; Vault needs both access_key and secret_key"), half);
        assertFalse(half.contains("(it holds"), "the keys a Secret holds are never named: " + half);
        assertFalse(run.out().contains("CANARY"));
    }

    @Test
    void yamlErrorsNameTheFileAndLine() {
        Run run = run("check", "-f", SAMPLES.resolve("yaml-error").toString());
        assertEquals(2, run.exit());
        assertEquals("error: " + SAMPLES.resolve("yaml-error/broken.yaml") + ":11:40: not valid YAML: expected ',' or ']', but got }"
                + " (while parsing a flow sequence at line 11, column 31)\n", run.err());
        assertEquals("", run.out(), "no half report");
    }

    @Test
    void badUsageIsExit2() {
        assertEquals(2, run("check").exit(), "no -f");
        assertEquals(2, run("check", "-f", "does/not/exist.yaml").exit());
        assertEquals(2, run("check", "-f", SAMPLES.resolve("good").toString(), "-o", "xml").exit());
        assertEquals(2, run("no-such-command").exit());
        assertEquals(0, run("check", "--help").exit());
    }

    @Test
    void admissionReviewsAreAnsweredAsTheWebhookAnswers() throws Exception {
        // The golden answers were made with the Secrets of src/test/resources/secrets: give check the same cluster.
        JsonNode report = run("check", "-f", SAMPLES.resolve("review").toString(), "src/test/resources/secrets", "-o", "json").json();
        for (String golden : List.of("03-v1-create-v1alpha2-many-problems", "02-v1beta1-create-v1alpha2-empty-dynamodb")) {
            String uid = JSON.readTree(Path.of("src/test/resources/golden", golden, "request.json").toFile()).path("request").path("uid").asText();
            JsonNode replayed = StreamSupport.stream(report.path("results").spliterator(), false)
                    .filter(r -> r.path("uid").asText().equals(uid)).findFirst().orElseThrow();
            for (String endpoint : List.of("mutate", "validate")) {
                JsonNode answer = replayed.path("responses").path(endpoint).deepCopy();
                JsonNode patch = answer.path("response").path("patch");
                if (patch.isTextual()) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) answer.path("response")).set("patch",
                            JSON.readTree(Base64.getDecoder().decode(patch.asText())));
                }
                assertJsonEquals(JSON.readTree(Path.of("src/test/resources/golden", golden, endpoint + ".json").toFile()), answer, golden + " " + endpoint);
            }
        }
    }

    @Test
    void jsonAndYamlOutputsAreTheSameDocumentOfTheDocumentedForm() throws Exception {
        JsonNode json = run("check", "-f", SAMPLES.resolve("bad").toString(), "-o", "json").json();
        JsonNode yaml = new YAMLMapper().readTree(run("check", "-f", SAMPLES.resolve("bad").toString(), "-o", "yaml").out());
        assertJsonEquals(json, yaml);
        assertEquals("vaultserver-admission.dev/v1", json.path("apiVersion").asText());
        assertEquals("CheckReport", json.path("kind").asText());
        for (String field : List.of("checked", "allowed", "denied", "skipped")) {
            assertTrue(json.path("summary").path(field).isInt(), field);
        }
        for (JsonNode result : json.path("results")) {
            for (String field : List.of("file", "document", "line")) {
                assertTrue(result.path("source").has(field), field);
            }
            assertTrue(result.path("kind").isTextual() && result.path("apiVersion").isTextual() && result.path("namespace").isTextual()
                    && result.path("name").isTextual() && result.path("allowed").isBoolean() && result.path("causes").isArray()
                    && result.path("warnings").isArray() && result.path("patch").isArray() && result.path("object").isObject(), result.toString());
        }
    }

    @Test
    void textOutputSaysVerdictsCausesAndSummary() {
        Run run = run("check", "-f", SAMPLES.resolve("bad").toString(), "--patch");
        assertTrue(run.out().contains("DENIED  kubevault.com/v1alpha2 team-b/bad  "), run.out());
        assertTrue(run.out().contains("  error:   spec.backend.dynamodb.readCapacity: Invalid value: -5: must be at least 1"), run.out());
        assertTrue(run.out().contains("  patch:\n    add /spec/backend/dynamodb/haEnabled false\n"), run.out());
        assertTrue(run.out().contains("skipped  ConfigMap unrelated"), run.out());
        assertTrue(run.out().endsWith("2 checked: 1 allowed, 1 denied; 1 skipped\n"), run.out());
    }

    private static JsonNode result(JsonNode report, String name) {
        return StreamSupport.stream(report.path("results").spliterator(), false)
                .filter(r -> r.path("name").asText().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no result for " + name));
    }

    private static List<String> messages(JsonNode result) {
        return StreamSupport.stream(result.path("causes").spliterator(), false).map(c -> c.path("message").asText()).toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

}
