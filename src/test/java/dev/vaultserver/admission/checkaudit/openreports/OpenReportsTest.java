package dev.vaultserver.admission.checkaudit.openreports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vaultserver.admission.checkaudit.report.Cause;
import dev.vaultserver.admission.checkaudit.report.ObjectResult;
import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.checkaudit.report.Result;
import dev.vaultserver.admission.checkaudit.report.Source;
import dev.vaultserver.admission.checkaudit.report.Status;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An audit as OpenReports: a Report per namespace with VaultServers, a result per VaultServer and rule, capped. */
class OpenReportsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static ObjectResult vaultServer(String namespace, String name, List<Cause> causes, List<Result.Warning> warnings) {
        ObjectNode object = JSON.createObjectNode();
        object.putObject("metadata").put("name", name).put("namespace", namespace).put("uid", "uid-" + name);
        boolean allowed = causes.isEmpty();
        return new ObjectResult(Source.cluster("https://127.0.0.1:6443", namespace + "/" + name), "kubevault.com/v1alpha2", namespace, name,
                allowed, allowed ? null : new Status(422, "Invalid", "invalid"), causes, JSON.createArrayNode(), object, warnings);
    }

    private static Cause cause(String rule, String field, String message) {
        return new Cause(field, "FieldValueInvalid", message, rule, null);
    }

    private static Result.Warning warning(String rule, String field, String message) {
        return new Result.Warning(rule, field, message, null);
    }

    private static List<String> column(JsonNode report, String field) {
        return StreamSupport.stream(report.path("results").spliterator(), false).map(r -> r.path(field).asText()).toList();
    }

    @Test
    void aReportPerNamespaceWithAFailOrWarnPerRuleAndAPassPerCleanVaultServer() {
        Report audit = Report.of("AuditReport", List.of(
                vaultServer("team-a", "broken", List.of(
                                cause("dynamodb.table", "spec.backend.dynamodb.table", "Required value"),
                                cause("dynamodb.capacity", "spec.backend.dynamodb.readCapacity", "Invalid value: -5: must be at least 1"),
                                cause("dynamodb.capacity", "spec.backend.dynamodb.writeCapacity", "Invalid value: -1: must be at least 1")),
                        List.of(warning("dynamodb.ha", "spec.replicas", "3 replicas without haEnabled"))),
                vaultServer("team-a", "warned", List.of(), List.of(warning("credentials.secret", "spec.backend.dynamodb", "no AWS credentials Secret"))),
                vaultServer("team-a", "clean", List.of(), List.of()),
                vaultServer("team-b", "fine", List.of(), List.of())), List.of());

        Map<String, ObjectNode> reports = new OpenReports(1000, NOW).build(audit);

        assertEquals(List.of("team-a", "team-b"), List.copyOf(reports.keySet()));
        JsonNode a = reports.get("team-a");
        assertEquals("openreports.io/v1alpha1", a.path("apiVersion").asText());
        assertEquals("Report", a.path("kind").asText());
        assertEquals("vaultserver-admission", a.path("metadata").path("name").asText());
        assertEquals("team-a", a.path("metadata").path("namespace").asText());
        assertEquals("vaultserver-admission", a.path("metadata").path("labels").path("app.kubernetes.io/managed-by").asText());
        assertEquals("vaultserver-admission", a.path("source").asText());
        assertEquals("{\"pass\":1,\"fail\":2,\"warn\":2,\"error\":0,\"skip\":0}", a.path("summary").toString());
        // Failures first, then warnings, then passes; by VaultServer and rule within each.
        assertEquals(List.of("fail", "fail", "warn", "warn", "pass"), column(a, "result"));
        assertEquals(List.of("dynamodb.capacity", "dynamodb.table", "dynamodb.ha", "credentials.secret", "vaultserver-admission"), column(a, "policy"));
        assertEquals(column(a, "policy"), column(a, "rule"));
        assertEquals(List.of("high", "high", "medium", "medium", "info"), column(a, "severity"));
        assertEquals("spec.backend.dynamodb.readCapacity: Invalid value: -5: must be at least 1; "
                + "spec.backend.dynamodb.writeCapacity: Invalid value: -1: must be at least 1", a.path("results").get(0).path("message").asText());
        assertEquals("{\"apiVersion\":\"kubevault.com/v1alpha2\",\"kind\":\"VaultServer\",\"namespace\":\"team-a\",\"name\":\"broken\",\"uid\":\"uid-broken\"}",
                a.path("results").get(0).path("resources").get(0).toString());
        assertEquals("clean", a.path("results").get(4).path("resources").get(0).path("name").asText());
        assertEquals(NOW.getEpochSecond(), a.path("results").get(0).path("timestamp").path("seconds").asLong());
        assertEquals(List.of("pass"), column(reports.get("team-b"), "result"));
        assertFalse(a.path("metadata").has("annotations"), "nothing left out");
    }

    @Test
    void aRuleThatBothRefusesAndWarnsIsOneFailWithBothMessages() {
        Report audit = Report.of("AuditReport", List.of(vaultServer("ns", "vs",
                List.of(cause("policy.prod", "spec.backend.dynamodb.region", "region us-east-2 is not allowed")),
                List.of(warning("policy.prod", "spec.backend.dynamodb.table", "table name is squattable")))), List.of());
        JsonNode report = new OpenReports(10, NOW).build(audit).get("ns");
        assertEquals(List.of("fail"), column(report, "result"));
        assertEquals("spec.backend.dynamodb.region: region us-east-2 is not allowed; spec.backend.dynamodb.table: table name is squattable",
                report.path("results").get(0).path("message").asText());
    }

    @Test
    void aReportHoldsAtMostTheCapAndItsSummaryCountsAll() {
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(vaultServer("ns", "clean-" + i, List.of(), List.of()));
        }
        for (int i = 0; i < 5; i++) {
            results.add(vaultServer("ns", "broken-" + i, List.of(cause("dynamodb.table", "spec.backend.dynamodb.table", "Required value")), List.of()));
        }
        JsonNode report = new OpenReports(3, NOW).build(Report.of("AuditReport", results, List.of())).get("ns");
        assertEquals(List.of("fail", "fail", "fail"), column(report, "result"), "the failures go first");
        assertEquals(5, report.path("summary").path("fail").asInt());
        assertEquals(4, report.path("summary").path("pass").asInt());
        assertEquals("6", report.path("metadata").path("annotations").path(OpenReports.OMITTED_ANNOTATION).asText());
    }

    @Test
    void aReportStaysUnderTheApiServersObjectSizeWhateverTheCap() {
        JsonNode report = thousandFailuresEchoing("y".repeat(2000));
        assertTrue(report.toString().length() < 1_100_000, "under 1.5 MiB with room: " + report.toString().length());
        int kept = report.path("results").size();
        assertTrue(kept > 500 && kept < 1000, kept + " results kept");
        assertEquals(1000, report.path("summary").path("fail").asInt(), "the summary counts all");
        assertEquals(String.valueOf(1000 - kept), report.path("metadata").path("annotations").path(OpenReports.OMITTED_ANNOTATION).asText());
    }

    @Test
    void theSizeLimitCountsBytesAsEtcdDoesNotCharacters() {
        // A tenant's value echoed in every message, in characters of two UTF-8 bytes: counted as characters, ~900
        // results of ~2 KB would have been kept, a Report of ~1.9 MB that the API server refuses.
        JsonNode report = thousandFailuresEchoing("é".repeat(2000));
        int bytes = report.toString().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 1_100_000, "under 1.5 MiB with room, in bytes: " + bytes);
        assertEquals(1000, report.path("summary").path("fail").asInt(), "the summary counts all");
    }

    /** The Report of 1,000 VaultServers in one namespace, each refused with a message that echoes {@code value}. */
    private static JsonNode thousandFailuresEchoing(String value) {
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            results.add(vaultServer("ns", "vault-" + i, List.of(cause("dynamodb.table", "spec.backend.dynamodb.table", value)), List.of()));
        }
        return new OpenReports(1000, NOW).build(Report.of("AuditReport", results, List.of())).get("ns");
    }

    @Test
    void aLongMessageIsCutAndNoVaultServersMeansNoReport() {
        Report audit = Report.of("AuditReport", List.of(vaultServer("ns", "vs",
                List.of(cause("dynamodb.table", "spec.backend.dynamodb.table", "x".repeat(5000))), List.of())), List.of());
        String message = new OpenReports(10, NOW).build(audit).get("ns").path("results").get(0).path("message").asText();
        assertEquals(OpenReports.MAX_MESSAGE, message.indexOf("...("), message.substring(0, 40));
        assertEquals(Map.of(), new OpenReports(10, NOW).build(Report.of("AuditReport", List.of(), List.of())));
    }

    @Test
    void aCapBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OpenReports(0, NOW));
    }
}
