package dev.vaultserver.admission.checkaudit.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vaultserver.admission.checkaudit.report.Cause;
import dev.vaultserver.admission.checkaudit.report.ObjectResult;
import dev.vaultserver.admission.checkaudit.report.Report;
import dev.vaultserver.admission.checkaudit.report.Result;
import dev.vaultserver.admission.checkaudit.report.Skipped;
import dev.vaultserver.admission.checkaudit.report.Source;
import dev.vaultserver.admission.checkaudit.report.Status;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text and JUnit writers render a typed report, one denied and one allowed VaultServer, field by field. */
class ReportWritersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Report report() throws Exception {
        Source denied = Source.document("deploy/vault.yaml", 1, 1);
        Source allowed = Source.document("deploy/vault.yaml", 2, 20);
        Result deny = new ObjectResult(denied, "kubevault.com/v1alpha2", "team-a", "vault", false,
                new Status(422, "Invalid", "VaultServer.kubevault.com \"vault\" is invalid: spec.backend.dynamodb.readCapacity: Invalid value: -5"),
                List.of(new Cause("spec.backend.dynamodb.readCapacity", "FieldValueInvalid", "Invalid value: -5: must be at least 1",
                        "dynamodb.capacity", 12)),
                JSON.readTree("[]"), JSON.readTree("{}"),
                List.of(new Result.Warning("dynamodb.ha", "spec.replicas", "3 replicas without haEnabled", 8)));
        Result allow = new ObjectResult(allowed, "kubevault.com/v1alpha2", "team-a", "other", true, null, List.of(),
                JSON.readTree("[{\"op\": \"add\", \"path\": \"/spec/backend/dynamodb/readCapacity\", \"value\": 5}]"),
                JSON.readTree("{\"spec\": {\"backend\": {\"dynamodb\": {\"readCapacity\": 5}}}}"), List.of());
        return Report.of("CheckReport", List.of(deny, allow),
                List.of(new Skipped(Source.document("deploy/vault.yaml", 3, 40), "v1", "ConfigMap", "settings", "not a VaultServer")));
    }

    @Test
    void textShowsVerdictsCausesWarningsTheDefaultedObjectAndTheSummary() throws Exception {
        String text = write(new TextReportWriter(false));
        assertEquals("""
                DENIED  kubevault.com/v1alpha2 team-a/vault  deploy/vault.yaml:1
                  status:  422 Invalid
                  error:   spec.backend.dynamodb.readCapacity: Invalid value: -5: must be at least 1
                  warning: spec.replicas: 3 replicas without haEnabled
                ALLOWED  kubevault.com/v1alpha2 team-a/other  deploy/vault.yaml:20
                  defaulted object:
                    spec:
                      backend:
                        dynamodb:
                          readCapacity: 5
                skipped  ConfigMap settings  deploy/vault.yaml:40  (not a VaultServer)
                2 checked: 1 allowed, 1 denied; 1 skipped
                """, text);
        String withPatch = write(new TextReportWriter(true));
        assertTrue(withPatch.contains("  patch:\n    add /spec/backend/dynamodb/readCapacity 5\n"), withPatch);
        assertTrue(withPatch.contains("  patch:   none\n"), withPatch);
    }

    @Test
    void junitHasOneCasePerObjectAFailurePerDenialWithItsLinesAndTheWarnings() throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(write(new JunitReportWriter()).getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertEquals(List.of("CheckReport", "2", "1", "0"),
                List.of(suite.getAttribute("name"), suite.getAttribute("tests"), suite.getAttribute("failures"), suite.getAttribute("errors")));
        Element denied = (Element) xml.getElementsByTagName("testcase").item(0);
        assertEquals(List.of("deploy/vault.yaml", "VaultServer team-a/vault"), List.of(denied.getAttribute("classname"), denied.getAttribute("name")));
        Element failure = (Element) denied.getElementsByTagName("failure").item(0);
        assertEquals("Invalid", failure.getAttribute("type"));
        assertEquals("spec.backend.dynamodb.readCapacity: Invalid value: -5: must be at least 1 (line 12)", failure.getTextContent());
        assertEquals("warning: spec.replicas: 3 replicas without haEnabled", denied.getElementsByTagName("system-out").item(0).getTextContent());
        Element allowed = (Element) xml.getElementsByTagName("testcase").item(1);
        assertEquals(0, allowed.getElementsByTagName("failure").getLength());
    }

    private static String write(ReportWriter writer) throws Exception {
        StringWriter out = new StringWriter();
        writer.write(report(), new PrintWriter(out));
        return out.toString();
    }
}
