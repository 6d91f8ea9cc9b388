package dev.vaultserver.admission.core.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vaultserver.admission.core.Fixtures;
import dev.vaultserver.admission.core.admission.AdmissionAttributes;
import dev.vaultserver.admission.core.admission.AdmissionDecision;
import dev.vaultserver.admission.core.model.VaultServer;
import dev.vaultserver.admission.core.model.VaultServerVersion;
import io.fabric8.zjsonpatch.JsonPatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static dev.vaultserver.admission.core.Fixtures.json;
import static dev.vaultserver.admission.core.JsonAssert.assertJsonEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VaultServerDefaulterTest {

    private static final VaultServerDefaulter DEFAULTER = new VaultServerDefaulter();
    private static final String ALL_DEFAULTS = "{'table': 'vault-dynamodb-backend', 'region': 'us-east-1', 'haEnabled': false,"
            + " 'readCapacity': 5, 'writeCapacity': 5, 'maxParallel': 128}";
    private static final String ADD_ALL_DEFAULTS = "[{'op': 'add', 'path': '/spec/backend/dynamodb/table', 'value': 'vault-dynamodb-backend'},"
            + "{'op': 'add', 'path': '/spec/backend/dynamodb/region', 'value': 'us-east-1'},"
            + "{'op': 'add', 'path': '/spec/backend/dynamodb/haEnabled', 'value': false},"
            + "{'op': 'add', 'path': '/spec/backend/dynamodb/readCapacity', 'value': 5},"
            + "{'op': 'add', 'path': '/spec/backend/dynamodb/writeCapacity', 'value': 5},"
            + "{'op': 'add', 'path': '/spec/backend/dynamodb/maxParallel', 'value': 128}]";

    /** A row: the dynamodb object sent, the patch expected, and the dynamodb object after the patch. */
    record Row(String name, String sent, String patch, String after) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> rows() {
        Row[] rows = {
                new Row("empty: every default is added", "{}",
                        ADD_ALL_DEFAULTS,
                        ALL_DEFAULTS),
                new Row("all set: no patch", "{'table': 't-1', 'region': 'eu-west-1', 'haEnabled': true, 'readCapacity': 7,"
                        + " 'writeCapacity': 9, 'maxParallel': 64}", "[]", null),
                new Row("table absent", "{'region': 'eu-west-1', 'haEnabled': true, 'readCapacity': 7, 'writeCapacity': 9, 'maxParallel': 64}",
                        "[{'op': 'add', 'path': '/spec/backend/dynamodb/table', 'value': 'vault-dynamodb-backend'}]", null),
                new Row("table empty string is replaced", "{'table': '', 'region': 'r', 'haEnabled': true, 'readCapacity': 1, 'writeCapacity': 1, 'maxParallel': 1}",
                        "[{'op': 'replace', 'path': '/spec/backend/dynamodb/table', 'value': 'vault-dynamodb-backend'}]", null),
                new Row("region null is replaced", "{'table': 't', 'region': null, 'haEnabled': true, 'readCapacity': 1, 'writeCapacity': 1, 'maxParallel': 1}",
                        "[{'op': 'replace', 'path': '/spec/backend/dynamodb/region', 'value': 'us-east-1'}]", null),
                new Row("haEnabled absent", "{'table': 't', 'region': 'r', 'readCapacity': 1, 'writeCapacity': 1, 'maxParallel': 1}",
                        "[{'op': 'add', 'path': '/spec/backend/dynamodb/haEnabled', 'value': false}]", null),
                new Row("haEnabled null", "{'table': 't', 'region': 'r', 'haEnabled': null, 'readCapacity': 1, 'writeCapacity': 1, 'maxParallel': 1}",
                        "[{'op': 'replace', 'path': '/spec/backend/dynamodb/haEnabled', 'value': false}]", null),
                new Row("capacities 0 are replaced", "{'table': 't', 'region': 'r', 'haEnabled': false, 'readCapacity': 0, 'writeCapacity': 0.0, 'maxParallel': 0}",
                        "[{'op': 'replace', 'path': '/spec/backend/dynamodb/readCapacity', 'value': 5},"
                                + "{'op': 'replace', 'path': '/spec/backend/dynamodb/writeCapacity', 'value': 5},"
                                + "{'op': 'replace', 'path': '/spec/backend/dynamodb/maxParallel', 'value': 128}]", null),
                new Row("invalid values are left for validation", "{'table': 5, 'region': false, 'haEnabled': 'no', 'readCapacity': -5,"
                        + " 'writeCapacity': '0', 'maxParallel': 1.5}", "[]", null),
                new Row("unknown fields survive", "{'readCapcity': 10, 'x-note': {'a': [1]}}",
                        ADD_ALL_DEFAULTS,
                        "{'readCapcity': 10, 'x-note': {'a': [1]}, 'table': 'vault-dynamodb-backend', 'region': 'us-east-1', 'haEnabled': false,"
                                + " 'readCapacity': 5, 'writeCapacity': 5, 'maxParallel': 128}"),
        };
        return Arrays.stream(VaultServerVersion.values()).flatMap(v -> Arrays.stream(rows).map(r -> Arguments.of(v, r)));
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource("rows")
    void writesMissingDefaultsOnly(VaultServerVersion version, Row row) {
        VaultServer sent = Fixtures.withDynamoDb(version, row.sent());
        ArrayNode patch = DEFAULTER.patchFor(sent);
        assertJsonEquals(json(row.patch()), patch);

        JsonNode patched = JsonPatch.apply(patch, sent.object());
        if (row.after() != null) {
            assertJsonEquals(json(row.after()), patched.path("spec").path("backend").path("dynamodb"));
        }
        assertEquals(sent.object().path("metadata"), patched.path("metadata"), "nothing outside dynamodb changes");
        assertEquals(sent.object().path("spec").path("version"), patched.path("spec").path("version"));

        VaultServer again = new VaultServer(patched, version, "demo");
        assertTrue(DEFAULTER.patchFor(again).isEmpty(), "the patched object needs no patch: " + DEFAULTER.patchFor(again));
    }

    @Test
    void answersCreateAndUpdateWithAPatchAndNothingElse() {
        VaultServer empty = Fixtures.withDynamoDb(VaultServerVersion.V1ALPHA2, "{}");
        for (String operation : new String[] {"CREATE", "UPDATE"}) {
            AdmissionDecision decision = DEFAULTER.handle(Fixtures.request(operation, empty));
            assertTrue(decision.allowed());
            assertEquals(6, decision.patch().size());
            assertTrue(decision.warnings().isEmpty());
        }
        for (String operation : new String[] {"DELETE", "CONNECT"}) {
            AdmissionDecision decision = DEFAULTER.handle(Fixtures.request(operation, empty));
            assertTrue(decision.allowed());
            assertNull(decision.patch(), operation);
        }
    }

    @Test
    void leavesOtherObjectsAlone() {
        JsonNode object = Fixtures.withDynamoDb(VaultServerVersion.V1ALPHA2, "{}").object();
        Stream.of(
                new AdmissionAttributes("CREATE", "kubevault.com", "v1alpha2", "VaultServerVersion", "", "demo", object, null, false),
                new AdmissionAttributes("CREATE", "example.com", "v1alpha2", "VaultServer", "", "demo", object, null, false),
                new AdmissionAttributes("UPDATE", "kubevault.com", "v1alpha2", "VaultServer", "status", "demo", object, null, false),
                new AdmissionAttributes("CREATE", "kubevault.com", "v1beta9", "VaultServer", "", "demo", object, null, false)
        ).forEach(request -> {
            AdmissionDecision decision = DEFAULTER.handle(request);
            assertTrue(decision.allowed());
            assertNull(decision.patch(), request.toString());
        });
    }

    @Test
    void noDynamoDbBackendNoPatch() {
        assertTrue(DEFAULTER.patchFor(Fixtures.withSpec(VaultServerVersion.V1ALPHA1, "{'backend': {'raft': {}}}")).isEmpty());
        assertTrue(DEFAULTER.patchFor(Fixtures.withSpec(VaultServerVersion.V1ALPHA1, "{'backend': {'dynamodb': null}}")).isEmpty());
        assertTrue(DEFAULTER.patchFor(Fixtures.withSpec(VaultServerVersion.V1ALPHA1, "{'backend': {'dynamodb': 'x'}}")).isEmpty());
        assertFalse(DEFAULTER.patchFor(Fixtures.withSpec(VaultServerVersion.V1ALPHA1, "{'backend': {'dynamodb': {}, 's3': {}}}")).isEmpty(),
                "two backends are the validator's to refuse; the DynamoDB one is still defaulted");
    }
}
